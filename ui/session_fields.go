package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// sessionFields are the inputs of a session's details, shared by the new
// session form (Enter submits) and the workspace (each field saves when the
// user leaves it or presses Enter).
type sessionFields struct {
	win fyne.Window

	title, date, start                   *field
	village, district, regency, province *field
	venue, partners, notes               *field
	officers                             []officerFields
	officerBox                           *fyne.Container
	errs                                 map[string]*errorText

	// onEnter runs on Enter in a one-line field; onLeave when a field loses
	// focus (nil in the new-session form, which saves only on Enter).
	onEnter, onLeave func()
}

type officerFields struct{ name, nrp, unit *field }

func newSessionFields(win fyne.Window, onEnter, onLeave func()) *sessionFields {
	f := &sessionFields{win: win, onEnter: onEnter, onLeave: onLeave, errs: map[string]*errorText{}}
	f.title = f.line(lang.L("e.g. Sosialisasi Pencegahan TPPO"))
	f.date = f.line(lang.L("DD-MM-YYYY"))
	f.start = f.line(lang.L("HH:MM"))
	f.village = f.line(lang.L("Desa / kelurahan"))
	f.district = f.line(lang.L("Kecamatan"))
	f.regency = f.line(lang.L("Kabupaten / kota"))
	f.province = f.line(lang.L("Province"))
	f.venue = f.line(lang.L("e.g. Aula Kantor Desa"))
	f.partners = f.block(lang.L("e.g. Kantor Imigrasi, BP3MI, Disnaker"))
	f.notes = f.block("")
	for _, name := range []string{store.FieldTitle, store.FieldDate, store.FieldStartTime, store.FieldVillage,
		store.FieldDistrict, store.FieldRegency, store.FieldProvince, store.FieldVenue, store.FieldOfficers,
		store.FieldPartners, store.FieldNotes} {
		f.errs[name] = newErrorText()
	}
	f.officerBox = container.NewVBox()
	return f
}

func (f *sessionFields) line(placeholder string) *field {
	e := newField(placeholder)
	e.OnSubmitted = func(string) { f.onEnter() }
	e.onLeave = f.leave
	return e
}

func (f *sessionFields) block(placeholder string) *field {
	e := newMultiLineField(placeholder, 2)
	e.onLeave = f.leave
	return e
}

func (f *sessionFields) leave() {
	if f.onLeave != nil {
		f.onLeave()
	}
}

// fill puts a session's values into the inputs.
func (f *sessionFields) fill(s store.Session) {
	f.title.SetText(s.Title)
	f.date.SetText(dateForEntry(s.Date))
	f.start.SetText(s.StartTime)
	f.village.SetText(s.Village)
	f.district.SetText(s.District)
	f.regency.SetText(s.Regency)
	f.province.SetText(s.Province)
	f.venue.SetText(s.Venue)
	f.partners.SetText(s.Partners)
	f.notes.SetText(s.Notes)
	f.officers = nil
	f.officerBox.Objects = nil
	for _, o := range s.Officers {
		f.addOfficer(o)
	}
	if len(s.Officers) == 0 {
		f.addOfficer(store.Officer{})
	}
}

// read copies the inputs into base (which keeps id, version and the rest).
func (f *sessionFields) read(base store.Session) store.Session {
	base.Title = f.title.Text
	base.Date = dateFromEntry(f.date.Text)
	base.StartTime = f.start.Text
	base.Village = f.village.Text
	base.District = f.district.Text
	base.Regency = f.regency.Text
	base.Province = f.province.Text
	base.Venue = f.venue.Text
	base.Partners = f.partners.Text
	base.Notes = f.notes.Text
	base.Officers = nil
	for _, o := range f.officers {
		base.Officers = append(base.Officers, store.Officer{Name: o.name.Text, NRP: o.nrp.Text, Unit: o.unit.Text})
	}
	return base
}

// showErrors puts each problem under its field and clears the others. It
// reports whether there were any.
func (f *sessionFields) showErrors(err error) bool {
	return showFieldErrors(f.errs, err, fieldMessage)
}

func (f *sessionFields) addOfficer(o store.Officer) {
	of := officerFields{name: f.line(lang.L("Name and rank")), nrp: f.line(lang.L("NRP / NIP")), unit: f.line(lang.L("Unit"))}
	of.name.SetText(o.Name)
	of.nrp.SetText(o.NRP)
	of.unit.SetText(o.Unit)
	f.officers = append(f.officers, of)
	f.officerBox.Add(container.New(columnsLayout{widths: []float32{-3, -2, -3}}, of.name, of.nrp, of.unit))
}

func (f *sessionFields) setDisabled(disabled bool) {
	for _, e := range f.all() {
		if disabled {
			e.Disable()
		} else {
			e.Enable()
		}
	}
}

func (f *sessionFields) all() []*field {
	list := []*field{f.title, f.date, f.start, f.village, f.district, f.regency, f.province, f.venue, f.partners, f.notes}
	for _, o := range f.officers {
		list = append(list, o.name, o.nrp, o.unit)
	}
	return list
}

// buildUI lays the fields out in two columns that fit 1024 px.
func (f *sessionFields) buildUI() fyne.CanvasObject {
	calendar := &widget.Button{Icon: theme.CalendarIcon(), Importance: widget.LowImportance, OnTapped: f.pickDate}
	dateRow := container.NewBorder(nil, nil, nil, calendar, f.date)
	addOfficer := &widget.Button{Text: lang.L("Add officer"), Icon: theme.ContentAddIcon(), Importance: widget.LowImportance,
		OnTapped: func() { f.addOfficer(store.Officer{}); f.officerBox.Refresh() }}

	left := container.NewVBox(
		labelled(lang.L("Title"), true, f.title, f.errs[store.FieldTitle]),
		container.NewGridWithColumns(2,
			labelled(lang.L("Date"), true, dateRow, f.errs[store.FieldDate]),
			labelled(lang.L("Start time"), false, f.start, f.errs[store.FieldStartTime])),
		container.NewGridWithColumns(2,
			labelled(lang.L("Village (desa/kelurahan)"), true, f.village, f.errs[store.FieldVillage]),
			labelled(lang.L("District (kecamatan)"), true, f.district, f.errs[store.FieldDistrict])),
		container.NewGridWithColumns(2,
			labelled(lang.L("Regency / city"), true, f.regency, f.errs[store.FieldRegency]),
			labelled(lang.L("Province"), false, f.province, f.errs[store.FieldProvince])),
		labelled(lang.L("Venue"), false, f.venue, f.errs[store.FieldVenue]),
	)
	right := container.NewVBox(
		labelled(lang.L("Officers (name, NRP/NIP, unit)"), false, container.NewVBox(f.officerBox, container.NewHBox(addOfficer, layout.NewSpacer())), f.errs[store.FieldOfficers]),
		labelled(lang.L("Partner agencies"), false, f.partners, f.errs[store.FieldPartners]),
		labelled(lang.L("Notes"), false, f.notes, f.errs[store.FieldNotes]),
	)
	return container.NewGridWithColumns(2, left, right)
}

// pickDate shows a calendar under the date field.
func (f *sessionFields) pickDate() {
	start := time.Now()
	if t, err := time.Parse("2006-01-02", dateFromEntry(f.date.Text)); err == nil {
		start = t
	}
	var pop *widget.PopUp
	cal := widget.NewCalendar(start, func(t time.Time) {
		f.date.SetText(t.Format("02-01-2006"))
		pop.Hide()
		f.leave()
	})
	pop = widget.NewPopUp(cal, f.win.Canvas())
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.date)
	pop.ShowAtPosition(pos.AddXY(0, f.date.Size().Height))
}
