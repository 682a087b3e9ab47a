package ui

import (
	"syscall"
	"unsafe"

	"fyne.io/fyne/v2/driver"
)

var (
	user32                 = syscall.NewLazyDLL("user32.dll")
	procGetWindowPlacement = user32.NewProc("GetWindowPlacement")
	procSetWindowPlacement = user32.NewProc("SetWindowPlacement")
	procShowWindow         = user32.NewProc("ShowWindow")
	procMonitorFromWindow  = user32.NewProc("MonitorFromWindow")
	procGetMonitorInfoW    = user32.NewProc("GetMonitorInfoW")
)

const (
	swShowNormal            = 1
	swMaximize              = 3
	monitorDefaultToNearest = 2
)

type winPoint struct{ X, Y int32 }
type winRect struct{ Left, Top, Right, Bottom int32 }

// windowPlacement is WINDOWPLACEMENT: the normal rectangle is in workspace
// coordinates, which is what SetWindowPlacement takes back.
type windowPlacement struct {
	Length, Flags, ShowCmd   uint32
	MinPosition, MaxPosition winPoint
	NormalPosition           winRect
}

type monitorInfo struct {
	Size          uint32
	Monitor, Work winRect
	Flags         uint32
}

type win32Window uintptr

func nativeFor(ctx any) nativeWindow {
	if c, ok := ctx.(driver.WindowsWindowContext); ok && c.HWND != 0 {
		return win32Window(c.HWND)
	}
	return nil
}

func (h win32Window) placement() (placement, bool) {
	wp := windowPlacement{Length: uint32(unsafe.Sizeof(windowPlacement{}))}
	if r, _, _ := procGetWindowPlacement.Call(uintptr(h), uintptr(unsafe.Pointer(&wp))); r == 0 {
		return placement{}, false
	}
	n := wp.NormalPosition
	return placement{X: int(n.Left), Y: int(n.Top), W: int(n.Right - n.Left), H: int(n.Bottom - n.Top),
		Maximized: wp.ShowCmd == swMaximize}, true
}

// place sets the normal rectangle; Windows itself moves a window that
// would be off every screen back onto one.
func (h win32Window) place(p placement) {
	wp := windowPlacement{Length: uint32(unsafe.Sizeof(windowPlacement{})), ShowCmd: swShowNormal,
		NormalPosition: winRect{int32(p.X), int32(p.Y), int32(p.X + p.W), int32(p.Y + p.H)}}
	procSetWindowPlacement.Call(uintptr(h), uintptr(unsafe.Pointer(&wp)))
}

func (h win32Window) maximize() { procShowWindow.Call(uintptr(h), swMaximize) }

// screen is the work area (without the taskbar) of the monitor the window
// is on.
func (h win32Window) screen() (int, int, bool) {
	mon, _, _ := procMonitorFromWindow.Call(uintptr(h), monitorDefaultToNearest)
	mi := monitorInfo{Size: uint32(unsafe.Sizeof(monitorInfo{}))}
	if mon == 0 {
		return 0, 0, false
	}
	if r, _, _ := procGetMonitorInfoW.Call(mon, uintptr(unsafe.Pointer(&mi))); r == 0 {
		return 0, 0, false
	}
	return int(mi.Monitor.Right - mi.Monitor.Left), int(mi.Monitor.Bottom - mi.Monitor.Top), true
}
