package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// mergesView is an imported session's "Import history": every bundle that
// changed it, who sent it, and "Undo the last import".
type mergesView struct {
	mw      *mainWindow
	session store.Session
	merges  []store.MergeRecord
	rows    *fyne.Container
	undo    *widget.Button
	warning *fyne.Container // "N conflicts wait" with a button
	// onUndone runs after an undo: the session screen reloads (or goes
	// back to the list when the undo removed the session).
	onUndone func(removed bool)
}

func newMergesView(mw *mainWindow, session store.Session) *mergesView {
	return &mergesView{mw: mw, session: session}
}

// mergeColumns: when, from, bundle, rows, state.
var mergeColumns = columnsLayout{widths: []float32{170, -3, -2, 100, 250}}

func (v *mergesView) buildUI() fyne.CanvasObject {
	v.rows = container.NewVBox()
	v.undo = &widget.Button{Text: lang.L("Undo the last import…"), Icon: theme.ContentUndoIcon(), Importance: widget.DangerImportance,
		OnTapped: v.onUndo}
	v.undo.Disable()
	v.warning = container.NewStack()
	hint := muted(lang.L("Each bundle that changed this session. Undoing the last import puts every row it changed back as it was before; a session it brought is removed."))
	header := container.New(mergeColumns, columnHeader(lang.L("Imported")), columnHeader(lang.L("From")),
		columnHeader(lang.L("Bundle")), columnHeader(lang.L("Rows")), columnHeader(""))
	top := container.NewVBox(v.warning, container.NewBorder(nil, nil, nil, container.NewVBox(v.undo), hint), header, widget.NewSeparator())
	return container.NewBorder(top, nil, nil, nil, container.NewVScroll(v.rows))
}

func (v *mergesView) load() {
	var merges []store.MergeRecord
	var conflicts map[string]int
	v.mw.work.run(func() (err error) {
		if merges, err = v.mw.store.Merges(context.Background(), v.session.ID); err != nil {
			return err
		}
		conflicts, err = v.mw.store.ConflictCounts(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			v.mw.showError(lang.L("The import history could not be read."), err)
			return
		}
		v.merges = merges
		v.fill(conflicts[v.session.ID])
	})
}

func (v *mergesView) fill(conflicts int) {
	v.rows.Objects = nil
	v.undo.Disable()
	if len(v.merges) == 0 {
		v.rows.Add(emptyNote(lang.L("No imports recorded for this session.")))
	}
	for _, m := range v.merges {
		from := m.Officer
		if m.Forwarded {
			from = lang.L("forwarded by {{.Officer}}", map[string]any{"Officer": m.Officer})
		}
		if m.Fingerprint != "" {
			from += " · " + m.Fingerprint
		}
		state := ""
		importance := widget.MediumImportance
		switch {
		case m.UndoneAt != nil:
			state = lang.L("undone {{.When}}", map[string]any{"When": m.UndoneAt.Local().Format("02-01-2006 15:04")})
			importance = widget.LowImportance
		case m.Undoable:
			state = lang.L("latest: can be undone")
			v.undo.Enable()
		}
		cells := []fyne.CanvasObject{
			&widget.Label{Text: m.CreatedAt.Local().Format("02-01-2006 15:04"), Importance: importance},
			&widget.Label{Text: from, Truncation: fyne.TextTruncateEllipsis, Importance: importance, TextStyle: fyne.TextStyle{Bold: true}},
			&widget.Label{Text: m.Bundle, Truncation: fyne.TextTruncateEllipsis, Importance: importance},
			&widget.Label{Text: lang.L("{{.N}} rows", map[string]any{"N": m.Rows}), Importance: importance},
			&widget.Label{Text: state, Truncation: fyne.TextTruncateEllipsis, Importance: importance, TextStyle: fyne.TextStyle{Italic: true}},
		}
		v.rows.Add(container.New(mergeColumns, cells...))
	}
	v.rows.Refresh()
	v.warning.Objects = nil
	if conflicts > 0 {
		text := widget.NewLabelWithStyle(lang.L("{{.N}} conflicts in this session wait for your decision.", map[string]any{"N": conflicts}),
			fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		text.Importance = widget.DangerImportance
		open := &widget.Button{Text: lang.L("Open conflicts"), Icon: theme.WarningIcon(), Importance: widget.WarningImportance,
			OnTapped: func() { newTrustScreen(v.mw, trustTabConflicts).show() }}
		v.warning.Objects = []fyne.CanvasObject{container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), open, text)}
	}
	v.warning.Refresh()
}

// latest is the merge that can be undone, if any.
func (v *mergesView) latest() (store.MergeRecord, bool) {
	for _, m := range v.merges {
		if m.Undoable && m.UndoneAt == nil {
			return m, true
		}
	}
	return store.MergeRecord{}, false
}

func (v *mergesView) onUndo() {
	m, ok := v.latest()
	if !ok {
		return
	}
	msg := lang.L("Undo the import of {{.Bundle}} from {{.Officer}} ({{.When}})?\n\nEvery row it changed ({{.N}}) is put back as it was before. If that bundle brought this session, the session is removed here.",
		map[string]any{"Bundle": m.Bundle, "Officer": m.Officer, "When": m.CreatedAt.Local().Format("02-01-2006 15:04"), "N": m.Rows})
	v.mw.confirm(lang.L("Undo the last import?"), msg, lang.L("Undo import"), func() {
		removed := false
		v.mw.work.run(func() error {
			if err := v.mw.store.UndoMerge(context.Background(), m.ID); err != nil {
				return err
			}
			_, err := v.mw.store.Session(context.Background(), v.session.ID)
			removed = errors.Is(err, store.ErrNotFound)
			return nil
		}, func(err error) {
			switch {
			case errors.Is(err, store.ErrStaleMerge):
				v.mw.showMessage(lang.L("This import cannot be undone"),
					lang.L("The session changed after this import (a later import, a decided conflict or a follow-up closed here). Undo the later change first; nothing was changed."))
				v.load()
				return
			case err != nil:
				v.mw.showError(lang.L("The import could not be undone."), err)
				v.load()
				return
			}
			v.mw.showNotice(lang.L("Import of {{.Bundle}} undone.", map[string]any{"Bundle": m.Bundle}), "", nil)
			if v.onUndone != nil {
				v.onUndone(removed)
			}
		})
	})
}
