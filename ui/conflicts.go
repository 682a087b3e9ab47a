package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// conflictsView lists the rows two laptops changed differently and shows
// the selected one field by field, this laptop's version beside the
// incoming one, so the coordinator can keep one or the other.
type conflictsView struct {
	mw        *mainWindow
	items     []store.Conflict
	list      *widget.List
	detail    *fyne.Container
	selected  string // the conflict shown
	onDecided func()
}

func newConflictsView(mw *mainWindow) *conflictsView { return &conflictsView{mw: mw} }

func (v *conflictsView) buildUI() fyne.CanvasObject {
	v.list = &widget.List{
		Length: func() int { return len(v.items) },
		CreateItem: func() fyne.CanvasObject {
			title := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
			what := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
			return container.NewVBox(title, what)
		},
		UpdateItem: func(id widget.ListItemID, obj fyne.CanvasObject) {
			if id >= len(v.items) {
				return
			}
			c := v.items[id]
			cells := obj.(*fyne.Container).Objects
			cells[0].(*widget.Label).SetText(c.SessionTitle)
			cells[1].(*widget.Label).SetText(tableLabel(c.Table) + " · " + rowLabel(c))
		},
		OnSelected: func(id widget.ListItemID) {
			if id < len(v.items) {
				v.show(v.items[id])
			}
		},
	}
	v.list.ExtendBaseWidget(v.list)
	v.detail = container.NewStack()
	split := container.NewHSplit(v.list, v.detail)
	split.SetOffset(0.3)
	return split
}

// set replaces the list, keeping the shown conflict when it is still open.
func (v *conflictsView) set(items []store.Conflict) {
	v.items = items
	v.list.UnselectAll()
	v.list.Refresh()
	if len(items) == 0 {
		v.selected = ""
		v.detail.Objects = []fyne.CanvasObject{emptyNote(lang.L("No conflicts. A conflict appears when two laptops change the same thing differently, e.g. two officers on one session."))}
		v.detail.Refresh()
		return
	}
	index := 0
	for i, c := range items {
		if c.ID == v.selected {
			index = i
		}
	}
	v.list.Select(index)
}

func (v *conflictsView) show(c store.Conflict) {
	v.selected = c.ID
	local, incoming := rowFields(c.Local), rowFields(c.Incoming)
	differs := map[string]bool{}
	shown := 0
	for _, f := range c.Fields {
		differs[f] = true
		if !hiddenConflictField[f] {
			shown++
		}
	}
	keys := fieldOrder(local, incoming)

	grid := container.NewVBox(container.New(conflictColumns, columnHeader(lang.L("Field")),
		columnHeader(lang.L("Here (this laptop)")), columnHeader(lang.L("Incoming (the bundle)"))), widget.NewSeparator())
	for _, k := range keys {
		if hiddenConflictField[k] {
			continue
		}
		grid.Add(conflictRow(c.Table, k, local[k], incoming[k], differs[k]))
	}

	title := widget.NewLabelWithStyle(tableLabel(c.Table)+": "+rowLabel(c), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameSubHeadingText
	title.Truncation = fyne.TextTruncateEllipsis
	about := muted(lang.L("Session “{{.Session}}”. The bundle {{.Source}}, imported {{.When}}, changes this differently from the copy here: {{.N}} fields differ (highlighted).",
		map[string]any{"Session": c.SessionTitle, "When": c.CreatedAt.Local().Format("02-01-2006 15:04"), "Source": shortIDs(c.Source), "N": shown}))
	if string(bytes.TrimSpace(c.Local)) == "null" {
		about.SetText(about.Text + " " + lang.L("The row is not here yet: taking the incoming version adds it."))
	}
	keep := &widget.Button{Text: lang.L("Use the version here"), Icon: theme.ComputerIcon(), OnTapped: func() { v.resolve(c, false) }}
	take := &widget.Button{Text: lang.L("Use the incoming version"), Icon: theme.DownloadIcon(), Importance: widget.HighImportance,
		OnTapped: func() { v.resolve(c, true) }}
	buttons := container.NewGridWithColumns(2, keep, take)
	v.detail.Objects = []fyne.CanvasObject{container.NewBorder(container.NewVBox(title, about), buttons, nil, nil,
		container.NewVScroll(grid))}
	v.detail.Refresh()
}

func (v *conflictsView) resolve(c store.Conflict, takeIncoming bool) {
	v.mw.work.run(func() error {
		return v.mw.store.ResolveConflict(context.Background(), c.ID, takeIncoming)
	}, func(err error) {
		switch {
		case errors.Is(err, store.ErrStaleConflict):
			v.mw.showMessage(lang.L("Conflict no longer applies"),
				lang.L("This row changed after the conflict was recorded (a later bundle or a change here), so neither version is current any more. The list is refreshed; nothing was changed."))
		case errors.Is(err, store.ErrNotFound):
			v.mw.showMessage(lang.L("Conflict already decided"), lang.L("This conflict was already decided. The list is refreshed."))
		case err != nil:
			v.mw.showError(lang.L("The conflict could not be decided."), err)
		case takeIncoming:
			v.mw.showNotice(lang.L("Conflict decided: the incoming version is used."), "", nil)
		default:
			v.mw.showNotice(lang.L("Conflict decided: the version here is kept."), "", nil)
		}
		if v.onDecided != nil {
			v.onDecided()
		}
	})
}

var uuidPattern = regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)

// shortIDs shortens the ids in a sentence as shortID does.
func shortIDs(s string) string { return uuidPattern.ReplaceAllStringFunc(s, shortID) }

// conflictColumns: field name, value here, incoming value.
var conflictColumns = columnsLayout{widths: []float32{190, -1, -1}}

// conflictRow is one field side by side; a differing one is highlighted.
func conflictRow(table, key string, local, incoming json.RawMessage, differs bool) fyne.CanvasObject {
	cell := func(text string, bold bool) *widget.Label {
		l := widget.NewLabel(text)
		l.Wrapping = fyne.TextWrapWord
		l.TextStyle = fyne.TextStyle{Bold: bold}
		return l
	}
	name := cell(fieldLabel(table, key), differs)
	row := container.New(conflictColumns, name, cell(fieldValue(table, key, local), differs), cell(fieldValue(table, key, incoming), differs))
	if !differs {
		return row
	}
	bg := canvas.NewRectangle(highlight())
	bg.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(bg, row)
}

// rowFields reads a row's JSON as its fields.
func rowFields(raw json.RawMessage) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	_ = json.Unmarshal(raw, &m)
	return m
}

// fieldOrder lists the fields in a readable order: the known ones as a form
// shows them, then any others by name.
func fieldOrder(a, b map[string]json.RawMessage) []string {
	seen := map[string]bool{}
	var keys []string
	for _, k := range knownFieldOrder {
		if _, ok := a[k]; ok {
			keys, seen[k] = append(keys, k), true
		} else if _, ok := b[k]; ok {
			keys, seen[k] = append(keys, k), true
		}
	}
	var rest []string
	for _, m := range []map[string]json.RawMessage{a, b} {
		for k := range m {
			if !seen[k] {
				seen[k] = true
				rest = append(rest, k)
			}
		}
	}
	sort.Strings(rest)
	return append(keys, rest...)
}

var knownFieldOrder = []string{
	"number", "name", "gender", "age", "category", "village", "phone", "consent", "guardian_present",
	"title", "date", "start_time", "district", "regency", "province", "venue", "officers", "partners", "notes",
	"text", "asked_by", "topic", "answer", "status", "referred_to", "urgent", "confidential", "closed_on", "closed_note",
	"phase", "choices", "caption", "finalized_at", "deleted_at", "updated_at",
}

// hiddenConflictField are bookkeeping fields: the same on both sides of a
// conflict or meaningless to a person.
var hiddenConflictField = map[string]bool{
	"id": true, "session_id": true, "participant_id": true, "created_at": true, "version": true,
	"origin_laptop": true, "origin_officer": true, "pack_id": true, "pack_version": true, "question_id": true,
	"quiz_item_id": true,
}

func tableLabel(table string) string {
	switch table {
	case "sessions":
		return lang.L("Session details")
	case "participants":
		return lang.L("Participant")
	case "questions":
		return lang.L("Question")
	case "quiz_answers":
		return lang.L("Quiz answers")
	case "quiz_items":
		return lang.L("Quiz item")
	case "quiz_tallies":
		return lang.L("Show of hands")
	case "photos":
		return lang.L("Photo")
	}
	return table
}

// rowLabel names the row in conflict from its fields, e.g. "No. 12 Baiq
// Nurul" or "Question 3".
func rowLabel(c store.Conflict) string {
	f := rowFields(c.Local)
	if len(f) == 0 {
		f = rowFields(c.Incoming)
	}
	str := func(k string) string {
		var s string
		_ = json.Unmarshal(f[k], &s)
		return s
	}
	num := func(k string) string {
		var n json.Number
		if json.Unmarshal(f[k], &n) == nil {
			return n.String()
		}
		return ""
	}
	switch c.Table {
	case "participants":
		return strings.TrimSpace(lang.L("No. {{.N}}", map[string]any{"N": num("number")}) + " " + str("name"))
	case "questions":
		return lang.L("Question {{.No}}", map[string]any{"No": num("number")})
	case "sessions":
		return str("title")
	case "quiz_answers":
		return phaseLabel(str("phase"))
	}
	return shortID(c.RowID)
}

func phaseLabel(phase string) string {
	switch store.Phase(phase) {
	case store.PhasePre:
		return lang.L("Pre-test")
	case store.PhasePost:
		return lang.L("Post-test")
	}
	return phase
}

func fieldLabel(table, key string) string {
	switch key {
	case "number":
		return lang.L("No.")
	case "name":
		return lang.L("Name")
	case "gender":
		return lang.L("Gender")
	case "age":
		return lang.L("Age")
	case "category":
		return lang.L("Category")
	case "village":
		return lang.L("Village")
	case "phone":
		return lang.L("Phone")
	case "consent":
		return lang.L("Consent")
	case "guardian_present":
		return lang.L("Guardian present")
	case "title":
		return lang.L("Title")
	case "date":
		return lang.L("Date")
	case "start_time":
		return lang.L("Start time")
	case "district":
		return lang.L("District")
	case "regency":
		return lang.L("Regency / city")
	case "province":
		return lang.L("Province")
	case "venue":
		return lang.L("Venue")
	case "officers":
		return lang.L("Officers")
	case "partners":
		return lang.L("Partners")
	case "notes":
		return lang.L("Notes")
	case "text":
		return lang.L("Question")
	case "asked_by":
		return lang.L("Asked by")
	case "topic":
		return lang.L("Topic")
	case "answer":
		return lang.L("Answer")
	case "status":
		return lang.L("Status")
	case "referred_to":
		return lang.L("Referred to")
	case "urgent":
		return lang.L("Urgent")
	case "confidential":
		return lang.L("Confidential")
	case "closed_on":
		return lang.L("Closed on")
	case "closed_note":
		return lang.L("Note")
	case "phase":
		return lang.L("Test")
	case "choices":
		return lang.L("Answers")
	case "caption":
		return lang.L("Caption")
	case "finalized_at":
		return lang.L("Finalized at")
	case "deleted_at":
		return lang.L("Deleted at")
	case "updated_at":
		return lang.L("Last changed")
	}
	return key
}

// fieldValue shows a JSON value as a person reads it: text as it is, yes
// and no, dates as DD-MM-YYYY, lists one after another; never braces.
func fieldValue(table, key string, raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "—"
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case string:
		return stringValue(table, key, x)
	case []any:
		var parts []string
		for _, item := range x {
			parts = append(parts, plainValue(item))
		}
		if len(parts) == 0 {
			return "—"
		}
		return strings.Join(parts, "\n")
	case map[string]any:
		if key == "choices" {
			return lang.L("{{.N}} answers", map[string]any{"N": len(x)})
		}
	}
	return plainValue(v)
}

func stringValue(table, key, s string) string {
	if strings.TrimSpace(s) == "" {
		return lang.L("(empty)")
	}
	if store.IsSealed(s) || key == "sealed_notes" {
		return sealedLabel()
	}
	switch key {
	case "date", "closed_on":
		return dateForEntry(s)
	case "status":
		if table == "sessions" {
			return statusLabel(store.Status(s))
		}
		return store.QuestionStatus(s).Label()
	case "topic":
		return store.Topic(s).Label()
	case "category":
		return store.Category(s).Label()
	case "phase":
		return phaseLabel(s)
	case "gender":
		switch s {
		case "L":
			return lang.L("Male")
		case "P":
			return lang.L("Female")
		}
	case "asked_by":
		return lang.L("a participant ({{.ID}})", map[string]any{"ID": shortID(s)})
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.Local().Format("02-01-2006 15:04")
	}
	return s
}

// plainValue writes a nested value without JSON punctuation: an officer
// {name, nrp, unit} becomes "Name · NRP · Unit".
func plainValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		return x
	case bool:
		if x {
			return lang.L("Yes")
		}
		return lang.L("No")
	case json.Number:
		return x.String()
	case []any:
		var parts []string
		for _, item := range x {
			parts = append(parts, plainValue(item))
		}
		return strings.Join(parts, ", ")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		// an officer's fields in the order a person writes them
		sort.Slice(keys, func(i, j int) bool {
			return keyRank(keys[i]) < keyRank(keys[j]) || keyRank(keys[i]) == keyRank(keys[j]) && keys[i] < keys[j]
		})
		var parts []string
		for _, k := range keys {
			if s := plainValue(x[k]); s != "" && s != "—" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, " · ")
	}
	return fmt.Sprint(v)
}

func keyRank(k string) int {
	switch k {
	case "name":
		return 0
	case "nrp":
		return 1
	case "unit":
		return 2
	}
	return 3
}

// showMessage is an information dialog with a title and a sentence.
func (m *mainWindow) showMessage(title, msg string) {
	d := dialog.NewInformation(title, msg, m.win)
	showDialog(d, m.win, d.Hide)
}
