// Command penyuluh opens the Penyuluh window, or runs one headless
// subcommand. See README.md (Command line) for the contract every
// subcommand keeps.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/penyuluh/penyuluh/assets"
	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
	"github.com/penyuluh/penyuluh/ui"
	_ "github.com/penyuluh/penyuluh/ui/syslocale" // must run before Fyne reads the locale
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes of the command line.
const (
	exitOK     = 0
	exitFailed = 1
	exitUsage  = 2
)

// usageError is a mistake in how the command was called (exit 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// flagKind says whether a flag takes a value.
type flagKind int

const (
	boolFlag flagKind = iota
	valueFlag
	listFlag // a value flag that may repeat
)

// globalFlags are accepted by every subcommand and by the window.
var globalFlags = map[string]flagKind{"data": valueFlag, "help": boolFlag, "h": boolFlag}

type command struct {
	name    string
	args    string // positional arguments, for the usage line
	summary string
	flags   map[string]flagKind
	minArgs int
	maxArgs int
	run     func(inv *invocation) error
}

// invocation is one parsed command line.
type invocation struct {
	args   []string
	flags  map[string][]string
	stdout io.Writer
	stderr io.Writer
	data   string
}

func (inv *invocation) has(name string) bool { return len(inv.flags[name]) > 0 }

func (inv *invocation) value(name string) string {
	if v := inv.flags[name]; len(v) > 0 {
		return v[len(v)-1]
	}
	return ""
}

func (inv *invocation) intValue(name string, def, min, max int) (int, error) {
	v := inv.value(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min || n > max {
		return 0, usagef("--%s must be a whole number from %d to %d", name, min, max)
	}
	return n, nil
}

// printJSON writes v as one JSON document.
func (inv *invocation) printJSON(v any) error {
	enc := json.NewEncoder(inv.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func commands() []*command {
	return []*command{
		{name: "version", summary: "print the version", flags: jsonFlag, run: runVersion},
		{name: "check", summary: "open or create the database and check it (quick_check)", flags: jsonFlag, run: runCheck},
		{name: "backup", summary: "write a snapshot to the backups folder and print its path", run: runBackup},
		{name: "restore", args: "FILE", summary: "put a backup back (the current data is snapshotted first)", minArgs: 1, maxArgs: 1, run: runRestore},
		{name: "sessions", summary: "list sessions", flags: jsonFlag, run: runSessions},
		{name: "attendees", args: "import SESSION FILE.csv|FILE.xlsx", summary: "import a pre-registered attendance list (all rows or none)", minArgs: 3, maxArgs: 3, run: runAttendees},
		{name: "content", args: "validate [DIR|ZIP] | list | install DIR|ZIP", summary: "check a content pack (no argument: the bundled one), list or install packs", flags: jsonFlag, minArgs: 1, maxArgs: 2, run: runContent},
		{name: "results", args: "SESSION", summary: "pre-test and post-test results (scores are computed, never stored)", flags: jsonFlag, minArgs: 1, maxArgs: 1, run: runResults},
		{name: "report", args: "SESSION", summary: "write the session's report as PDF (-o FILE.pdf) and print its path", flags: map[string]flagKind{"o": valueFlag}, minArgs: 1, maxArgs: 1, run: runReport},
		{name: "sheet", summary: "write a blank attendance sheet as PDF (-o FILE.pdf, --rows N, --session SESSION)", flags: map[string]flagKind{"o": valueFlag, "rows": valueFlag, "session": valueFlag}, run: runSheet},
		{name: "answersheet", summary: "write a session's paper answer sheets for the pre-test and post-test as PDF (-o FILE.pdf)", flags: map[string]flagKind{"o": valueFlag, "session": valueFlag}, run: runAnswersheet},
		{name: "export", args: "SESSION", summary: "write the session's bundle into a folder (-o DIR), encrypted to --to KEY or the coordinator's keys in settings, and print its path", flags: map[string]flagKind{"o": valueFlag, "to": listFlag}, minArgs: 1, maxArgs: 1, run: runExport},
		{name: "import", args: "FILE|DIR...", summary: "verify and merge session bundles (--identity FILE opens encrypted ones); exit 1 if any was rejected", flags: map[string]flagKind{"identity": valueFlag, "json": boolFlag}, minArgs: 1, maxArgs: 10000, run: runImport},
		{name: "keygen", summary: "create the coordinator's key pair: the identity file (-o FILE) and the public key, printed last", flags: map[string]flagKind{"o": valueFlag}, run: runKeygen},
		{name: "recap", summary: "the coordinator's recap of a period and region as PDF or XLSX (-o FILE.pdf|FILE.xlsx, --from/--to YYYY-MM-DD, --regency, --district, --phones)", flags: map[string]flagKind{"o": valueFlag, "from": valueFlag, "to": valueFlag, "regency": valueFlag, "district": valueFlag, "phones": boolFlag}, run: runRecap},
		{name: "demo", summary: "create a sample session titled DEMO and print its id", flags: map[string]flagKind{"seed": valueFlag, "participants": valueFlag, "sessions": valueFlag}, run: runDemo},
	}
}

var jsonFlag = map[string]flagKind{"json": boolFlag}

func run(argv []string, stdout, stderr io.Writer) int {
	cmds := commands()
	inv, cmd, err := parse(argv, cmds)
	if err == nil && inv.has("help") {
		printUsage(stdout, cmds)
		return exitOK
	}
	if err == nil && cmd == nil {
		err = openWindow(inv)
	} else if err == nil {
		inv.stdout, inv.stderr = stdout, stderr
		err = cmd.run(inv)
	}
	var uerr usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &uerr):
		fmt.Fprintf(stderr, "penyuluh: %s (see 'penyuluh --help')\n", uerr.msg)
		return exitUsage
	default:
		fmt.Fprintf(stderr, "penyuluh: %s\n", explain(err))
		return exitFailed
	}
}

// parse finds the subcommand and its flags anywhere on the line: flags may
// come before or after positional arguments, and -x is the same as --x.
func parse(argv []string, cmds []*command) (*invocation, *command, error) {
	inv := &invocation{flags: map[string][]string{}}
	known := map[string]flagKind{}
	for _, c := range cmds {
		for name, kind := range c.flags {
			known[name] = kind
		}
	}
	for name, kind := range globalFlags {
		known[name] = kind
	}
	var positional []string
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			positional = append(positional, argv[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			positional = append(positional, a)
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		kind, ok := known[name]
		if !ok {
			return nil, nil, usagef("unknown flag %s", a)
		}
		if kind == boolFlag {
			if hasValue {
				return nil, nil, usagef("flag --%s takes no value", name)
			}
			value = "true"
		} else if !hasValue {
			if i+1 >= len(argv) {
				return nil, nil, usagef("flag --%s needs a value", name)
			}
			i++
			value = argv[i]
		}
		inv.flags[name] = append(inv.flags[name], value)
	}
	inv.data = inv.value("data")
	if len(positional) == 0 {
		for name := range inv.flags {
			if _, global := globalFlags[name]; !global {
				return nil, nil, usagef("flag --%s needs a subcommand", name)
			}
		}
		return inv, nil, nil
	}
	var cmd *command
	for _, c := range cmds {
		if c.name == positional[0] {
			cmd = c
		}
	}
	if cmd == nil {
		return nil, nil, usagef("unknown command %q", positional[0])
	}
	for name, values := range inv.flags {
		kind, ok := cmd.flags[name]
		if _, global := globalFlags[name]; !ok && !global {
			return nil, nil, usagef("%s does not take --%s", cmd.name, name)
		}
		if kind != listFlag && len(values) > 1 {
			return nil, nil, usagef("--%s given more than once", name)
		}
	}
	inv.args = positional[1:]
	if len(inv.args) < cmd.minArgs || len(inv.args) > cmd.maxArgs {
		return nil, nil, usagef("usage: penyuluh %s %s", cmd.name, cmd.args)
	}
	return inv, cmd, nil
}

func printUsage(w io.Writer, cmds []*command) {
	fmt.Fprintln(w, "Penyuluh: sosialisasi pencegahan TPPO dan migrasi aman.")
	fmt.Fprintln(w, "\nUsage:\n  penyuluh [--data DIR]                 open the window")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range cmds {
		fmt.Fprintf(tw, "  penyuluh %s %s\t%s\n", c.name, c.args, c.summary)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nEvery command takes --data DIR (else $PENYULUH_DATA, else the \"data\" folder beside the program")
	fmt.Fprintln(w, "when a file named \"portable\" is there, else the per-user data folder).")
	fmt.Fprintln(w, "Flags may come before or after arguments; the result is the last line of stdout.")
}

// explain turns an error into the one line a person reads.
func explain(err error) string {
	switch {
	case errors.Is(err, store.ErrLocked):
		return "Penyuluh is already running with this data folder; close it first (or use --data for another folder)"
	case errors.Is(err, store.ErrDamaged):
		return err.Error() + "; the file was left untouched: restore a backup with 'penyuluh restore FILE'"
	case errors.Is(err, store.ErrNewerSchema):
		return err.Error() + "; install the newer Penyuluh (the file was left untouched)"
	}
	// The same words on every system, not Windows' "GetFileAttributesEx …:
	// The system cannot find the file specified."
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) && errors.Is(err, fs.ErrNotExist) {
		return pathErr.Path + " does not exist"
	}
	return err.Error()
}

// openStore opens the data folder for writing. Reading commands pass
// readOnlyOK so they still work while the window holds the folder.
func openStore(inv *invocation, readOnlyOK bool) (*store.Store, error) {
	dir, err := store.DataDir(inv.data)
	if err != nil {
		return nil, err
	}
	s, err := store.Open(dir, store.Options{})
	if errors.Is(err, store.ErrLocked) && readOnlyOK {
		return store.Open(dir, store.Options{ReadOnly: true})
	}
	return s, err
}

// openReader opens the data folder read-only for commands that only read:
// without the folder lock (the window may be open) and without the
// quick_check that takes longer than the read itself on a large file. A
// folder without a database yet is created the normal way.
func openReader(inv *invocation) (*store.Store, error) {
	dir, err := store.DataDir(inv.data)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, store.FileName)); err == nil {
		s, err := store.Open(dir, store.Options{ReadOnly: true})
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, store.ErrOlderSchema) {
			return nil, err
		}
	}
	return openStore(inv, true)
}

func runVersion(inv *invocation) error {
	if inv.has("json") {
		return inv.printJSON(map[string]any{"version": version, "schema": store.LatestSchema(), "go": runtime.Version()})
	}
	fmt.Fprintln(inv.stdout, "penyuluh", version)
	return nil
}

func runCheck(inv *invocation) error {
	s, err := openStore(inv, true)
	if err != nil {
		return err
	}
	defer s.Close()
	v, err := s.SchemaVersion()
	if err != nil {
		return err
	}
	if inv.has("json") {
		return inv.printJSON(map[string]any{"status": "ok", "schema": v, "path": s.Path()})
	}
	fmt.Fprintf(inv.stderr, "database %s\n", s.Path())
	fmt.Fprintf(inv.stdout, "ok schema %d\n", v)
	return nil
}

func runBackup(inv *invocation) error {
	s, err := openStore(inv, true)
	if err != nil {
		return err
	}
	defer s.Close()
	path, err := s.Backup(context.Background())
	if err != nil {
		return err
	}
	fmt.Fprintln(inv.stdout, path)
	return nil
}

func runRestore(inv *invocation) error {
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	snapshot, err := s.Restore(context.Background(), inv.args[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(inv.stderr, "the data before the restore is saved as %s\n", snapshot)
	fmt.Fprintln(inv.stdout, s.Path())
	return nil
}

func runSessions(inv *invocation) error {
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Sessions(context.Background())
	if err != nil {
		return err
	}
	if inv.has("json") {
		return inv.printJSON(list)
	}
	tw := tabwriter.NewWriter(inv.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DATE\tTITLE\tPLACE\tPARTICIPANTS\tSTATUS\tID")
	for _, l := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s, %s, %s\t%d\t%s\t%s\n", l.Date, l.Title, l.Village, l.District, l.Regency, l.Participants, l.Status, l.ID)
	}
	tw.Flush()
	fmt.Fprintf(inv.stdout, "%d sessions\n", len(list))
	return nil
}

func runDemo(inv *invocation) error {
	opts := store.DemoOptions{}
	if v := inv.value("seed"); v != "" {
		seed, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return usagef("--seed must be a whole number")
		}
		opts.Seed = &seed
	}
	n, err := inv.intValue("participants", 60, 0, 5000)
	if err != nil {
		return err
	}
	opts.Participants = n
	pack := content.Default()
	opts.PackID, opts.PackVersion, opts.Quiz = pack.ID, pack.Version, ui.PackQuiz(pack)
	count, err := inv.intValue("sessions", 1, 1, 100000)
	if err != nil {
		return err
	}
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	for i := 0; i < count; i++ {
		if opts.Seed != nil && i > 0 {
			*opts.Seed++
		}
		sess, err := s.Demo(context.Background(), opts)
		if err != nil {
			return err
		}
		if count == 1 {
			fmt.Fprintf(inv.stderr, "created %s (%s, %s)\n", sess.Title, sess.Village, sess.Date)
		}
		fmt.Fprintln(inv.stdout, sess.ID)
	}
	return nil
}

// packsDir is where installed content packs live in a data folder.
func packsDir(dataDir string) string { return filepath.Join(dataDir, "packs") }

func runContent(inv *invocation) error {
	switch inv.args[0] {
	case "validate":
		return runContentValidate(inv)
	case "list":
		return runContentList(inv)
	case "install":
		if len(inv.args) != 2 {
			return usagef("usage: penyuluh content install DIR|ZIP")
		}
		dir, err := store.DataDir(inv.data)
		if err != nil {
			return err
		}
		pack, err := content.Install(inv.args[1], packsDir(dir))
		if err != nil {
			return err
		}
		fmt.Fprintf(inv.stdout, "%s %s\n", pack.ID, pack.Version)
		return nil
	}
	return usagef("usage: penyuluh content validate [DIR|ZIP] | list | install DIR|ZIP")
}

// runContentValidate prints every problem as file:line: message; warnings
// do not change the exit code.
func runContentValidate(inv *invocation) error {
	var pack *content.Pack
	var problems []content.Problem
	var err error
	name := "bundled pack"
	if len(inv.args) == 2 {
		name = inv.args[1]
		pack, problems, err = content.Load(name)
	} else {
		pack, problems, err = content.LoadFS(content.DefaultFS())
	}
	for _, p := range problems {
		fmt.Fprintln(inv.stdout, p.String())
	}
	if err != nil && len(problems) == 0 {
		fmt.Fprintln(inv.stdout, name+": "+err.Error())
	}
	if pack == nil {
		return fmt.Errorf("%s is not a valid pack", name)
	}
	fmt.Fprintf(inv.stdout, "%s %s: %d slides, %d quiz questions\n", pack.ID, pack.Version, len(pack.Slides), len(pack.Questions))
	return nil
}

func runContentList(inv *invocation) error {
	dir, err := store.DataDir(inv.data)
	if err != nil {
		return err
	}
	packs, err := content.Installed(packsDir(dir))
	var broken content.PackErrors
	if err != nil && !errors.As(err, &broken) {
		return err
	}
	for _, b := range broken {
		fmt.Fprintln(inv.stderr, "skipped:", b.Error())
	}
	type row struct {
		ID        string `json:"id"`
		Version   string `json:"version"`
		Title     string `json:"title"`
		Language  string `json:"language"`
		CheckedOn string `json:"checked_on"`
		Slides    int    `json:"slides"`
		Questions int    `json:"questions"`
		Bundled   bool   `json:"bundled"`
	}
	rows := []row{}
	for i, p := range packs {
		rows = append(rows, row{p.ID, p.Version, p.Title, p.Language, p.CheckedOn.Format("2006-01-02"),
			len(p.Slides), len(p.Questions), i == 0})
	}
	if inv.has("json") {
		return inv.printJSON(rows)
	}
	tw := tabwriter.NewWriter(inv.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tVERSION\tCHECKED ON\tSLIDES\tQUESTIONS\tTITLE")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", r.ID, r.Version, r.CheckedOn, r.Slides, r.Questions, r.Title)
	}
	tw.Flush()
	fmt.Fprintf(inv.stdout, "%d packs\n", len(rows))
	return nil
}

func runAttendees(inv *invocation) error {
	if inv.args[0] != "import" {
		return usagef("usage: penyuluh attendees import SESSION FILE.csv|FILE.xlsx")
	}
	sessionID, file := inv.args[1], inv.args[2]
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	preview, err := store.ReadAttendees(file, f)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	for _, w := range preview.Warnings() {
		fmt.Fprintln(inv.stderr, "warning:", w)
	}
	if problems := preview.Problems(); len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(inv.stderr, p)
		}
		return fmt.Errorf("%s: invalid rows: %d; nothing was imported", file, len(problems))
	}
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.ImportAttendees(context.Background(), sessionID, preview)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no session %s", sessionID)
	}
	if err != nil {
		return err
	}
	if len(preview.IgnoredColumns) > 0 {
		fmt.Fprintf(inv.stderr, "ignored columns: %s\n", strings.Join(preview.IgnoredColumns, ", "))
	}
	fmt.Fprintf(inv.stdout, "%d participants imported\n", n)
	return nil
}

func runResults(inv *invocation) error {
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	if _, err := s.Session(ctx, inv.args[0]); err != nil {
		return fmt.Errorf("session %s: %w", inv.args[0], err)
	}
	data, err := s.QuizData(ctx, inv.args[0])
	if err != nil {
		return err
	}
	r := store.ComputeResults(data)
	if inv.has("json") {
		return inv.printJSON(r)
	}
	for _, phase := range []struct {
		name string
		res  *store.PhaseResult
	}{{"pre-test", r.Pre}, {"post-test", r.Post}} {
		if phase.res == nil {
			fmt.Fprintf(inv.stdout, "%s: no results\n", phase.name)
			continue
		}
		median := "-"
		if phase.res.Median != nil {
			median = fmt.Sprintf("%.1f%%", *phase.res.Median)
		}
		fmt.Fprintf(inv.stdout, "%s (%s): n=%d, mean %.1f%%, median %s\n", phase.name, phase.res.Source, phase.res.N, phase.res.Mean, median)
	}
	if len(r.Weakest) > 0 {
		fmt.Fprintln(inv.stdout, "questions, most often wrong first (pre → post % correct):")
		pct := func(v *float64) string {
			if v == nil {
				return "-"
			}
			return fmt.Sprintf("%.0f", *v)
		}
		for _, q := range r.Weakest {
			fmt.Fprintf(inv.stdout, "  %-4s %4s → %4s  %s\n", q.ID, pct(q.Pre), pct(q.Post), q.Text)
		}
	}
	gain, matched := "-", "-"
	if r.Gain != nil {
		gain = fmt.Sprintf("%+.1f points", *r.Gain)
	}
	if r.MatchedGain != nil {
		matched = fmt.Sprintf("%+.1f points (%d people)", *r.MatchedGain, r.Matched)
	}
	fmt.Fprintf(inv.stdout, "gain %s, matched gain %s\n", gain, matched)
	return nil
}

func runReport(inv *invocation) error {
	return writeSessionPDF(inv, inv.args[0], report.KindReport, func(w io.Writer, data *report.SessionData) error {
		return report.SessionReport(w, data, report.Options{AppVersion: version})
	})
}

func runSheet(inv *invocation) error {
	rows, err := inv.intValue("rows", report.DefaultSheetRows, 1, report.MaxSheetRows)
	if err != nil {
		return err
	}
	return writeSessionPDF(inv, inv.value("session"), report.KindSheet, func(w io.Writer, data *report.SessionData) error {
		return report.AttendanceSheet(w, data, rows, report.Options{AppVersion: version})
	})
}

func runAnswersheet(inv *invocation) error {
	if inv.value("session") == "" {
		return usagef("usage: penyuluh answersheet --session SESSION [-o FILE.pdf]")
	}
	return writeSessionPDF(inv, inv.value("session"), report.KindAnswerSheet, func(w io.Writer, data *report.SessionData) error {
		return report.AnswerSheet(w, data, report.Options{AppVersion: version})
	})
}

// writeSessionPDF loads a session (none for an empty id: a blank form),
// writes one of its documents to -o (default: its usual name in the
// current folder) and prints the file's path as the last line.
func writeSessionPDF(inv *invocation, sessionID, kind string, write func(io.Writer, *report.SessionData) error) error {
	// Writing a PDF is one burst of short-lived allocation (gofpdf makes a
	// fresh compressor for every page); in this short-lived process the
	// collector runs less often, bounded by a memory limit.
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(512 << 20)
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	data, err := report.Load(context.Background(), s, packsDir(s.Dir()), sessionID)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no session %s", sessionID)
	}
	if err != nil {
		return err
	}
	path := inv.value("o")
	if path == "" {
		path = report.FileName(kind, data.Session)
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if err := report.WriteFile(path, func(w io.Writer) error { return write(w, data) }); err != nil {
		return err
	}
	fmt.Fprintln(inv.stdout, path)
	return nil
}

func runExport(inv *invocation) error {
	dir := inv.value("o")
	if dir == "" {
		return usagef("usage: penyuluh export SESSION -o DIR [--to KEY]...")
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("%s is not a folder", dir)
	}
	debug.SetGCPercent(400) // the bundle's PDF, as in writeSessionPDF
	debug.SetMemoryLimit(512 << 20)
	s, err := openStore(inv, true)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	recipients := inv.flags["to"]
	if len(recipients) == 0 {
		keys, err := s.SyncSettings(ctx)
		if err != nil {
			return err
		}
		recipients = keys.Recipients
	}
	res, err := sync.Export(ctx, s, inv.args[0], sync.ExportOptions{Dir: dir, Recipients: recipients,
		AppVersion: version, Report: sync.SessionReport(packsDir(s.Dir()), version)})
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no session %s", inv.args[0])
	}
	if err != nil {
		return err
	}
	if res.Encrypted {
		fmt.Fprintln(inv.stderr, "encrypted for the coordinator: only the coordinator's identity file opens it, not this laptop")
	} else {
		fmt.Fprintf(inv.stderr, "not encrypted: %d confidential questions withheld (set the coordinator's public key, or use --to, to send them)\n",
			res.WithheldConfidential)
	}
	if res.NotMarked {
		fmt.Fprintln(inv.stderr, "the window holds the data folder: the session still shows as not sent")
	}
	path := res.Path
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fmt.Fprintln(inv.stdout, path)
	return nil
}

// runImport merges bundles from files and folders and prints one line per
// bundle, then the totals (last line). Exit 1 when any was rejected;
// conflicts alone are reported and exit 0.
func runImport(inv *invocation) error {
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(512 << 20)
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	identity := inv.value("identity")
	if identity == "" {
		keys, err := s.SyncSettings(ctx)
		if err != nil {
			return err
		}
		identity = keys.IdentityFile
	}
	var opts sync.ImportOptions
	if identity != "" {
		if opts.Identities, err = sync.LoadIdentities(identity); err != nil {
			return err
		}
	}
	results, err := sync.Import(ctx, s, inv.args, opts)
	if err != nil {
		return err
	}
	merged, rejected, rows := sync.Summarize(results)
	if inv.has("json") {
		if err := inv.printJSON(results); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			for _, w := range r.Warnings {
				fmt.Fprintf(inv.stderr, "warning: %s: %s\n", r.Path, w)
			}
			if !r.OK() {
				hint := ""
				if r.Reason == sync.ReasonNeedsKey {
					hint = " (give the coordinator's identity file with --identity FILE)"
				}
				fmt.Fprintf(inv.stdout, "rejected %s: %s%s\n", r.Path, r.Rejected, hint)
				continue
			}
			m := r.Summary
			fmt.Fprintf(inv.stdout, "merged %s: %s, %s (%s, from %s): added %d, updated %d, unchanged %d, conflicts %d\n",
				r.Path, r.Date, r.Village, r.Title, r.Officer, m.Added, m.Updated, m.Unchanged, m.Conflicts)
		}
		fmt.Fprintf(inv.stdout, "%d bundles merged, %d rejected; rows added %d, updated %d, unchanged %d, conflicts %d\n",
			merged, rejected, rows.Added, rows.Updated, rows.Unchanged, rows.Conflicts)
	}
	if rejected > 0 {
		return fmt.Errorf("%d of %d bundles rejected; nothing of them was written", rejected, len(results))
	}
	return nil
}

// runKeygen writes the coordinator's identity file and prints the public
// key last. It never replaces an existing file.
func runKeygen(inv *invocation) error {
	path := inv.value("o")
	if path == "" {
		return usagef("usage: penyuluh keygen -o FILE")
	}
	pub, err := sync.Keygen(path, time.Now())
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: a new key there would lose every bundle sent to the old one; choose another name", path)
	}
	if err != nil {
		return err
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fmt.Fprintf(inv.stderr, "identity file written to %s\n", path)
	fmt.Fprintln(inv.stderr, "BACK IT UP now (e.g. a second USB stick in a locked drawer): without it, encrypted bundles can never be opened.")
	fmt.Fprintln(inv.stderr, "Give officers only the public key below; import with 'penyuluh import --identity FILE DIR'.")
	fmt.Fprintln(inv.stdout, pub)
	return nil
}

// runRecap writes the coordinator's recap; the path is the last line.
func runRecap(inv *invocation) error {
	out := inv.value("o")
	if out == "" {
		return usagef("usage: penyuluh recap [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--regency R] [--district D] [--phones] -o FILE.pdf|FILE.xlsx")
	}
	filter := store.RecapFilter{From: inv.value("from"), To: inv.value("to"), Regency: inv.value("regency"),
		District: inv.value("district")}
	if err := filter.Clean(); err != nil {
		return usagef("%v", err)
	}
	ext := strings.ToLower(filepath.Ext(out))
	if ext != ".xlsx" && ext != ".pdf" {
		return usagef("recap writes FILE.xlsx or FILE.pdf")
	}
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := s.Recap(context.Background(), filter)
	if err != nil {
		return err
	}
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	if ext == ".pdf" {
		settings, err := s.Settings(context.Background())
		if err != nil {
			return err
		}
		err = report.WriteFile(out, func(w io.Writer) error { return report.RecapPDF(w, r, settings, report.Options{AppVersion: version}) })
		if err != nil {
			return err
		}
	} else if err := sync.SaveRecapXLSX(out, r, sync.RecapXLSXOptions{Phones: inv.has("phones")}); err != nil {
		return err
	}
	fmt.Fprintf(inv.stderr, "%d sessions, %d participants\n", r.Totals.Sessions, r.Totals.Participants)
	fmt.Fprintln(inv.stdout, out)
	return nil
}

// openWindow runs the GUI until the window closes or SIGTERM/SIGINT arrive,
// which close it the same way: pending work finishes, the database closes.
func openWindow(inv *invocation) error {
	dir, err := store.DataDir(inv.data)
	if err != nil {
		return err
	}
	logPath, closeLog := logToDataFolder(dir)
	defer closeLog()
	log.Printf("Penyuluh %s, data folder %s", version, dir)
	if err := checkGraphics(); err != nil {
		log.Printf("no usable OpenGL 2.1: %v", err)
		tellNoGraphics(logPath)
		return errors.New("this computer's graphics cannot show the window (OpenGL 2.1 is missing): install the graphics driver; the command line still works")
	}
	app.SetMetadata(fyne.AppMetadata{ID: appID, Name: details.Name, Version: version, Build: details.Build,
		Icon: assets.Icon})
	a := app.NewWithID(appID)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	return ui.Run(a, ui.Options{DataDir: dir, Version: version, Quit: signals})
}
