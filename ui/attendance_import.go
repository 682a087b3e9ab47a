package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/store"
)

// onImport reads a CSV or XLSX list of pre-registered people and shows a
// preview; nothing is saved unless every row is valid and the user agrees.
func (a *attendanceScreen) onImport() {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		name := r.URI().Name()
		var preview *store.ImportPreview
		a.mw.work.run(func() (err error) {
			defer r.Close()
			preview, err = store.ReadAttendees(name, r)
			return err
		}, func(err error) {
			if err != nil {
				d := dialog.NewInformation(lang.L("The list cannot be imported"), name+": "+err.Error(), a.mw.win)
				showDialog(d, a.mw.win, d.Hide)
				return
			}
			a.showImportPreview(preview)
		})
	}, a.mw.win)
	d.SetFilter(storage.NewExtensionFileFilter([]string{".csv", ".xlsx", ".CSV", ".XLSX"}))
	showFileDialog(d, "")
}

func (a *attendanceScreen) showImportPreview(p *store.ImportPreview) {
	problems, warnings := p.Problems(), p.Warnings()
	lines := []string{lang.L("{{.N}} people in {{.File}}.", map[string]any{"N": len(p.Rows), "File": p.File})}
	if len(p.IgnoredColumns) > 0 {
		lines = append(lines, lang.L("Ignored columns: {{.Cols}}", map[string]any{"Cols": strings.Join(p.IgnoredColumns, ", ")}))
	}
	summary := widget.NewLabel(strings.Join(lines, "\n"))
	summary.Wrapping = fyne.TextWrapWord

	var details []string
	for _, msg := range problems {
		details = append(details, "✗ "+msg)
	}
	for _, msg := range warnings {
		details = append(details, "! "+msg)
	}
	rows := p.Rows
	if len(problems) == 0 {
		for _, r := range rows[:min(len(rows), 200)] {
			age := "–"
			if r.Participant.Age != nil {
				age = strconv.Itoa(*r.Participant.Age)
			}
			details = append(details, fmt.Sprintf("%d. %s · %s · %s · %s · %s", r.Line, r.Participant.Name,
				r.Participant.Gender, age, r.Participant.Village, r.Participant.Category.Label()))
		}
	}
	list := widget.NewList(func() int { return len(details) },
		func() fyne.CanvasObject { return &widget.Label{Truncation: fyne.TextTruncateEllipsis} },
		func(i widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(details[i]) })
	status := widget.NewLabel("")
	status.Wrapping = fyne.TextWrapWord
	if len(problems) > 0 {
		status.Importance = widget.DangerImportance
		status.SetText(lang.L("{{.N}} rows have problems. Nothing will be imported: correct the file and try again.", map[string]any{"N": len(problems)}))
	}
	content := container.NewBorder(container.NewVBox(summary, status), nil, nil, nil, list)

	confirm := lang.L("Import {{.N}} people", map[string]any{"N": len(rows)})
	d := dialog.NewCustomConfirm(lang.L("Import attendance list"), confirm, lang.L("Cancel"), content, func(ok bool) {
		if ok && len(problems) == 0 {
			a.importRows(p)
		}
	}, a.mw.win)
	d.Resize(fyne.NewSize(820, 560))
	if len(problems) > 0 {
		d.SetConfirmText(lang.L("Cannot import"))
		d.SetConfirmImportance(widget.LowImportance)
	}
	showDialog(d, a.mw.win, d.Confirm)
}

func (a *attendanceScreen) importRows(p *store.ImportPreview) {
	var n int
	a.mw.work.run(func() (err error) {
		n, err = a.mw.store.ImportAttendees(context.Background(), a.session.ID, p)
		return err
	}, func(err error) {
		if err != nil {
			a.mw.showError(lang.L("The list could not be imported. Nothing was saved."), err)
			return
		}
		a.mw.showNotice(lang.L("{{.N}} participants imported.", map[string]any{"N": n}), "", nil)
		a.load()
	})
}
