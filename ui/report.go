package ui

import (
	"context"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// prefReportsDir remembers the folder reports are saved in.
const prefReportsDir = "reports.dir"

// reportScreen is the session's report tab: what the printed report will
// contain, finalizing ("Selesai") or reopening the session, saving the
// report and the paper forms as PDF into the reports folder, and the
// documentation photos.
type reportScreen struct {
	mw       *mainWindow
	session  store.Session
	readOnly bool
	dir      string // the reports folder
	lastPath string // the PDF saved last, for Buka

	summary     *widget.Label
	fingerprint *widget.Label
	state       *widget.Label
	folder      *widget.Label
	saved       *widget.Label
	progress    *widget.ProgressBarInfinite
	finalizeBtn *widget.Button
	saveBtn     *widget.Button
	sheetBtn    *widget.Button
	answersBtn  *widget.Button
	openBtn     *widget.Button
	folderBtn   *widget.Button
	changeBtn   *widget.Button
	logoBtn     *widget.Button
	noLogoBtn   *widget.Button
	photos      *photosPanel

	// open shows a file or folder in the system's viewer; tests replace it.
	open func(path string) error
}

func newReportScreen(mw *mainWindow, session store.Session) *reportScreen {
	return &reportScreen{mw: mw, session: session, readOnly: session.ReadOnly(),
		open: openInSystem}
}

func (r *reportScreen) buildUI() fyne.CanvasObject {
	r.summary = &widget.Label{Wrapping: fyne.TextWrapWord}
	r.fingerprint = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true})
	r.state = muted("")
	r.folder = &widget.Label{Wrapping: fyne.TextWrapBreak}
	r.saved = muted("")
	r.progress = widget.NewProgressBarInfinite()
	r.progress.Stop()
	r.progress.Hide()

	if r.readOnly {
		r.finalizeBtn = &widget.Button{Text: lang.L("Reopen…"), Icon: theme.ViewRefreshIcon(), OnTapped: r.confirmReopen}
	} else {
		r.finalizeBtn = &widget.Button{Text: lang.L("Finalize (Selesai)…"), Icon: theme.ConfirmIcon(), OnTapped: r.confirmFinalize}
	}
	r.saveBtn = &widget.Button{Text: lang.L("Save PDF"), Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance,
		OnTapped: func() { r.export(report.KindReport) }}
	r.openBtn = &widget.Button{Text: lang.L("Open"), Icon: theme.FileIcon(), OnTapped: r.onOpen}
	r.openBtn.Disable()
	r.folderBtn = &widget.Button{Text: lang.L("Open folder"), Icon: theme.FolderOpenIcon(), OnTapped: r.onOpenFolder}
	r.changeBtn = &widget.Button{Text: lang.L("Change folder…"), Importance: widget.LowImportance, OnTapped: r.onChangeFolder}
	r.sheetBtn = &widget.Button{Text: lang.L("Blank attendance sheet"), Icon: theme.DocumentIcon(),
		OnTapped: func() { r.export(report.KindSheet) }}
	r.answersBtn = &widget.Button{Text: lang.L("Answer sheets"), Icon: theme.DocumentIcon(),
		OnTapped: func() { r.export(report.KindAnswerSheet) }}
	r.logoBtn = &widget.Button{Text: lang.L("Letterhead logo…"), Importance: widget.LowImportance, OnTapped: r.onLogo}
	r.noLogoBtn = &widget.Button{Text: lang.L("Remove logo"), Importance: widget.LowImportance, OnTapped: r.onRemoveLogo}

	left := container.NewVBox(
		heading(lang.L("Session report")),
		r.state,
		container.NewHBox(r.finalizeBtn, layout.NewSpacer()),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("The report will contain"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		r.summary,
		r.fingerprint,
		widget.NewSeparator(),
		container.NewHBox(r.saveBtn, r.openBtn, r.folderBtn),
		r.progress,
		r.saved,
		container.NewBorder(nil, nil, widget.NewLabel(lang.L("Reports folder:")), r.changeBtn, r.folder),
		widget.NewSeparator(),
		widget.NewLabelWithStyle(lang.L("Paper forms, for when the laptop cannot be used"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		container.NewHBox(r.sheetBtn, r.answersBtn),
		container.NewHBox(r.logoBtn, r.noLogoBtn, layout.NewSpacer()),
	)
	r.photos = newPhotosPanel(r.mw, r.session)
	r.photos.onChanged = r.load
	split := container.NewHSplit(container.NewVScroll(left), r.photos.buildUI())
	split.SetOffset(0.5)
	r.load()
	r.photos.load()
	return split
}

// reportSummary is what load reads off the UI goroutine.
type reportSummary struct {
	data    *report.SessionData
	dir     string
	hasLogo bool
}

// load reads the session's report data and the reports folder, then shows
// the summary. The workspace calls it again when the tab is shown.
func (r *reportScreen) load() {
	var s reportSummary
	r.mw.work.run(func() (err error) {
		ctx := context.Background()
		s.data, err = report.Load(ctx, r.mw.store, r.mw.packsDir(), r.session.ID)
		if err != nil {
			return err
		}
		s.dir = filepath.Join(r.mw.store.Dir(), "laporan")
		if dir, ok := r.mw.store.Preference(ctx, prefReportsDir); ok && dir != "" {
			s.dir = dir
		}
		s.hasLogo = report.HasLogo(r.mw.store.Dir())
		return nil
	}, func(err error) {
		if err != nil {
			r.mw.showError(lang.L("The report could not be prepared."), err)
			return
		}
		r.show(s)
	})
}

func (r *reportScreen) show(s reportSummary) {
	d := s.data
	r.session = d.Session
	r.dir = s.dir
	r.folder.SetText(s.dir)
	if s.hasLogo {
		r.noLogoBtn.Show()
	} else {
		r.noLogoBtn.Hide()
	}
	if d.Finalized() {
		when := ""
		if d.Session.FinalizedAt != nil {
			when = shortDate(d.Session.FinalizedAt.Local().Format("2006-01-02"))
		}
		r.state.SetText(lang.L("Finalized {{.Date}}: the session is locked; only follow-ups can still change. Reopening raises its version, so printed reports no longer match.", map[string]any{"Date": when}))
	} else {
		r.state.SetText(lang.L("Draft: every page of the report says DRAF until the session is finalized."))
	}
	r.summary.SetText(summaryText(d))
	r.fingerprint.SetText(lang.L("Fingerprint {{.FP}} · version {{.V}}", map[string]any{"FP": d.Fingerprint, "V": d.Session.Version}))
}

// summaryText lists the report's sections with their numbers.
func summaryText(d *report.SessionData) string {
	t := d.Totals
	lines := []string{
		"• " + lang.L("Session: {{.Date}}, {{.Place}}", map[string]any{"Date": shortDate(d.Session.Date), "Place": d.Session.Village}),
		"• " + lang.L("Participants: {{.N}} (L {{.M}}, P {{.F}}), of whom {{.C}} children", map[string]any{"N": t.Total, "M": t.Male, "F": t.Female, "C": t.Children}),
		"• " + quizSummary(d.Results),
	}
	printed, withheld := 0, 0
	for _, q := range d.Questions {
		if q.Confidential {
			withheld++
		} else {
			printed++
		}
	}
	lines = append(lines,
		"• "+lang.L("Questions: {{.N}} printed, {{.C}} confidential left out", map[string]any{"N": printed, "C": withheld}),
		"• "+lang.L("Documentation photos: {{.N}}", map[string]any{"N": len(d.Photos)}),
		"• "+lang.L("Attendance list (attachment): {{.N}} rows on {{.P}} pages", map[string]any{"N": t.Total, "P": report.AttendancePages(t.Total)}),
		"• "+lang.L("No phone numbers and no confidential questions are printed."))
	return strings.Join(lines, "\n")
}

func quizSummary(r store.Results) string {
	if r.Pre == nil && r.Post == nil {
		return lang.L("Pre-test and post-test: no answers yet")
	}
	part := func(p *store.PhaseResult) string {
		if p == nil {
			return "–"
		}
		return lang.L("{{.N}} people, {{.Mean}}% right", map[string]any{"N": p.N, "Mean": oneDecimal(p.Mean, false)})
	}
	gain := "–"
	if r.Gain != nil {
		gain = oneDecimal(*r.Gain, true)
	}
	return lang.L("Pre-test {{.Pre}}; post-test {{.Post}}; gain {{.Gain}} points",
		map[string]any{"Pre": part(r.Pre), "Post": part(r.Post), "Gain": gain})
}

// setBusy shows the progress bar and keeps the buttons from starting a
// second export while one runs.
func (r *reportScreen) setBusy(busy bool) {
	for _, b := range []*widget.Button{r.saveBtn, r.sheetBtn, r.answersBtn, r.finalizeBtn, r.changeBtn, r.openBtn} {
		if busy {
			b.Disable()
		} else if b != r.openBtn || r.lastPath != "" {
			b.Enable()
		}
	}
	if busy {
		r.saved.SetText(lang.L("Saving the PDF…"))
		r.progress.Show()
		r.progress.Start()
	} else {
		r.progress.Stop()
		r.progress.Hide()
	}
}

// export writes one of the session's documents into the reports folder,
// in the background, from data read at that moment.
func (r *reportScreen) export(kind string) {
	r.mw.commitEdits()
	dir := r.dir
	if dir == "" {
		return // not loaded yet
	}
	var path string
	r.setBusy(true)
	r.mw.work.run(func() error {
		data, err := report.Load(context.Background(), r.mw.store, r.mw.packsDir(), r.session.ID)
		if err != nil {
			return err
		}
		path = filepath.Join(dir, report.FileName(kind, data.Session))
		opts := report.Options{AppVersion: r.mw.opts.Version}
		return report.WriteFile(path, func(w io.Writer) error {
			switch kind {
			case report.KindSheet:
				return report.AttendanceSheet(w, data, report.DefaultSheetRows, opts)
			case report.KindAnswerSheet:
				return report.AnswerSheet(w, data, opts)
			}
			return report.SessionReport(w, data, opts)
		})
	}, func(err error) {
		r.setBusy(false)
		if err != nil {
			r.saved.SetText("")
			r.mw.showError(lang.L("The PDF could not be saved. Check that the reports folder can be written to."), err)
			return
		}
		r.lastPath = path
		r.openBtn.Enable()
		r.saved.SetText(lang.L("Saved: {{.File}}", map[string]any{"File": filepath.Base(path)}))
		r.mw.showNotice(lang.L("PDF saved: {{.File}}", map[string]any{"File": filepath.Base(path)}), lang.L("Open"), func() { r.openPath(path) })
	})
}

func (r *reportScreen) onOpen() {
	if r.lastPath != "" {
		r.openPath(r.lastPath)
	}
}

func (r *reportScreen) onOpenFolder() {
	if err := os.MkdirAll(r.dir, 0o755); err != nil {
		r.mw.showError(lang.L("The reports folder could not be opened."), err)
		return
	}
	r.openPath(r.dir)
}

func (r *reportScreen) openPath(path string) {
	if err := r.open(path); err != nil {
		r.mw.showError(lang.L("The file could not be opened. Open it from the reports folder instead."), err)
	}
}

// onChangeFolder lets the officer pick another reports folder; it is
// remembered for the next time.
func (r *reportScreen) onChangeFolder() {
	d := dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		path := dir.Path()
		r.mw.work.run(func() error {
			return r.mw.store.SetPreference(context.Background(), prefReportsDir, path)
		}, func(err error) {
			if err != nil {
				log.Printf("remember reports folder: %v", err)
			}
			r.dir = path
			r.folder.SetText(path)
		})
	}, r.mw.win)
	showFileDialog(d, r.dir)
}

func (r *reportScreen) confirmFinalize() {
	r.mw.commitEdits()
	msg := lang.L("After this, the details, attendance, quiz answers, questions and photos of this session can no longer be changed (follow-ups still can). The report is no longer marked DRAF.\n\nFinalize the session?")
	r.mw.confirm(lang.L("Finalize session"), msg, lang.L("Finalize"), func() { r.setFinalized(true) })
}

func (r *reportScreen) confirmReopen() {
	r.mw.commitEdits()
	msg := lang.L("The session can be changed again. Its version goes up, so the fingerprint changes and reports printed before no longer match it.\n\nReopen the session?")
	r.mw.confirm(lang.L("Reopen session"), msg, lang.L("Reopen"), func() { r.setFinalized(false) })
}

// setFinalized locks or unlocks the session, then rebuilds the workspace
// so that every tab follows.
func (r *reportScreen) setFinalized(finalize bool) {
	id := r.session.ID
	r.mw.work.run(func() (err error) {
		if finalize {
			_, err = r.mw.store.FinalizeSession(context.Background(), id)
		} else {
			_, err = r.mw.store.ReopenSession(context.Background(), id)
		}
		return err
	}, func(err error) {
		if err != nil {
			r.mw.showError(lang.L("The session status could not be changed."), err)
			return
		}
		r.mw.openSession(id)
	})
}

// onLogo picks an image for the letterhead of every report.
func (r *reportScreen) onLogo() {
	d := dialog.NewFileOpen(func(f fyne.URIReadCloser, err error) {
		if err != nil || f == nil {
			return
		}
		r.mw.work.run(func() error {
			defer f.Close()
			return report.SaveLogo(r.mw.store.Dir(), f)
		}, func(err error) {
			if err != nil {
				showImageError(r.mw, err)
				return
			}
			r.mw.showNotice(lang.L("The logo is printed on the letterhead of every report."), "", nil)
			r.load()
		})
	}, r.mw.win)
	d.SetFilter(storage.NewExtensionFileFilter(imageExtensions))
	showFileDialog(d, "")
}

func (r *reportScreen) onRemoveLogo() {
	r.mw.work.run(func() error {
		return report.RemoveLogo(r.mw.store.Dir())
	}, func(err error) {
		if err != nil {
			r.mw.showError(lang.L("The logo could not be removed."), err)
			return
		}
		r.load()
	})
}
