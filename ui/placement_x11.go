//go:build linux && !wayland

package ui

/*
#cgo LDFLAGS: -lX11
#include <stdlib.h>
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>

// Where the window is on the root window, and whether the window manager
// has it maximized (_NET_WM_STATE holds both MAXIMIZED atoms).
static int penyuluh_geometry(Display *d, Window w, int *x, int *y, int *width, int *height, int *maximized) {
	XWindowAttributes a;
	Window child;
	if (!XGetWindowAttributes(d, w, &a)) return 0;
	XTranslateCoordinates(d, w, a.root, 0, 0, x, y, &child);
	*width = a.width;
	*height = a.height;
	*maximized = 0;
	Atom state = XInternAtom(d, "_NET_WM_STATE", True);
	Atom vert = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_VERT", True);
	Atom horz = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_HORZ", True);
	if (state == None || vert == None || horz == None) return 1;
	Atom type;
	int format;
	unsigned long n, after;
	unsigned char *data = NULL;
	if (XGetWindowProperty(d, w, state, 0, 64, False, XA_ATOM, &type, &format, &n, &after, &data) == Success && data) {
		Atom *atoms = (Atom *)data;
		int v = 0, h = 0;
		for (unsigned long i = 0; i < n; i++) {
			v |= atoms[i] == vert;
			h |= atoms[i] == horz;
		}
		*maximized = v && h;
		XFree(data);
	}
	return 1;
}

// Asks the window manager to maximize the window (EWMH), as a double click
// on its title bar would.
static void penyuluh_maximize(Display *d, Window w) {
	XEvent e = {0};
	e.xclient.type = ClientMessage;
	e.xclient.window = w;
	e.xclient.message_type = XInternAtom(d, "_NET_WM_STATE", False);
	e.xclient.format = 32;
	e.xclient.data.l[0] = 1; // _NET_WM_STATE_ADD
	e.xclient.data.l[1] = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_VERT", False);
	e.xclient.data.l[2] = XInternAtom(d, "_NET_WM_STATE_MAXIMIZED_HORZ", False);
	e.xclient.data.l[3] = 1; // a normal application
	XSendEvent(d, DefaultRootWindow(d), False, SubstructureRedirectMask | SubstructureNotifyMask, &e);
	XFlush(d);
}

// Moves and sizes the window. The position is marked as the user's own
// (USPosition), which window managers honour instead of placing the window
// where they like; GLFW's other hints (the minimum size) are kept.
static void penyuluh_place(Display *d, Window w, int x, int y, int width, int height) {
	XSizeHints *h = XAllocSizeHints();
	long supplied = 0;
	if (h) {
		XGetWMNormalHints(d, w, h, &supplied);
		h->flags |= USPosition | USSize;
		h->x = x;
		h->y = y;
		h->width = width;
		h->height = height;
		XSetWMNormalHints(d, w, h);
		XFree(h);
	}
	XMoveResizeWindow(d, w, x, y, width, height);
	XFlush(d);
}
*/
import "C"

import (
	"sync"

	"fyne.io/fyne/v2/driver"
)

// display is a connection of our own to the X server: Fyne's (GLFW's) is
// not reachable from here, and window calls work from any connection.
var display = sync.OnceValue(func() *C.Display { return C.XOpenDisplay(nil) })

type x11Window C.Window

func nativeFor(ctx any) nativeWindow {
	if c, ok := ctx.(driver.X11WindowContext); ok && c.WindowHandle != 0 && display() != nil {
		return x11Window(c.WindowHandle)
	}
	return nil
}

func (w x11Window) placement() (placement, bool) {
	var x, y, width, height, maximized C.int
	if C.penyuluh_geometry(display(), C.Window(w), &x, &y, &width, &height, &maximized) == 0 {
		return placement{}, false
	}
	return placement{X: int(x), Y: int(y), W: int(width), H: int(height), Maximized: maximized != 0}, true
}

func (w x11Window) place(p placement) {
	C.penyuluh_place(display(), C.Window(w), C.int(p.X), C.int(p.Y), C.int(p.W), C.int(p.H))
}

func (w x11Window) maximize() { C.penyuluh_maximize(display(), C.Window(w)) }

func (w x11Window) screen() (int, int, bool) {
	d := display()
	s := C.XDefaultScreen(d)
	return int(C.XDisplayWidth(d, s)), int(C.XDisplayHeight(d, s)), true
}
