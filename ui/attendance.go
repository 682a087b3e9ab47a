package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// attendanceScreen is the daftar hadir: a quick-entry form where Enter
// saves one person (its own durable commit) and clears for the next, and
// the list beside it with search and live totals. Tapping a row loads it
// into the form for editing; Esc goes back to entering new people.
type attendanceScreen struct {
	mw       *mainWindow
	session  store.Session
	readOnly bool

	all     []store.Participant
	index   *store.ParticipantIndex
	byPhone map[string]bool // signed in on a phone, not on the list before ("daftar lewat HP")
	shown   []store.Participant

	formTitle *widget.Label
	detail    *widget.Label // the selected person, in a finalized session
	printHint *errorText    // what of the name or village the PDFs leave out
	name      *field
	gender    *genderPicker
	age       *field
	category  *choice
	village   *suggestField
	phone     *field
	consent   *tick
	guardian  *tick
	errs      map[string]*errorText
	notice    *widget.Label
	deleteBtn *widget.Button
	cancelBtn *widget.Button

	search *field
	list   *widget.List
	totals *widget.Label
	byCat  *widget.Label

	editing       *store.Participant // nil while entering new people
	confirmDupKey string             // Enter again on this name+village saves the duplicate
	onChanged     func()             // tells the workspace the counts changed
}

func newAttendanceScreen(mw *mainWindow, session store.Session) *attendanceScreen {
	return &attendanceScreen{mw: mw, session: session, readOnly: session.ReadOnly(),
		errs: map[string]*errorText{}}
}

// attendanceColumns: No, Nama, L/P, Umur, Desa, Kategori. The name gets most
// of the width and at least room for about 30 characters: on a narrow window
// the category gives way first, then the village.
var attendanceColumns = columnsLayout{widths: []float32{44, -7, 48, 64, -3, -2},
	mins: []float32{0, 250, 0, 0, 110, 90}, giveWay: []int{5, 4}}

func (a *attendanceScreen) buildUI() fyne.CanvasObject {
	a.formTitle = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	a.name = newField(lang.L("Full name as written"))
	a.name.OnSubmitted = func(string) { a.onSave() }
	a.printHint = newErrorText()
	a.printHint.Importance = widget.WarningImportance
	a.name.OnChanged = func(string) { a.showPrintHint() }
	a.gender = newGenderPicker(lang.L("L (male)"), lang.L("P (female)"))
	a.gender.onEnter = a.onSave
	a.age = newField(lang.L("years"))
	a.age.OnSubmitted = func(string) { a.onSave() }
	a.age.OnChanged = func(string) { a.showGuardian() }
	a.category = newChoice(categoryLabels(), a.onSave)
	a.village = newSuggestField(lang.L("Village or address"))
	a.village.OnSubmitted = func(string) { a.onSave() }
	a.village.onChanged = a.showPrintHint
	a.phone = newField(lang.L("08… (optional)"))
	a.phone.OnSubmitted = func(string) { a.onSave() }
	a.consent = newTick(lang.L("Agrees to be contacted"), a.onSave)
	a.guardian = newTick(lang.L("Parent or guardian present"), a.onSave)
	for _, f := range []*field{a.name, a.age, a.village.field, a.phone} {
		f.onEscape = a.onEscape
	}
	for _, name := range []string{store.FieldName, store.FieldGender, store.FieldAge, store.FieldCategory,
		store.FieldAddress, store.FieldPhone} {
		a.errs[name] = newErrorText()
	}
	a.notice = widget.NewLabel("")
	a.notice.Wrapping = fyne.TextWrapWord
	a.notice.Importance = widget.WarningImportance
	a.notice.Hide()

	save := &widget.Button{Text: lang.L("Save (Enter)"), Icon: theme.ConfirmIcon(), Importance: widget.HighImportance, OnTapped: a.onSave}
	a.cancelBtn = &widget.Button{Text: lang.L("Cancel (Esc)"), OnTapped: a.onEscape}
	a.deleteBtn = &widget.Button{Text: lang.L("Delete"), Icon: theme.DeleteIcon(), Importance: widget.DangerImportance, OnTapped: a.onDelete}
	importBtn := &widget.Button{Text: lang.L("Import list…"), Icon: theme.UploadIcon(), Importance: widget.LowImportance, OnTapped: a.onImport}

	genderBox := labelled(lang.L("Gender"), true, a.gender, a.errs[store.FieldGender])
	form := container.NewVBox(
		container.NewBorder(nil, nil, nil, importBtn, a.formTitle),
		labelled(lang.L("Name"), true, a.name, a.errs[store.FieldName]),
		a.printHint,
		// Not a grid: the L/P picker is wide and a grid would make the age
		// as wide, pushing the list off a 1024-pixel screen.
		// The picker first among the objects: Tab follows their order.
		container.New(layout.NewBorderLayout(nil, nil, genderBox, nil), genderBox,
			labelled(lang.L("Age"), false, container.NewVBox(a.age, a.guardian), a.errs[store.FieldAge])),
		container.NewGridWithColumns(2,
			labelled(lang.L("Category"), false, a.category, a.errs[store.FieldCategory]),
			labelled(lang.L("Village / address"), false, a.village.content(), a.errs[store.FieldAddress])),
		container.NewGridWithColumns(2,
			labelled(lang.L("Phone"), false, a.phone, a.errs[store.FieldPhone]),
			labelled(" ", false, a.consent, nil)),
		a.notice,
		container.NewHBox(a.deleteBtn, layout.NewSpacer(), a.cancelBtn, save),
	)
	if a.readOnly {
		// No form to load a row into: the selected person is shown whole here.
		a.detail = &widget.Label{Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
		form = container.NewVBox(muted(lang.L("This session is finalized: the attendance list can no longer be changed.")), a.detail)
	}

	a.totals = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	a.byCat = &widget.Label{Wrapping: fyne.TextWrapWord}
	a.search = newField(lang.L("Search name, village or number…"))
	a.search.OnChanged = func(string) { a.applySearch() }
	a.search.onEscape = func() { a.search.SetText("") }
	a.list = &widget.List{
		Length:     func() int { return len(a.shown) },
		CreateItem: a.createRow,
		UpdateItem: a.updateRow,
		OnSelected: a.onSelected,
	}
	a.list.ExtendBaseWidget(a.list)
	header := container.New(attendanceColumns, columnHeader(lang.L("No.")), columnHeader(lang.L("Name")),
		columnHeader(lang.L("L/P")), columnHeader(lang.L("Age")), columnHeader(lang.L("Village")), columnHeader(lang.L("Category")))
	right := container.NewBorder(container.NewVBox(a.totals, a.byCat, a.search, header, widget.NewSeparator()), nil, nil, nil, a.list)

	a.resetForm()
	split := container.NewHSplit(container.NewVScroll(form), right)
	split.SetOffset(0.4)
	return split
}

func categoryLabels() []string {
	labels := make([]string, len(store.Categories))
	for i, c := range store.Categories {
		labels[i] = fmt.Sprintf("%d. %s", i+1, c.Label())
	}
	return labels
}

func (a *attendanceScreen) createRow() fyne.CanvasObject { return newRow(attendanceColumns, 6) }

func (a *attendanceScreen) updateRow(id widget.ListItemID, obj fyne.CanvasObject) {
	if id >= len(a.shown) {
		return
	}
	p := a.shown[id]
	age := ""
	if p.Age != nil {
		age = strconv.Itoa(*p.Age)
	}
	setRow(obj, strconv.Itoa(p.Number), p.Name, p.Gender, age, p.Village, a.categoryText(p))
}

// categoryText is the person's category, with "daftar lewat HP" for who
// signed in on a phone during the quiz.
func (a *attendanceScreen) categoryText(p store.Participant) string {
	if a.byPhone[p.ID] {
		return p.Category.Label() + " · " + lang.L("signed in by phone")
	}
	return p.Category.Label()
}

func ageText(age *int) string {
	if age == nil {
		return ""
	}
	return lang.L("{{.N}} years", map[string]any{"N": *age})
}

// load reads the list (and the villages for suggestions) off the UI
// goroutine, then refreshes the list and totals once.
func (a *attendanceScreen) load() {
	var list []store.Participant
	var villages []string
	var byPhone map[string]bool
	a.mw.work.run(func() (err error) {
		if list, err = a.mw.store.Participants(context.Background(), a.session.ID); err != nil {
			return err
		}
		if byPhone, err = a.mw.store.PhoneRegistered(context.Background(), a.session.ID); err != nil {
			return err
		}
		villages, err = a.mw.store.Villages(context.Background(), a.session.ID)
		return err
	}, func(err error) {
		if err != nil {
			a.mw.showError(lang.L("The attendance list could not be read."), err)
			return
		}
		a.all = list
		a.byPhone = byPhone
		a.index = store.NewParticipantIndex(list)
		a.village.setOptions(villages)
		a.applySearch()
		a.showTotals()
	})
}

func (a *attendanceScreen) applySearch() {
	if a.index == nil {
		return
	}
	a.shown = a.index.Search(a.search.Text)
	a.list.Refresh()
}

func (a *attendanceScreen) showTotals() {
	t := store.Totals(a.all)
	a.totals.SetText(lang.L("{{.N}} participants · L {{.M}} · P {{.F}} · children (< 18) {{.C}}",
		map[string]any{"N": t.Total, "M": t.Male, "F": t.Female, "C": t.Children}))
	var parts []string
	for _, c := range store.Categories {
		if n := t.ByCategory[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c.Label(), n))
		}
	}
	a.byCat.SetText(strings.Join(parts, " · "))
	if a.onChanged != nil {
		a.onChanged()
	}
}

// read builds a participant from the form. It reports false (and shows the
// message) when the age is not a number.
func (a *attendanceScreen) read() (store.Participant, bool) {
	p := store.Participant{SessionID: a.session.ID}
	if a.editing != nil {
		p = *a.editing
	}
	p.Name, p.Gender, p.Village, p.Phone, p.Consent = a.name.Text, a.gender.value, a.village.Text, a.phone.Text, a.consent.Checked
	p.Category = store.Categories[max(0, a.category.SelectedIndex())]
	p.Age = nil
	if typed := strings.TrimSpace(a.age.Text); typed != "" {
		n, err := strconv.Atoi(typed)
		if err != nil {
			a.showErrors(store.ValidationError{{Field: store.FieldAge, Code: store.CodeInvalidAgeText}})
			return p, false
		}
		p.Age = &n
	}
	p.GuardianPresent = nil
	if p.IsChild() {
		g := a.guardian.Checked
		p.GuardianPresent = &g
	}
	return p, true
}

// onSave saves the form: a new person (then clears for the next) or the
// edited one. Invalid input shows its message and saves nothing; a likely
// duplicate is shown first and saved on a second Enter.
func (a *attendanceScreen) onSave() {
	if a.readOnly {
		return
	}
	p, ok := a.read()
	if !ok {
		return
	}
	if err := p.Clean(); a.showErrors(err) {
		return
	}
	dupKey := store.SearchKey(p.Name) + "\x00" + p.Village
	opts := store.AddParticipantOptions{AllowDuplicate: dupKey == a.confirmDupKey}
	editing := a.editing != nil
	var saved store.Participant
	a.mw.work.run(func() (err error) {
		if editing {
			saved, err = a.mw.store.UpdateParticipant(context.Background(), p, opts)
		} else {
			saved, err = a.mw.store.AddParticipant(context.Background(), p, opts)
		}
		return err
	}, func(err error) {
		var dup store.ErrLikelyDuplicate
		switch {
		case errors.As(err, &dup):
			a.confirmDupKey = dupKey
			a.notice.SetText(lang.L("Maybe already listed: no. {{.No}} {{.Name}} ({{.Village}}). Press Enter again to save anyway.",
				map[string]any{"No": dup.Existing.Number, "Name": dup.Existing.Name, "Village": dup.Existing.Village}))
			a.notice.Show()
			return
		case a.showErrors(err):
			return
		case err != nil:
			a.mw.showError(lang.L("The participant could not be saved."), err)
			return
		}
		if editing {
			a.mw.showNotice(lang.L("No. {{.No}} {{.Name}} updated.", map[string]any{"No": saved.Number, "Name": saved.Name}), "", nil)
		} else {
			a.mw.showNotice(lang.L("No. {{.No}} {{.Name}} saved.", map[string]any{"No": saved.Number, "Name": saved.Name}), "", nil)
		}
		a.resetForm()
		a.load()
		if !editing {
			a.list.ScrollToBottom() // the officer sees the row just typed
		}
	})
}

func (a *attendanceScreen) showErrors(err error) bool {
	return showFieldErrors(a.errs, err, participantMessage)
}

// participantMessage adds the participant-specific problems to fieldMessage.
func participantMessage(fe store.FieldError) string {
	switch fe.Code {
	case store.CodeInvalidPhone:
		return lang.L("Not a phone number. Write it like 0812-3456-7890 or +62 812 3456 7890.")
	case store.CodeNeedsConsent:
		return lang.L("A phone number is kept only when the person agrees to be contacted: tick the box or clear the number.")
	case store.CodeInvalidGender:
		return lang.L("Choose L or P.")
	case store.CodeInvalidAgeText:
		return lang.L("Write the age in years as a number, e.g. 34.")
	case store.CodeOutOfRange:
		if fe.Field == store.FieldAge {
			return lang.L("Age must be between 0 and 120.")
		}
	}
	if fe.Field == store.FieldGender && fe.Code == store.CodeRequired {
		return lang.L("Choose L or P (press the L or P key).")
	}
	return fieldMessage(fe)
}

// resetForm empties the form for the next person, focus on the name.
func (a *attendanceScreen) resetForm() {
	a.editing = nil
	a.confirmDupKey = ""
	a.formTitle.SetText(lang.L("New participant"))
	for _, f := range []*field{a.name, a.age, a.village.field, a.phone} {
		f.SetText("")
	}
	a.gender.set("")
	a.category.SetSelectedIndex(len(store.Categories) - 1) // umum
	a.consent.SetChecked(false)
	a.guardian.SetChecked(false)
	a.showErrors(nil)
	a.notice.Hide()
	a.deleteBtn.Hide()
	a.cancelBtn.Hide()
	a.showGuardian()
	a.focusName()
}

func (a *attendanceScreen) focusName() {
	if a.readOnly {
		return
	}
	a.mw.later(func() {
		if c := fyne.CurrentApp().Driver().CanvasForObject(a.name); c != nil {
			c.Focus(a.name)
		}
	})
}

// showGuardian asks about a parent or guardian only for children.
func (a *attendanceScreen) showGuardian() {
	if n, err := strconv.Atoi(strings.TrimSpace(a.age.Text)); err == nil && n < store.AdultAge {
		a.guardian.Show()
	} else {
		a.guardian.Hide()
	}
}

func (a *attendanceScreen) onSelected(id widget.ListItemID) {
	a.list.UnselectAll()
	if id >= len(a.shown) {
		return
	}
	p := a.shown[id]
	if a.readOnly {
		a.detail.SetText(strings.Join(nonEmpty(lang.L("No. {{.No}}", map[string]any{"No": p.Number}), p.Name, p.Gender,
			ageText(p.Age), p.Village, a.categoryText(p)), " · "))
		return
	}
	a.editing = &p
	a.confirmDupKey = ""
	a.formTitle.SetText(strings.Join(nonEmpty(lang.L("Edit no. {{.No}}", map[string]any{"No": p.Number}),
		map[bool]string{true: lang.L("signed in by phone")}[a.byPhone[p.ID]]), " · "))
	a.name.SetText(p.Name)
	a.gender.set(p.Gender)
	a.age.SetText("")
	if p.Age != nil {
		a.age.SetText(strconv.Itoa(*p.Age))
	}
	for i, c := range store.Categories {
		if c == p.Category {
			a.category.SetSelectedIndex(i)
		}
	}
	a.village.SetText(p.Village)
	a.phone.SetText(p.Phone)
	a.consent.SetChecked(p.Consent)
	a.guardian.SetChecked(p.GuardianPresent != nil && *p.GuardianPresent)
	a.showGuardian()
	a.showErrors(nil)
	a.notice.Hide()
	a.deleteBtn.Show()
	a.cancelBtn.Show()
	a.focusName()
}

func (a *attendanceScreen) onEscape() {
	if a.editing != nil {
		a.resetForm()
	}
}

// onDelete soft-deletes the person being edited and offers Undo.
func (a *attendanceScreen) onDelete() {
	if a.editing == nil {
		return
	}
	p := *a.editing
	a.resetForm()
	a.mw.deleteWithUndo(undoable{
		remove:     func(ctx context.Context) error { return a.mw.store.DeleteParticipant(ctx, p.ID) },
		restore:    func(ctx context.Context) error { return a.mw.store.UndeleteParticipant(ctx, p.ID) },
		done:       lang.L("No. {{.No}} {{.Name}} deleted.", map[string]any{"No": p.Number, "Name": p.Name}),
		failed:     lang.L("The participant could not be deleted."),
		failedUndo: lang.L("The participant could not be restored."),
		after:      a.load,
	})
}

// showPrintHint says, before saving, which characters of the name or the
// village the printed lists leave out (emoji and symbols no bundled font
// has): they are saved as typed, only not printed.
func (a *attendanceScreen) showPrintHint() {
	left := report.Unprintable(a.name.Text + a.village.Text)
	if len(left) == 0 {
		a.printHint.set("")
		return
	}
	a.printHint.set(lang.L("Emoji are not printed: {{.Chars}} (saved as typed, left out of the PDFs)",
		map[string]any{"Chars": strings.Join(strings.Split(string(left), ""), " ")}))
}
