package ui

import (
	"context"
	"fmt"
	"image"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/penyuluh/penyuluh/sync"
)

// qrSize is the side of the key's QR code on screen: large enough for a
// phone camera at arm's length, small enough to sit beside the key text.
const qrSize = 180

// laptopKeyView is the Settings section "This laptop's key": what an
// officer gives the coordinator once, as text, a file or a QR code, with
// the fingerprint both read aloud over the phone.
type laptopKeyView struct {
	mw          *mainWindow
	key         sync.LaptopKey
	officer     *widget.Label
	fingerprint *canvas.Text
	text        *widget.Label
	qr          *fyne.Container
	copyBtn     *widget.Button
	saveBtn     *widget.Button
	msg         *errorText
	// onLoaded runs once the key is shown: it is taller than the empty
	// section, so the scroll around it must measure again.
	onLoaded func()
}

func newLaptopKeyView(mw *mainWindow) *laptopKeyView { return &laptopKeyView{mw: mw} }

func (v *laptopKeyView) buildUI() fyne.CanvasObject {
	v.officer = widget.NewLabel("")
	v.officer.Wrapping = fyne.TextWrapWord
	v.fingerprint = fingerprintText("", 26)
	v.text = &widget.Label{Selectable: true, Wrapping: fyne.TextWrapBreak,
		TextStyle: fyne.TextStyle{Monospace: true}, SizeName: theme.SizeNameCaptionText}
	v.text.ExtendBaseWidget(v.text)
	v.qr = container.NewStack()
	v.copyBtn = &widget.Button{Text: lang.L("Copy"), Icon: theme.ContentCopyIcon(), OnTapped: v.onCopy}
	v.saveBtn = &widget.Button{Text: lang.L("Save to a file…"), Icon: theme.DocumentSaveIcon(), OnTapped: v.onSave}
	v.copyBtn.Disable()
	v.saveBtn.Disable()
	v.msg = newErrorText()

	right := container.NewVBox(v.text, container.NewHBox(v.copyBtn, v.saveBtn), v.msg)
	return container.NewVBox(
		widget.NewLabelWithStyle(lang.L("This laptop's key"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		muted(lang.L("Give this key to the coordinator once (copy it, save it to a file or show the QR code); they read its fingerprint back to you over the phone, and you check that the digits match.")),
		v.officer,
		indented(container.NewVBox(caption(lang.L("Fingerprint")), v.fingerprint)),
		container.NewBorder(nil, nil, indented(container.NewVBox(v.qr)), nil, right))
}

// load reads the key off the UI goroutine (the first call creates it).
func (v *laptopKeyView) load() {
	var key sync.LaptopKey
	var qr image.Image
	var side float32
	v.mw.work.run(func() (err error) {
		if key, err = sync.ThisLaptop(context.Background(), v.mw.store); err != nil {
			return err
		}
		qr, side, err = qrImage(key.Text)
		return err
	}, func(err error) {
		if err != nil {
			log.Printf("laptop key: %v", err)
			v.msg.set(lang.L("This laptop's key could not be read: {{.Err}}", map[string]any{"Err": err.Error()}))
			return
		}
		v.show(key, qr, side)
	})
}

func (v *laptopKeyView) show(key sync.LaptopKey, qr image.Image, side float32) {
	v.key = key
	v.setOfficer(key.Officer)
	v.fingerprint.Text = key.Fingerprint
	v.fingerprint.Refresh()
	v.text.SetText(key.Text)
	img := canvas.NewImageFromImage(qr)
	img.FillMode = canvas.ImageFillContain
	img.ScaleMode = canvas.ImageScalePixels
	img.SetMinSize(fyne.NewSquareSize(side))
	v.qr.Objects = []fyne.CanvasObject{img}
	v.qr.Refresh()
	v.copyBtn.Enable()
	v.saveBtn.Enable()
	if v.onLoaded != nil {
		v.onLoaded()
	}
}

// setOfficer shows whose key this is; the key file names them too.
func (v *laptopKeyView) setOfficer(name string) {
	v.key.Officer = name
	if strings.TrimSpace(name) == "" {
		v.officer.SetText(lang.L("Officer: (fill in your name above first; the key file carries it)"))
		return
	}
	v.officer.SetText(lang.L("Officer: {{.Name}}", map[string]any{"Name": name}))
}

func (v *laptopKeyView) onCopy() {
	fyne.CurrentApp().Clipboard().SetContent(v.key.Text)
	v.mw.showNotice(lang.L("The key is copied: paste it into a message to the coordinator."), "", nil)
}

// onSave writes the key file (the key with comments naming the officer and
// the fingerprint) where the officer picks, e.g. a USB stick.
func (v *laptopKeyView) onSave() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		name := w.URI().Name()
		v.mw.work.run(func() error {
			key, err := sync.ThisLaptop(context.Background(), v.mw.store)
			if err == nil {
				_, err = w.Write(key.KeyFile())
			}
			if cerr := w.Close(); err == nil {
				err = cerr
			}
			return err
		}, func(err error) {
			if err != nil {
				v.mw.showError(lang.L("The key file could not be written."), err)
				return
			}
			v.mw.showNotice(lang.L("Key saved: {{.File}}. Give it to the coordinator.", map[string]any{"File": name}), "", nil)
		})
	}, v.mw.win)
	d.SetFileName(keyFileName(v.key.Officer))
	showFileDialog(d, "")
}

// keyFileName is a file name that says whose key it is.
func keyFileName(officer string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			return r
		case r == ' ' || r == '-' || r == '_' || r == '.':
			return '-'
		}
		return -1
	}, strings.TrimSpace(officer))
	name = strings.Trim(name, "-")
	if name == "" {
		return "kunci-penyuluh.txt"
	}
	return fmt.Sprintf("kunci-penyuluh-%s.txt", name)
}

// qrImage draws text as a QR code and gives the size to show it at: a
// whole number of pixels per module near qrSize, so that every module is
// as wide as the next (a scanner needs that), from an image twice as large
// for high-density screens.
func qrImage(text string) (image.Image, float32, error) {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, 0, fmt.Errorf("qr code: %w", err)
	}
	modules := len(q.Bitmap()) // with the quiet zone
	perModule := max(1, (qrSize+modules/2)/modules)
	return q.Image(-2 * perModule), float32(modules * perModule), nil
}

// indented lines content up with the text of the labels around it.
func indented(content fyne.CanvasObject) fyne.CanvasObject {
	return container.New(layout.NewCustomPaddedLayout(0, 0, theme.InnerPadding(), 0), content)
}

// fingerprintText shows a key's fingerprint in large digits, in groups of
// four, to be read aloud.
func fingerprintText(fp string, size float32) *canvas.Text {
	t := canvas.NewText(fp, theme.Color(theme.ColorNameForeground))
	t.TextSize = size
	t.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	return t
}

// caption is a small bold label above a value.
func caption(text string) fyne.CanvasObject {
	l := canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	l.TextStyle = fyne.TextStyle{Bold: true}
	l.TextSize = theme.TextSize() - 2
	return l
}
