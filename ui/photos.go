package ui

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/disintegration/imaging"

	"github.com/penyuluh/penyuluh/store"
)

// imageExtensions are the files the photo and logo pickers show.
var imageExtensions = []string{".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG"}

// Thumbnail size in the photo list, in pixels.
const (
	thumbW = 160
	thumbH = 120
)

// photosPanel is the documentation photos (dokumentasi) of a session:
// attach JPEG or PNG files straight from a phone, caption them (saved on
// Enter or when the field is left), delete with undo.
type photosPanel struct {
	mw       *mainWindow
	session  store.Session
	readOnly bool

	photos   []store.Photo
	captions map[string]*field // by photo id
	rows     *fyne.Container
	count    *widget.Label
	addBtn   *widget.Button
	// focusID is the photo whose caption gets the focus after a load.
	focusID string
	loaded  bool
	// onChanged tells the report tab that the photos changed.
	onChanged func()
}

func newPhotosPanel(mw *mainWindow, session store.Session) *photosPanel {
	return &photosPanel{mw: mw, session: session, readOnly: session.ReadOnly(),
		captions: map[string]*field{}}
}

func (p *photosPanel) buildUI() fyne.CanvasObject {
	p.count = muted("")
	p.addBtn = &widget.Button{Text: lang.L("Add photo…"), Icon: theme.ContentAddIcon(), OnTapped: p.onAdd}
	if p.readOnly {
		p.addBtn.Disable()
	}
	p.rows = container.NewVBox()
	top := container.NewVBox(
		container.NewHBox(heading(lang.L("Documentation")), layout.NewSpacer(), container.NewCenter(p.addBtn)),
		p.count, widget.NewSeparator())
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(p.rows))
}

// photoRow is a photo with its thumbnail, made off the UI goroutine.
type photoRow struct {
	photo store.Photo
	thumb image.Image
}

// load reads the photos and makes their thumbnails in the background.
func (p *photosPanel) load() {
	var rows []photoRow
	p.mw.work.run(func() error {
		list, err := p.mw.store.Photos(context.Background(), p.session.ID)
		if err != nil {
			return err
		}
		for _, ph := range list {
			thumb := thumbnail(ph.Image)
			ph.Image = nil // the list keeps only the thumbnail
			rows = append(rows, photoRow{photo: ph, thumb: thumb})
		}
		return nil
	}, func(err error) {
		if err != nil {
			p.mw.showError(lang.L("The photos could not be read."), err)
			return
		}
		p.show(rows)
	})
}

// thumbnail shrinks a stored JPEG for the list; nil when it cannot be read.
func thumbnail(data []byte) image.Image {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	return imaging.Fit(img, thumbW, thumbH, imaging.Box)
}

func (p *photosPanel) show(rows []photoRow) {
	p.photos = p.photos[:0]
	p.captions = map[string]*field{}
	objects := make([]fyne.CanvasObject, 0, len(rows))
	for _, r := range rows {
		p.photos = append(p.photos, r.photo)
		objects = append(objects, p.row(r))
	}
	if len(rows) == 0 {
		objects = append(objects, muted(lang.L("No photos yet. Photos from a phone (JPEG or PNG) are turned upright and made smaller when they are added.")))
	}
	p.rows.Objects = objects
	p.rows.Refresh()
	p.count.SetText(lang.L("{{.N}} of at most {{.Max}} photos; they are printed in the report with their captions.",
		map[string]any{"N": len(rows), "Max": store.MaxPhotos}))
	if p.readOnly || len(rows) >= store.MaxPhotos {
		p.addBtn.Disable()
	} else {
		p.addBtn.Enable()
	}
	if f := p.captions[p.focusID]; f != nil {
		p.focusID = ""
		p.mw.later(func() {
			if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil {
				c.Focus(f)
			}
		})
	}
	if p.loaded && p.onChanged != nil {
		p.onChanged()
	}
	p.loaded = true
}

func (p *photosPanel) row(r photoRow) fyne.CanvasObject {
	var thumb fyne.CanvasObject = widget.NewIcon(theme.BrokenImageIcon())
	if r.thumb != nil {
		img := canvas.NewImageFromImage(r.thumb)
		img.FillMode = canvas.ImageFillContain
		thumb = img
	}
	box := container.NewGridWrap(fyne.NewSize(thumbW, thumbH), thumb)
	caption := newField(lang.L("Caption, e.g. Opening by the village head"))
	caption.SetText(r.photo.Caption)
	id := r.photo.ID
	save := func() { p.saveCaption(id, caption) }
	caption.OnSubmitted = func(string) { save() }
	caption.onLeave = save
	p.captions[id] = caption
	del := &widget.Button{Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() { p.remove(id) }}
	if p.readOnly {
		caption.Disable()
		del.Hide()
	}
	return container.NewBorder(nil, nil, box, del, container.NewVBox(layout.NewSpacer(), caption, layout.NewSpacer()))
}

func (p *photosPanel) onAdd() {
	d := dialog.NewFileOpen(func(f fyne.URIReadCloser, err error) {
		if err != nil || f == nil {
			return
		}
		p.add(f)
	}, p.mw.win)
	d.SetFilter(storage.NewExtensionFileFilter(imageExtensions))
	showFileDialog(d, "")
}

// add stores an image in the background: decoding, turning and
// downscaling a phone photo takes a moment.
func (p *photosPanel) add(r io.ReadCloser) {
	var saved store.Photo
	p.addBtn.Disable()
	p.mw.work.run(func() (err error) {
		defer r.Close()
		saved, err = p.mw.store.AddPhoto(context.Background(), p.session.ID, "", r)
		return err
	}, func(err error) {
		p.addBtn.Enable()
		if err != nil {
			showImageError(p.mw, err)
			return
		}
		p.focusID = saved.ID
		p.load()
	})
}

// showImageError says why an image was refused.
func showImageError(mw *mainWindow, err error) {
	var msg string
	switch {
	case errors.Is(err, store.ErrNotImage):
		msg = lang.L("This file is not a JPEG or PNG picture. Choose a photo from the camera or phone.")
	case errors.Is(err, store.ErrImageCorrupt):
		msg = lang.L("This picture is damaged and cannot be read. Copy it from the phone again.")
	case errors.Is(err, store.ErrImageTooLarge):
		msg = lang.L("This picture is too large (at most 30 MB and 60 megapixels).")
	case errors.Is(err, store.ErrTooManyPhotos):
		msg = lang.L("This session already has the most photos a report can hold. Delete one first.")
	default:
		mw.showError(lang.L("The picture could not be added."), err)
		return
	}
	d := dialog.NewInformation(lang.L("The picture could not be added."), msg, mw.win)
	showDialog(d, mw.win, d.Hide)
}

// saveCaption saves a caption that changed; an invalid one is shown.
func (p *photosPanel) saveCaption(id string, f *field) {
	if p.readOnly {
		return
	}
	for _, ph := range p.photos {
		if ph.ID == id && ph.Caption == store.CleanLine(f.Text) {
			return
		}
	}
	text := f.Text
	var saved store.Photo
	p.mw.work.run(func() (err error) {
		saved, err = p.mw.store.UpdatePhotoCaption(context.Background(), id, text)
		return err
	}, func(err error) {
		if verr, ok := store.AsValidation(err); ok && len(verr) > 0 {
			p.mw.showNotice(fieldMessage(verr[0]), "", nil)
			return
		}
		if err != nil {
			p.mw.showError(lang.L("The caption could not be saved."), err)
			return
		}
		for i := range p.photos {
			if p.photos[i].ID == id {
				p.photos[i].Caption = saved.Caption
			}
		}
		if p.onChanged != nil {
			p.onChanged()
		}
	})
}

// remove soft-deletes a photo and offers Undo.
func (p *photosPanel) remove(id string) {
	p.mw.work.run(func() error {
		return p.mw.store.DeletePhoto(context.Background(), id)
	}, func(err error) {
		if err != nil {
			p.mw.showError(lang.L("The photo could not be deleted."), err)
			return
		}
		p.load()
		p.mw.showNotice(lang.L("Photo deleted."), lang.L("Undo"), func() {
			p.mw.work.run(func() error {
				return p.mw.store.UndeletePhoto(context.Background(), id)
			}, func(err error) {
				if err != nil {
					p.mw.showError(lang.L("The photo could not be restored."), err)
					return
				}
				p.load()
			})
		})
	})
}
