// Command penyuluh opens the Penyuluh window, or runs one headless
// subcommand. See README.md (Command line) for the contract every
// subcommand keeps.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
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

// printJSON writes v as one JSON document, indented as json.Encoder with
// SetIndent("", "  ") would. A list goes out an element at a time: a
// province's 10,000 sessions are 4 MB of JSON, which built whole and then
// indented cost a quarter of 'sessions --json'.
func (inv *invocation) printJSON(v any) error {
	w := bufio.NewWriterSize(inv.stdout, 64<<10)
	if err := writeJSON(w, v); err != nil {
		return err
	}
	return w.Flush()
}

func writeJSON(w *bufio.Writer, v any) error {
	list := reflect.ValueOf(v)
	if list.Kind() != reflect.Slice {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if list.Len() == 0 {
		_, err := w.WriteString("[]\n")
		return err
	}
	w.WriteString("[\n")
	for i := range list.Len() {
		b, err := json.MarshalIndent(list.Index(i).Interface(), "  ", "  ")
		if err != nil {
			return err
		}
		w.WriteString("  ")
		w.Write(b)
		if i < list.Len()-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	_, err := w.WriteString("]\n")
	return err
}

func commands() []*command {
	return []*command{
		{name: "version", summary: "print the version", flags: jsonFlag, run: runVersion},
		{name: "check", summary: "open or create the database and check it (quick_check)", flags: jsonFlag, run: runCheck},
		{name: "backup", summary: "write a snapshot to the backups folder and print its path", run: runBackup},
		{name: "restore", args: "FILE", summary: "put a backup back (the current data is snapshotted first)", minArgs: 1, maxArgs: 1, run: runRestore},
		{name: "sessions", summary: "list sessions (--deleted: the deleted ones, which 'undelete' restores)", flags: map[string]flagKind{"json": boolFlag, "deleted": boolFlag}, run: runSessions},
		{name: "undelete", args: "SESSION", summary: "restore a deleted session (also one deleted by an applied bundle)", minArgs: 1, maxArgs: 1, run: runUndelete},
		{name: "attendees", args: "import SESSION FILE.csv|FILE.xlsx", summary: "import a pre-registered attendance list (all rows or none)", minArgs: 3, maxArgs: 3, run: runAttendees},
		{name: "content", args: "validate [DIR|ZIP] | list | install DIR|ZIP", summary: "check a content pack (no argument: the bundled one), list or install packs", flags: jsonFlag, minArgs: 1, maxArgs: 2, run: runContent},
		{name: "results", args: "SESSION", summary: "pre-test and post-test results (scores are computed, never stored)", flags: jsonFlag, minArgs: 1, maxArgs: 1, run: runResults},
		{name: "report", args: "SESSION", summary: "write the session's report as PDF (-o FILE.pdf) and print its path", flags: map[string]flagKind{"o": valueFlag}, minArgs: 1, maxArgs: 1, run: runReport},
		{name: "sheet", summary: "write a blank attendance sheet as PDF (-o FILE.pdf, --rows N, --session SESSION)", flags: map[string]flagKind{"o": valueFlag, "rows": valueFlag, "session": valueFlag}, run: runSheet},
		{name: "answersheet", summary: "write a session's paper answer sheets for the pre-test and post-test as PDF (-o FILE.pdf)", flags: map[string]flagKind{"o": valueFlag, "session": valueFlag}, run: runAnswersheet},
		{name: "export", args: "SESSION", summary: "write the session's bundle into a folder (-o DIR), encrypted to --to KEY or the coordinator's keys in settings, and print its path", flags: map[string]flagKind{"o": valueFlag, "to": listFlag}, minArgs: 1, maxArgs: 1, run: runExport},
		{name: "import", args: "FILE|DIR...", summary: "verify and merge session bundles (--identity FILE opens encrypted ones, asking its passphrase or reading --passphrase-file FILE); exit 1 if any was rejected", flags: map[string]flagKind{"identity": valueFlag, "passphrase-file": valueFlag, "json": boolFlag}, minArgs: 1, maxArgs: 10000, run: runImport},
		{name: "officer-key", summary: "this laptop's public signing key for the coordinator: officer, fingerprint, the key last (-o FILE also writes a key file)", flags: map[string]flagKind{"o": valueFlag, "json": boolFlag}, run: runOfficerKey},
		{name: "enrol", args: "KEY|FILE|PENDING-ID", summary: "on the coordinator's laptop: trust an officer's key under --name NAME, or accept a held bundle, and merge what was held (--identity FILE opens encrypted ones)", flags: map[string]flagKind{"name": valueFlag, "identity": valueFlag, "passphrase-file": valueFlag, "json": boolFlag}, minArgs: 1, maxArgs: 1, run: runEnrol},
		{name: "refuse", args: "KEY|FILE|FINGERPRINT|PENDING-ID", summary: "refuse a laptop key (by its text, key file or fingerprint) or a held bundle; drops what was held for it", flags: jsonFlag, minArgs: 1, maxArgs: 5, run: runRefuse},
		{name: "pending", summary: "list the bundles held for the coordinator's decision (Menunggu verifikasi)", flags: jsonFlag, run: runPending},
		{name: "conflicts", summary: "list undecided conflicts, the differing fields local and incoming side by side", flags: jsonFlag, run: runConflicts},
		{name: "resolve", args: "CONFLICT-ID", summary: "decide a conflict: --take local (keep this laptop's row) or --take incoming", flags: map[string]flagKind{"take": valueFlag}, minArgs: 1, maxArgs: 1, run: runResolve},
		{name: "merges", args: "SESSION", summary: "the merges that changed a session, newest first; the one 'undo' can undo is marked", flags: jsonFlag, minArgs: 1, maxArgs: 1, run: runMerges},
		{name: "undo", args: "MERGE-ID", summary: "undo a session's latest merge (its rows go back as they were)", minArgs: 1, maxArgs: 1, run: runUndo},
		{name: "keygen", summary: "create the coordinator's key pair: the identity file (-o FILE), protected by a passphrase asked twice on the terminal or read from --passphrase-file FILE, and the public key, printed last", flags: map[string]flagKind{"o": valueFlag, "passphrase-file": valueFlag}, run: runKeygen},
		{name: "coordinator-key", args: "set KEY|FILE... | show", summary: "the coordinator's public keys (age1…): bundles are encrypted and confidential questions sealed to them; set seals at once what is still in clear and cleans the backups", flags: jsonFlag, minArgs: 1, maxArgs: 11, run: runCoordinatorKey},
		{name: "retention", args: "[MONTHS]", summary: "show or set how many months after a session its personal data stays here once sent (0: for ever); setting it purges at once", flags: jsonFlag, maxArgs: 1, run: runRetention},
		{name: "sealed", summary: "list the sealed confidential questions; the coordinator's identity (--identity FILE or the one in settings, its passphrase asked or read from --passphrase-file) opens them for this run only", flags: map[string]flagKind{"identity": valueFlag, "passphrase-file": valueFlag, "json": boolFlag}, run: runSealed},
		{name: "clean-backups", summary: "remove from every backup what was deleted, sealed or purged since it was taken", flags: jsonFlag, run: runCleanBackups},
		{name: "recap", summary: "the coordinator's recap of a period and region as PDF or XLSX (-o FILE.pdf|FILE.xlsx, --from/--to YYYY-MM-DD, --regency, --district, --participants [--phones] for a sheet of every participant)", flags: map[string]flagKind{"o": valueFlag, "from": valueFlag, "to": valueFlag, "regency": valueFlag, "district": valueFlag, "participants": boolFlag, "phones": boolFlag}, run: runRecap},
		phonequizCommand,
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
	ambiguous := map[string]bool{}
	for _, c := range cmds {
		for name, kind := range c.flags {
			if k, ok := known[name]; ok && k != kind {
				ambiguous[name] = true
			}
			known[name] = kind
		}
	}
	for name, kind := range globalFlags {
		known[name] = kind
	}
	// A flag that takes a value for one command and none for another
	// (demo --participants N, recap --participants) is read as the
	// command on the line takes it.
	if c := commandOf(argv, cmds, known, ambiguous); c != nil {
		for name := range ambiguous {
			if kind, ok := c.flags[name]; ok {
				known[name] = kind
			}
		}
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

// commandOf finds the subcommand, the first word that no flag takes as its
// value; an ambiguous flag is taken to have none.
func commandOf(argv []string, cmds []*command, known map[string]flagKind, ambiguous map[string]bool) *command {
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			i++
		} else if len(a) >= 2 && a[0] == '-' {
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if kind, ok := known[name]; ok && kind != boolFlag && !hasValue && !ambiguous[name] {
				i++
			}
			continue
		}
		if i >= len(argv) {
			return nil
		}
		for _, c := range cmds {
			if c.name == argv[i] {
				return c
			}
		}
		return nil
	}
	return nil
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
	if due, _ := store.UpgradeDue(dir); due {
		fmt.Fprintln(inv.stderr, "converting the data folder to this version's form (once; a province's year takes a few minutes)…")
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
	deleted := inv.has("deleted")
	read := s.Sessions
	if deleted {
		read = s.DeletedSessions
	}
	list, err := read(context.Background())
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
	if !deleted {
		fmt.Fprintf(inv.stdout, "%d sessions\n", len(list))
		return nil
	}
	if len(list) > 0 {
		fmt.Fprintln(inv.stderr, "restore one with 'penyuluh undelete SESSION'")
	}
	fmt.Fprintln(inv.stdout, plural(len(list), "deleted session", "deleted sessions"))
	return nil
}

// runUndelete restores a deleted session, one deleted here or by a bundle
// the coordinator applied.
func runUndelete(inv *invocation) error {
	id := strings.ToLower(inv.args[0])
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	err = s.UndeleteSession(ctx, id)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrReadOnly) {
		if _, err := s.Session(ctx, id); err == nil {
			return fmt.Errorf("session %s is not deleted; nothing was changed", id)
		}
		return fmt.Errorf("no deleted session %s (see 'penyuluh sessions --deleted')", id)
	}
	if err != nil {
		return err
	}
	if sess, err := s.Session(ctx, id); err == nil {
		fmt.Fprintf(inv.stderr, "%s (%s, %s) is back in the session list\n", sess.Title, sess.Village, sess.Date)
	}
	fmt.Fprintf(inv.stdout, "restored %s\n", id)
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
	opts.PackID, opts.PackVersion, opts.Quiz = pack.ID, pack.Version, packs.Quiz(pack)
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
		fmt.Fprintf(inv.stdout, "%s (%s): n=%d, mean %.1f%%, median %s\n", phase.name, resultSource(phase.res), phase.res.N, phase.res.Mean, median)
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
// conflicts and held bundles alone are reported and exit 0.
func runImport(inv *invocation) error {
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(512 << 20)
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	opts, err := importOptions(ctx, inv, s)
	if err != nil {
		return err
	}
	results, err := sync.Import(ctx, s, inv.args, opts)
	if err != nil {
		return err
	}
	t := tally(results)
	if inv.has("json") {
		if err := inv.printJSON(results); err != nil {
			return err
		}
	} else {
		printResults(inv, results)
		fmt.Fprintf(inv.stdout, "%d bundles merged, %d held, %d rejected; rows added %d, updated %d, removed %d, unchanged %d, conflicts %d\n",
			t.merged, t.held, t.rejected, t.rows.Added, t.rows.Updated, t.rows.Removed, t.rows.Unchanged, t.rows.Conflicts)
	}
	if t.rejected > 0 {
		return fmt.Errorf("%d of %d bundles rejected; nothing of them was written", t.rejected, len(results))
	}
	return nil
}

// importOptions opens the coordinator's identity file: --identity FILE,
// else the one in the sync settings (none: encrypted bundles are rejected
// with a hint).
func importOptions(ctx context.Context, inv *invocation, s *store.Store) (sync.ImportOptions, error) {
	var opts sync.ImportOptions
	identity := inv.value("identity")
	if identity == "" {
		keys, err := s.SyncSettings(ctx)
		if err != nil {
			return opts, err
		}
		identity = keys.IdentityFile
	}
	if identity != "" {
		var err error
		if opts.Identities, err = sync.LoadIdentities(identity, passphrase(inv, "Passphrase of the identity file "+identity, false)); err != nil {
			return opts, err
		}
		if adopted, err := sync.AdoptIdentity(ctx, s, opts.Identities); err != nil && !errors.Is(err, store.ErrReadOnly) {
			return opts, err
		} else if adopted {
			fmt.Fprintln(inv.stderr, "confidential questions on this laptop are now sealed to this identity's public key")
		}
	}
	return opts, nil
}

// maxPassphraseFile bounds a --passphrase-file; a passphrase is a line.
const maxPassphraseFile = 4 << 10

// passphrase gives the identity's passphrase: the first line of
// --passphrase-file, or typed on the terminal (twice when confirm), never
// echoed. Without either it says how to give one.
func passphrase(inv *invocation, prompt string, confirm bool) sync.Passphrase {
	return func() (string, error) {
		if path := inv.value("passphrase-file"); path != "" {
			f, err := os.Open(path)
			if err != nil {
				return "", err
			}
			defer f.Close()
			data, err := io.ReadAll(io.LimitReader(f, maxPassphraseFile+1))
			if err != nil {
				return "", err
			}
			if len(data) > maxPassphraseFile {
				return "", fmt.Errorf("%s is not a passphrase file (larger than %d KiB)", path, maxPassphraseFile>>10)
			}
			line, _, _ := strings.Cut(strings.TrimPrefix(string(data), "\ufeff"), "\n")
			return strings.TrimRight(line, "\r"), nil
		}
		fd := int(os.Stdin.Fd())
		if !term.IsTerminal(fd) {
			return "", usagef("the identity file needs its passphrase: run this in a terminal, or give --passphrase-file FILE")
		}
		fmt.Fprintf(inv.stderr, "%s: ", prompt)
		first, err := term.ReadPassword(fd)
		fmt.Fprintln(inv.stderr)
		if err != nil || !confirm {
			return string(first), err
		}
		fmt.Fprint(inv.stderr, "Once more, to be sure: ")
		second, err := term.ReadPassword(fd)
		fmt.Fprintln(inv.stderr)
		if err != nil {
			return "", err
		}
		if string(first) != string(second) {
			return "", errors.New("the two passphrases differ; nothing was written")
		}
		return string(first), nil
	}
}

// importTally counts what happened to bundles: merged, held for the
// coordinator (neither merged nor rejected), rejected.
type importTally struct {
	merged, held, rejected int
	rows                   store.TableCounts
}

func tally(results []sync.ImportResult) importTally {
	var t importTally
	for _, r := range results {
		switch {
		case r.Held != "":
			t.held++
		case !r.OK():
			t.rejected++
		default:
			t.merged++
			if m := r.Summary; m != nil {
				t.rows.Added += m.Added
				t.rows.Updated += m.Updated
				t.rows.Removed += m.Removed
				t.rows.Unchanged += m.Unchanged
				t.rows.Conflicts += m.Conflicts
			}
		}
	}
	return t
}

// printResults prints one line per bundle: merged, held (and the command
// that decides it) or rejected (and why); warnings go to stderr.
func printResults(inv *invocation, results []sync.ImportResult) {
	for _, r := range results {
		for _, w := range r.Warnings {
			fmt.Fprintf(inv.stderr, "warning: %s: %s\n", r.Path, w)
		}
		switch {
		case r.Held != "":
			fmt.Fprintf(inv.stdout, "held %s: %s\n", r.Path, heldLine(r))
		case !r.OK():
			hint := ""
			if r.Reason == sync.ReasonNeedsKey {
				hint = " (give the coordinator's identity file with --identity FILE)"
			}
			fmt.Fprintf(inv.stdout, "rejected %s: %s%s\n", r.Path, r.Rejected, hint)
		default:
			from := r.Officer
			if r.Forwarded {
				from += ", forwarded"
			}
			m := r.Summary
			if m == nil {
				m = &store.MergeSummary{}
			}
			note := ""
			switch {
			case m.Replaced:
				note = "; made equal to the officer's copy (a backup was restored there)"
			case m.Superseded:
				note = "; made before a restore on the officer's laptop, so it changed nothing"
			}
			fmt.Fprintf(inv.stdout, "merged %s: %s, %s (%s, from %s): added %d, updated %d, removed %d, unchanged %d, conflicts %d%s\n",
				r.Path, r.Date, r.Village, r.Title, from, m.Added, m.Updated, m.Removed, m.Unchanged, m.Conflicts, note)
		}
	}
}

// heldLine says why a bundle is held and which command decides it.
func heldLine(r sync.ImportResult) string {
	id := r.PendingID
	if id == "" {
		id = "ID" // see 'penyuluh pending'
	}
	switch r.Held {
	case store.HoldUnknownKey:
		return fmt.Sprintf("waiting for the coordinator to enrol key %s (officer %s); penyuluh enrol %s", r.Fingerprint, orNone(r.Officer), id)
	case store.HoldVersionJump:
		return fmt.Sprintf("its versions of %s (%s, %s) jump far beyond what the sender could have reached; penyuluh enrol %s to apply it, penyuluh refuse %s to drop it",
			r.Title, r.Date, r.Village, id, id)
	case store.HoldDeletesSession:
		return fmt.Sprintf("it deletes the whole session %s (%s, %s); penyuluh enrol %s to apply it, penyuluh refuse %s to drop it",
			r.Title, r.Date, r.Village, id, id)
	case store.HoldOfficerRenamed:
		return fmt.Sprintf("it names officer %s, not the name the key was enrolled for (a new rank?); penyuluh enrol %s renames the key and merges it, penyuluh refuse %s drops it",
			orNone(r.Officer), id, id)
	}
	return fmt.Sprintf("%s; penyuluh enrol %s to apply it, penyuluh refuse %s to drop it", r.Held, id, id)
}

func orNone(name string) string {
	if strings.TrimSpace(name) == "" {
		return "not named"
	}
	return name
}

// plural gives "1 conflict", "2 conflicts".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// runKeygen writes the coordinator's identity file and prints the public
// key last. It never replaces an existing file.
func runKeygen(inv *invocation) error {
	path := inv.value("o")
	if path == "" {
		return usagef("usage: penyuluh keygen -o FILE")
	}
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("%s already exists: a new key there would lose every bundle sent to the old one; choose another name", path)
	}
	pass, err := passphrase(inv, "Passphrase for the new identity (at least "+strconv.Itoa(sync.MinPassphrase)+" characters)", true)()
	if err != nil {
		return err
	}
	if len([]rune(pass)) < sync.MinPassphrase {
		return fmt.Errorf("%w; nothing was written", sync.ErrShortPassphrase)
	}
	pub, err := sync.Keygen(path, time.Now(), pass)
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
	fmt.Fprintln(inv.stderr, "Keep the passphrase apart from the file: a lost passphrase means every bundle and confidential tip sent to this key is lost.")
	fmt.Fprintln(inv.stderr, "Give officers only the public key below; import with 'penyuluh import --identity FILE DIR'.")
	fmt.Fprintln(inv.stdout, pub)
	return nil
}

// runOfficerKey prints this laptop's public signing key: the officer and
// the fingerprint to read aloud, then the key itself as the last line.
// -o FILE also writes it as a key file, never over an existing file.
func runOfficerKey(inv *invocation) error {
	s, err := openStore(inv, true) // opened for writing, a new folder makes its key
	if err != nil {
		return err
	}
	defer s.Close()
	key, err := sync.ThisLaptop(context.Background(), s)
	if err != nil {
		return err
	}
	if path := inv.value("o"); path != "" {
		if err := writeNewFile(path, key.KeyFile()); err != nil {
			return err
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		fmt.Fprintf(inv.stderr, "key file written to %s (it holds no secret: give it to the coordinator)\n", path)
	}
	if inv.has("json") {
		return inv.printJSON(key)
	}
	fmt.Fprintln(inv.stderr, "read the fingerprint aloud with the coordinator, who enrols the key with 'penyuluh enrol KEY --name NAME'")
	fmt.Fprintf(inv.stdout, "officer: %s\n", orNone(key.Officer))
	fmt.Fprintf(inv.stdout, "laptop: %s\n", key.LaptopID)
	fmt.Fprintf(inv.stdout, "fingerprint: %s\n", key.Fingerprint)
	fmt.Fprintln(inv.stdout, key.Text)
	return nil
}

// writeNewFile writes a file that must not exist yet.
func writeNewFile(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; choose another name (nothing was written)", path)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
	}
	return err
}

// maxKeyFile is the most of a key file that is read: a key file is a few
// lines.
const maxKeyFile = 64 << 10

// keyArgument reads a laptop key given as its text or as a file that holds
// it. isKey is false when arg is neither text nor an existing file (it may
// be an id); a file that holds no key is an error.
func keyArgument(arg string) (key store.OfficerKey, isKey bool, err error) {
	key, isKey, _, err = keyArgumentNamed(arg)
	return key, isKey, err
}

// keyFileOfficer is the comment line of sync's key files that names the
// officer.
const keyFileOfficer = "# petugas / officer:"

// keyArgumentNamed is keyArgument, and the officer a key file names.
func keyArgumentNamed(arg string) (key store.OfficerKey, isKey bool, officer string, err error) {
	if k, err := sync.ParseKey(strings.TrimPrefix(arg, "\ufeff")); err == nil {
		return k, true, "", nil
	}
	info, err := os.Stat(arg)
	if err != nil {
		return key, false, "", nil
	}
	if info.IsDir() {
		return key, false, "", fmt.Errorf("%s is a folder, not a key file", arg)
	}
	f, err := os.Open(arg)
	if err != nil {
		return key, false, "", err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
	if err != nil {
		return key, false, "", err
	}
	if len(data) > maxKeyFile {
		return key, false, "", fmt.Errorf("%s is larger than 64 KiB: not a key file", arg)
	}
	// Notepad may begin the file with a byte order mark.
	text := strings.TrimPrefix(string(data), "\ufeff")
	k, err := sync.ParseKey(text)
	if err != nil {
		return key, false, "", fmt.Errorf("%s holds no Penyuluh laptop key (a line penyuluh-key1:…); the officer makes one with 'penyuluh officer-key -o FILE'", arg)
	}
	for _, line := range strings.Split(text, "\n") {
		if name, ok := strings.CutPrefix(strings.TrimSpace(line), keyFileOfficer); ok {
			officer = strings.TrimSpace(name)
		}
	}
	return k, true, officer, nil
}

// fingerprintArgument reads a key's fingerprint: 20 digits, spaced or not.
func fingerprintArgument(arg string) (string, bool) {
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, arg)
	if len(digits) != 20 || strings.Trim(digits, "0123456789") != "" {
		return "", false
	}
	var groups []string
	for i := 0; i < len(digits); i += 4 {
		groups = append(groups, digits[i:i+4])
	}
	return strings.Join(groups, " "), true
}

// findPending gives a held bundle's record.
func findPending(ctx context.Context, s *store.Store, id string) (store.Pending, error) {
	list, err := s.PendingBundles(ctx)
	if err != nil {
		return store.Pending{}, err
	}
	for _, p := range list {
		if p.ID == id {
			return p, nil
		}
	}
	return store.Pending{}, fmt.Errorf("no held bundle %s (see 'penyuluh pending')", id)
}

// enrolOutput is enrol's --json document.
type enrolOutput struct {
	Key       *store.OfficerKey   `json:"key"`        // the key enrolled; null when a held bundle was accepted
	PendingID string              `json:"pending_id"` // the held bundle accepted, or ""
	Merged    int                 `json:"merged"`
	Held      int                 `json:"held"`
	Rejected  int                 `json:"rejected"`
	Results   []sync.ImportResult `json:"results"`
}

// runEnrol trusts an officer's laptop key (given as text or a key file) or
// accepts a held bundle, then merges what was held; the last line says
// who was enrolled and how many held bundles were merged.
func runEnrol(inv *invocation) error {
	arg := inv.args[0]
	name := strings.Join(strings.Fields(inv.value("name")), " ")
	if inv.has("name") && name == "" {
		return usagef("--name needs the officer's name")
	}
	key, isKey, fileOfficer, err := keyArgumentNamed(arg)
	if err != nil {
		return err
	}
	pendingID := strings.ToLower(arg)
	if !isKey && !store.IsID(pendingID) {
		return fmt.Errorf("%s is not a laptop key (penyuluh-key1:…), a key file or a held bundle's id (see 'penyuluh pending')", arg)
	}
	if isKey && name == "" {
		return usagef("usage: penyuluh enrol KEY|FILE --name NAME (the officer's name as in their Pengaturan)")
	}
	if fileOfficer != "" && !store.SameOfficer(fileOfficer, name) {
		fmt.Fprintf(inv.stderr, "warning: the key file names officer %q: bundles that name another officer than %q will be rejected\n", fileOfficer, name)
	}
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	opts, err := importOptions(ctx, inv, s)
	if err != nil {
		return err
	}
	out := enrolOutput{}
	var held store.Pending
	if !isKey {
		if held, err = findPending(ctx, s, pendingID); err != nil {
			return err
		}
		out.PendingID = held.ID
		key = store.OfficerKey{PublicKey: held.PublicKey, Fingerprint: held.Fingerprint}
		if held.Reason == store.HoldUnknownKey && name == "" {
			if name = strings.TrimSpace(held.Officer); name == "" {
				return usagef("the bundle names no officer: give the name with --name NAME")
			}
		}
	}
	if isKey || held.Reason == store.HoldUnknownKey {
		// A bundle must name the officer its key is enrolled for: enrolling
		// under another name would reject (and drop) what is held.
		if err := sameOfficerAsHeld(ctx, s, key, name); err != nil {
			return err
		}
	}
	if isKey {
		out.Results, err = sync.Enrol(ctx, s, key, name, opts)
	} else {
		out.Results, err = sync.Accept(ctx, s, held.ID, name, opts)
	}
	switch reason := sync.RejectReason(err); {
	case err == nil:
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("no held bundle %s (see 'penyuluh pending')", held.ID)
	case reason == sync.ReasonNeedsKey || reason == sync.ReasonWrongKey:
		done := ""
		if isKey || held.Reason == store.HoldUnknownKey {
			done = "the key is enrolled, but "
		}
		return fmt.Errorf("%s%v; it stays held: run enrol again with the coordinator's identity file (--identity FILE)", done, err)
	default:
		return err
	}
	if out.Results == nil {
		out.Results = []sync.ImportResult{}
	}
	if isKey || held.Reason == store.HoldUnknownKey {
		k, err := s.OfficerKey(ctx, key.PublicKey)
		if err != nil {
			return fmt.Errorf("the key %s: %w", key.Fingerprint, err)
		}
		out.Key = &k
	}
	t := tally(out.Results)
	out.Merged, out.Held, out.Rejected = t.merged, t.held, t.rejected
	if out.Key == nil && t.merged == 0 {
		// A held bundle accepted as it is, and it did not merge.
		if !inv.has("json") {
			printResults(inv, out.Results)
		}
		return fmt.Errorf("held bundle %s was not merged (see the line above)", held.ID)
	}
	if inv.has("json") {
		if err := inv.printJSON(out); err != nil {
			return err
		}
		return enrolRejected(t)
	}
	printResults(inv, out.Results)
	var rest []string
	if t.held > 0 {
		rest = append(rest, fmt.Sprintf("%d still held (see 'penyuluh pending')", t.held))
	}
	if t.rejected > 0 {
		rest = append(rest, fmt.Sprintf("%d rejected", t.rejected))
	}
	tail := ""
	if len(rest) > 0 {
		tail = ", " + strings.Join(rest, ", ")
	}
	if out.Key == nil {
		fmt.Fprintf(inv.stdout, "merged held bundle %s: %s, %s (%s, from %s)%s\n", held.ID, held.Date, held.Village, held.Title, orNone(held.Officer), tail)
		return nil
	}
	fmt.Fprintf(inv.stdout, "enrolled %s (fingerprint %s); %s merged%s\n", out.Key.Name, out.Key.Fingerprint,
		plural(t.merged, "held bundle", "held bundles"), tail)
	return enrolRejected(t)
}

// enrolRejected is enrol's error when a held bundle was rejected once its
// key was enrolled (exit 1, as for import).
func enrolRejected(t importTally) error {
	if t.rejected == 0 {
		return nil
	}
	return fmt.Errorf("the key is enrolled, but %d of %d held bundles were rejected; nothing of them was written",
		t.rejected, t.merged+t.held+t.rejected)
}

// sameOfficerAsHeld refuses a name other than the officer the bundles held
// from a key name.
func sameOfficerAsHeld(ctx context.Context, s *store.Store, key store.OfficerKey, name string) error {
	list, err := s.PendingBundles(ctx)
	if err != nil {
		return err
	}
	for _, p := range list {
		if p.PublicKey == key.PublicKey && p.Reason == store.HoldUnknownKey && strings.TrimSpace(p.Officer) != "" &&
			!store.SameOfficer(p.Officer, name) {
			return fmt.Errorf("the bundles held from key %s name officer %q, not %q: enrol it under that name (a bundle must name the officer its key is enrolled for); nothing was changed",
				p.Fingerprint, p.Officer, name)
		}
	}
	return nil
}

// refuseOutput is refuse's --json document.
type refuseOutput struct {
	Refused     string `json:"refused"` // "key" or "bundle"
	Fingerprint string `json:"fingerprint"`
	Officer     string `json:"officer"`
	PendingID   string `json:"pending_id"`
	Dropped     int    `json:"dropped"`
}

// runRefuse refuses a laptop key (its text, a key file or its fingerprint)
// or a held bundle (by id: an unknown key's bundle refuses the key).
func runRefuse(inv *invocation) error {
	arg := strings.Join(inv.args, " ")
	fingerprint, isFingerprint := fingerprintArgument(arg)
	var key store.OfficerKey
	isKey := false
	if !isFingerprint {
		if len(inv.args) > 1 {
			return usagef("usage: penyuluh refuse KEY|FILE|FINGERPRINT|PENDING-ID")
		}
		var err error
		if key, isKey, err = keyArgument(arg); err != nil {
			return err
		}
	}
	pendingID := strings.ToLower(arg)
	if !isFingerprint && !isKey && !store.IsID(pendingID) {
		return fmt.Errorf("%s is not a laptop key (penyuluh-key1:…), a key file, a fingerprint (20 digits) or a held bundle's id (see 'penyuluh pending')", arg)
	}
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	pending, err := s.PendingBundles(ctx)
	if err != nil {
		return err
	}
	keys, err := s.OfficerKeys(ctx)
	if err != nil {
		return err
	}
	out := refuseOutput{Refused: "key"}
	var what string
	var held store.Pending
	switch {
	case isFingerprint:
		what, out.Fingerprint = fingerprint, fingerprint
		known := false
		for _, k := range keys {
			if k.Fingerprint == fingerprint {
				known, out.Officer = true, k.Name
			}
		}
		for _, p := range pending {
			if p.Fingerprint == fingerprint && !known {
				known, out.Officer = true, p.Officer
			}
		}
		if !known {
			return fmt.Errorf("no enrolled key and no held bundle has the fingerprint %s (nothing was changed); to refuse a key never seen, give the key itself", fingerprint)
		}
	case isKey:
		what, out.Fingerprint = sync.KeyText(key.LaptopID, key.PublicKey), key.Fingerprint
		for _, p := range pending {
			if p.PublicKey == key.PublicKey {
				out.Officer = p.Officer
			}
		}
		for _, k := range keys {
			if k.PublicKey == key.PublicKey {
				out.Officer = k.Name
			}
		}
	default:
		if held, err = findPending(ctx, s, pendingID); err != nil {
			return err
		}
		what, out.PendingID, out.Fingerprint, out.Officer = held.ID, held.ID, held.Fingerprint, held.Officer
		if held.Reason != store.HoldUnknownKey {
			out.Refused = "bundle"
		}
	}
	out.Dropped, err = sync.Refuse(ctx, s, what)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("nothing to refuse for %s (see 'penyuluh pending')", arg)
	}
	if err != nil {
		return err
	}
	if inv.has("json") {
		return inv.printJSON(out)
	}
	dropped := plural(out.Dropped, "held bundle", "held bundles") + " dropped"
	if out.Refused == "bundle" {
		fmt.Fprintf(inv.stdout, "refused held bundle %s (%s, %s, %s, from %s); %s\n", held.ID, held.Title, held.Date, held.Village,
			orNone(held.Officer), dropped)
		return nil
	}
	fmt.Fprintf(inv.stdout, "refused key %s (officer %s); %s\n", out.Fingerprint, orNone(out.Officer), dropped)
	return nil
}

// holdWords says in words why a bundle is held.
func holdWords(reason string) string {
	switch reason {
	case store.HoldUnknownKey:
		return "key not enrolled"
	case store.HoldVersionJump:
		return "versions jump too far"
	case store.HoldDeletesSession:
		return "deletes the whole session"
	case store.HoldOfficerRenamed:
		return "names another officer than its key"
	}
	return reason
}

// when is a moment as people read it, in this laptop's time zone.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// runPending lists the bundles held for the coordinator's decision.
func runPending(inv *invocation) error {
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.PendingBundles(context.Background())
	if err != nil {
		return err
	}
	if inv.has("json") {
		return inv.printJSON(list)
	}
	if len(list) > 0 {
		tw := tabwriter.NewWriter(inv.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "RECEIVED\tID\tWHY HELD\tOFFICER\tFINGERPRINT\tDATE\tVILLAGE\tTITLE\tFILE")
		for _, p := range list {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", when(p.ReceivedAt), p.ID, holdWords(p.Reason), orNone(p.Officer),
				p.Fingerprint, p.Date, p.Village, p.Title, p.FileName)
		}
		tw.Flush()
		fmt.Fprintln(inv.stderr, "decide each with 'penyuluh enrol ID' (an unknown key: after reading its fingerprint aloud with the officer) or 'penyuluh refuse ID'")
	}
	fmt.Fprintln(inv.stdout, plural(len(list), "held bundle", "held bundles"))
	return nil
}

// runConflicts lists the undecided conflicts, field by field.
func runConflicts(inv *invocation) error {
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Conflicts(context.Background())
	if err != nil {
		return err
	}
	if inv.has("json") {
		return inv.printJSON(list)
	}
	for _, c := range list {
		fmt.Fprintf(inv.stdout, "conflict %s: session %q (%s), %s row %s, from %s, %s\n", c.ID, c.SessionTitle, c.SessionID,
			c.Table, c.RowID, c.Source, when(c.CreatedAt))
		var local, incoming map[string]json.RawMessage
		json.Unmarshal(c.Local, &local)
		json.Unmarshal(c.Incoming, &incoming)
		tw := tabwriter.NewWriter(inv.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  FIELD\tLOCAL\tINCOMING")
		for _, f := range c.Fields {
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", f, fieldValue(local[f]), fieldValue(incoming[f]))
		}
		tw.Flush()
	}
	if len(list) > 0 {
		fmt.Fprintln(inv.stderr, "decide each with 'penyuluh resolve ID --take local' (keep this laptop's row) or '--take incoming'")
	}
	fmt.Fprintln(inv.stdout, plural(len(list), "conflict", "conflicts"))
	return nil
}

// fieldValue shows a field's JSON value on one line, shortened.
func fieldValue(v json.RawMessage) string {
	if len(v) == 0 {
		return "-"
	}
	var text string
	if json.Unmarshal(v, &text) == nil {
		text = strconv.Quote(text)
	} else {
		text = string(v)
	}
	if r := []rune(text); len(r) > 60 {
		text = string(r[:59]) + "…"
	}
	return text
}

// runResolve decides a conflict.
func runResolve(inv *invocation) error {
	take := inv.value("take")
	if take != "local" && take != "incoming" {
		return usagef("usage: penyuluh resolve CONFLICT-ID --take local|incoming")
	}
	id := strings.ToLower(inv.args[0])
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.ResolveConflict(context.Background(), id, take == "incoming")
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("no undecided conflict %s (see 'penyuluh conflicts')", id)
	case errors.Is(err, store.ErrStaleConflict):
		return fmt.Errorf("conflict %s: the row changed after the conflict was recorded, so taking the incoming version would undo that change; nothing was changed (keep this laptop's row with --take local)", id)
	case err != nil:
		return err
	}
	if take == "incoming" {
		fmt.Fprintf(inv.stdout, "resolved %s: took incoming\n", id)
	} else {
		fmt.Fprintf(inv.stdout, "resolved %s: kept local\n", id)
	}
	return nil
}

// runMerges lists the merges that changed a session, newest first.
func runMerges(inv *invocation) error {
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	id := strings.ToLower(inv.args[0])
	list, err := s.Merges(ctx, id)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		if _, err := s.Session(ctx, id); errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("no session %s", id)
		}
	}
	if list == nil {
		list = []store.MergeRecord{}
	}
	if inv.has("json") {
		return inv.printJSON(list)
	}
	undoable := ""
	if len(list) > 0 {
		tw := tabwriter.NewWriter(inv.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "WHEN\tMERGE\tFROM\tFINGERPRINT\tROWS\tBUNDLE\tSTATE")
		for _, m := range list {
			from := orNone(m.Officer)
			if m.Forwarded {
				from += " (forwarded)"
			}
			state := ""
			switch {
			case m.UndoneAt != nil:
				state = "undone " + when(*m.UndoneAt)
			case m.Undoable:
				state, undoable = "can be undone", m.ID
			case m.ExpiredAt != nil:
				state = "too old to undo"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%s\t%s\n", when(m.CreatedAt), m.ID, from, m.Fingerprint, m.Rows, m.Bundle, state)
		}
		tw.Flush()
	}
	if undoable != "" {
		fmt.Fprintf(inv.stderr, "undo the latest with 'penyuluh undo %s'\n", undoable)
	}
	fmt.Fprintln(inv.stdout, plural(len(list), "merge", "merges"))
	return nil
}

// runUndo undoes a session's latest merge.
func runUndo(inv *invocation) error {
	id := strings.ToLower(inv.args[0])
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	err = s.UndoMerge(context.Background(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("no merge %s (see 'penyuluh merges SESSION')", id)
	case errors.Is(err, store.ErrStaleMerge):
		return fmt.Errorf("merge %s cannot be undone: %v; nothing was changed (see 'penyuluh merges SESSION')", id, err)
	case err != nil:
		return err
	}
	fmt.Fprintf(inv.stdout, "undid merge %s\n", id)
	return nil
}

// runRecap writes the coordinator's recap; the path is the last line.
func runRecap(inv *invocation) error {
	const usage = "usage: penyuluh recap [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--regency R] [--district D] [--participants [--phones]] -o FILE.pdf|FILE.xlsx"
	out := inv.value("o")
	if out == "" {
		return usagef(usage)
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
	people, phones := inv.has("participants"), inv.has("phones")
	switch {
	case phones && !people:
		return usagef("--phones only adds phone numbers to the participants sheet: give --participants too")
	case people && ext != ".xlsx":
		return usagef("--participants adds a sheet to the Excel recap (FILE.xlsx); the PDF has no list of participants")
	}
	s, err := openReader(inv)
	if err != nil {
		return err
	}
	defer s.Close()
	if abs, err := filepath.Abs(out); err == nil {
		out = abs
	}
	var r store.Recap
	err = store.WithRecapHeadroom(func() error {
		if r, err = s.Recap(context.Background(), filter, store.RecapOptions{Questions: ext == ".xlsx", Participants: people}); err != nil {
			return err
		}
		if ext == ".xlsx" {
			return sync.SaveRecapXLSX(out, r, sync.RecapXLSXOptions{Participants: people, Phones: phones})
		}
		settings, err := s.Settings(context.Background())
		if err != nil {
			return err
		}
		return report.WriteFile(out, func(w io.Writer) error { return report.RecapPDF(w, r, settings, report.Options{AppVersion: version}) })
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(inv.stderr, "%d sessions, %d participants\n", r.Totals.Sessions, r.Totals.Participants)
	fmt.Fprintln(inv.stdout, out)
	return nil
}
