package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/penyuluh/penyuluh/store"
	"github.com/penyuluh/penyuluh/sync"
)

// runCoordinatorKey shows or sets the coordinator's public keys, which
// bundles are encrypted to and confidential questions sealed to. Setting
// one seals at once the confidential questions still in clear and cleans
// the backups that hold them.
func runCoordinatorKey(inv *invocation) error {
	switch inv.args[0] {
	case "show":
		if len(inv.args) != 1 {
			return usagef("usage: penyuluh coordinator-key show")
		}
		s, err := openReader(inv)
		if err != nil {
			return err
		}
		defer s.Close()
		keys, err := s.SyncSettings(context.Background())
		if err != nil {
			return err
		}
		if inv.has("json") {
			return inv.printJSON(map[string]any{"recipients": nonNil(keys.Recipients)})
		}
		if len(keys.Recipients) == 0 {
			fmt.Fprintln(inv.stderr, "no coordinator key is set: confidential questions cannot be saved and bundles are not encrypted")
			fmt.Fprintln(inv.stdout, "none")
			return nil
		}
		for _, k := range keys.Recipients {
			fmt.Fprintln(inv.stdout, k)
		}
		return nil
	case "set":
		if len(inv.args) < 2 {
			return usagef("usage: penyuluh coordinator-key set KEY|FILE...")
		}
		keys, err := readPublicKeys(inv.args[1:])
		if err != nil {
			return err
		}
		s, err := openStore(inv, false)
		if err != nil {
			return err
		}
		defer s.Close()
		ctx := context.Background()
		settings, err := s.SyncSettings(ctx)
		if err != nil {
			return err
		}
		settings.Recipients = keys
		if _, err := s.SaveSyncSettings(ctx, settings); err != nil {
			return err
		}
		tidied, cleaned, err := tidyAndClean(ctx, s)
		if inv.has("json") {
			if err != nil {
				return err
			}
			return inv.printJSON(map[string]any{"recipients": keys, "sealed": tidied.Sealed, "backups_cleaned": len(cleaned.Cleaned)})
		}
		if tidied.Sealed > 0 {
			fmt.Fprintf(inv.stderr, "%d confidential questions sealed to the coordinator's key\n", tidied.Sealed)
		}
		if len(cleaned.Cleaned) > 0 {
			fmt.Fprintf(inv.stderr, "%d backups still held them in clear and were cleaned\n", len(cleaned.Cleaned))
		}
		if err != nil {
			return err
		}
		for _, k := range keys {
			fmt.Fprintln(inv.stdout, k)
		}
		return nil
	}
	return usagef("usage: penyuluh coordinator-key set KEY|FILE... | show")
}

// readPublicKeys takes keys as text ("age1…") or files holding them.
func readPublicKeys(args []string) ([]string, error) {
	var keys []string
	for _, arg := range args {
		if strings.HasPrefix(strings.ToUpper(arg), "AGE-SECRET-KEY") {
			return nil, sync.ErrSecretKeyFile // and never repeat it
		}
		if strings.HasPrefix(arg, "age1") {
			keys = append(keys, arg)
			continue
		}
		f, err := os.Open(arg)
		if err != nil {
			return nil, fmt.Errorf("%s is neither a public key (age1…) nor a readable file: %w", arg, err)
		}
		data, err := io.ReadAll(io.LimitReader(f, maxKeyFile+1))
		f.Close()
		if err != nil {
			return nil, err
		}
		found, err := sync.PublicKeysIn(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, err)
		}
		keys = append(keys, found...)
	}
	if _, err := store.ParseRecipients(keys); err != nil {
		return nil, err
	}
	return keys, nil
}

// tidyAndClean seals and purges what must go (store.Tidy), then cleans the
// backups that still hold it.
func tidyAndClean(ctx context.Context, s *store.Store) (store.Tidied, store.CleanedBackups, error) {
	tidied, err := s.Tidy(ctx)
	if err != nil {
		return tidied, store.CleanedBackups{}, err
	}
	cleaned, err := s.CleanBackups(ctx)
	return tidied, cleaned, err
}

// runRetention shows or sets how many months personal data of sessions is
// kept (0: for ever); setting it applies it at once.
func runRetention(inv *invocation) error {
	ctx := context.Background()
	if len(inv.args) == 0 {
		s, err := openReader(inv)
		if err != nil {
			return err
		}
		defer s.Close()
		months, err := s.RetentionMonths(ctx)
		if err != nil {
			return err
		}
		if inv.has("json") {
			return inv.printJSON(map[string]any{"retention_months": months})
		}
		if months == 0 {
			fmt.Fprintln(inv.stderr, "personal data is kept until a session is deleted")
		}
		fmt.Fprintln(inv.stdout, months)
		return nil
	}
	months, err := strconv.Atoi(inv.args[0])
	if err != nil || months < 0 || months > store.MaxRetentionMonths {
		return usagef("MONTHS must be a whole number from 0 (keep for ever) to %d", store.MaxRetentionMonths)
	}
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.SetRetentionMonths(ctx, months); err != nil {
		return err
	}
	tidied, cleaned, err := tidyAndClean(ctx, s)
	if err != nil {
		return err
	}
	if inv.has("json") {
		return inv.printJSON(map[string]any{"retention_months": months, "purged": tidied.Purged,
			"sealed": tidied.Sealed, "backups_cleaned": len(cleaned.Cleaned)})
	}
	fmt.Fprintf(inv.stderr, "%d sessions purged, %d backups cleaned\n", tidied.Purged, len(cleaned.Cleaned))
	fmt.Fprintln(inv.stdout, months)
	return nil
}

// runCleanBackups applies what was deleted, sealed and purged to every
// snapshot in backups/.
func runCleanBackups(inv *invocation) error {
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	tidied, cleaned, err := tidyAndClean(context.Background(), s)
	if err != nil {
		return err
	}
	if inv.has("json") {
		return inv.printJSON(map[string]any{"checked": cleaned.Checked, "cleaned": nonNil(cleaned.Cleaned),
			"sealed": tidied.Sealed, "purged": tidied.Purged})
	}
	for _, p := range cleaned.Cleaned {
		fmt.Fprintf(inv.stderr, "cleaned %s\n", p)
	}
	if n, err := s.ClearConfidential(context.Background()); err == nil && n > 0 {
		fmt.Fprintf(inv.stderr, "%d confidential questions stay in clear until the coordinator's key is set (penyuluh coordinator-key set KEY)\n", n)
	}
	fmt.Fprintf(inv.stdout, "%d of %d backups cleaned\n", len(cleaned.Cleaned), cleaned.Checked)
	return nil
}

func nonNil(list []string) []string {
	if list == nil {
		return []string{}
	}
	return list
}

// sealedJSON is one sealed question as `sealed --json` prints it; the
// opened fields are absent without the coordinator's identity.
type sealedJSON struct {
	ID           string       `json:"id"`
	SessionID    string       `json:"session_id"`
	SessionTitle string       `json:"session_title"`
	Date         string       `json:"date"`
	Village      string       `json:"village"`
	Number       int          `json:"number"`
	Topic        store.Topic  `json:"topic"`
	Status       string       `json:"status"`
	Urgent       bool         `json:"urgent"`
	ClosedOn     string       `json:"closed_on,omitempty"`
	Opened       bool         `json:"opened"`
	Problem      string       `json:"problem,omitempty"` // why the identity did not open it
	Text         string       `json:"text,omitempty"`
	Asker        string       `json:"asker,omitempty"`
	Answer       string       `json:"answer,omitempty"`
	ClosedNote   string       `json:"closed_note,omitempty"`
	OfficerNote  string       `json:"officer_note,omitempty"`
	Notes        []openedJSON `json:"notes,omitempty"`
}

type openedJSON struct {
	At   string `json:"at"`
	Text string `json:"text"`
}

// runSealed lists the sealed questions; with the coordinator's identity
// (--identity FILE or the one in settings, with its passphrase) it opens
// them for this run only: nothing opened is written anywhere.
func runSealed(inv *invocation) error {
	s, err := openStore(inv, true)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	list, err := s.SealedQuestions(ctx)
	if err != nil {
		return err
	}
	var opts sync.ImportOptions
	if len(list) > 0 {
		if opts, err = importOptions(ctx, inv, s); err != nil {
			return err
		}
	}
	out := make([]sealedJSON, 0, len(list))
	unopened := 0
	for _, q := range list {
		item := sealedJSON{ID: q.ID, SessionID: q.SessionID, SessionTitle: q.SessionTitle, Date: q.SessionDate,
			Village: q.Village, Number: q.Number, Topic: q.Topic, Status: string(q.Status), Urgent: q.Urgent, ClosedOn: q.ClosedOn}
		if len(opts.Identities) > 0 {
			u, err := s.Unseal(ctx, q.ID, opts.Identities)
			if err != nil {
				// Sealed to another key (an older one, another
				// coordinator's) or damaged: the others still open.
				item.Problem = err.Error()
				unopened++
				out = append(out, item)
				continue
			}
			item.Opened, item.Text, item.Asker, item.Answer = true, u.Text, u.AskerName, u.Answer
			item.ClosedNote, item.OfficerNote = u.ClosedNote, u.OfficerNote
			for _, n := range u.Notes {
				item.Notes = append(item.Notes, openedJSON{At: n.At.Format(time.RFC3339), Text: n.Text})
			}
		}
		out = append(out, item)
	}
	if inv.has("json") {
		return inv.printJSON(out)
	}
	for _, q := range out {
		fmt.Fprintf(inv.stdout, "%s · %s · %s · no. %d · %s · %s\n", q.Date, q.Village, q.SessionTitle, q.Number,
			q.Topic.Label(), statusLine(q))
		if !q.Opened {
			if q.Problem != "" {
				fmt.Fprintf(inv.stdout, "  (cannot be opened with this identity: %s)\n", q.Problem)
			} else {
				fmt.Fprintln(inv.stdout, "  (sealed for the coordinator)")
			}
			continue
		}
		fmt.Fprintf(inv.stdout, "  %s\n", q.Text)
		for _, line := range []struct{ label, text string }{{"asked by", q.Asker}, {"answer", q.Answer},
			{"closing note", q.ClosedNote}, {"officer's note", q.OfficerNote}} {
			if line.text != "" {
				fmt.Fprintf(inv.stdout, "  %s: %s\n", line.label, line.text)
			}
		}
		for _, n := range q.Notes {
			fmt.Fprintf(inv.stdout, "  note %s: %s\n", n.At, n.Text)
		}
	}
	if len(out) > 0 && len(opts.Identities) == 0 {
		fmt.Fprintln(inv.stderr, "only the coordinator's identity opens them: --identity FILE")
	}
	if unopened > 0 {
		fmt.Fprintf(inv.stderr, "%d could not be opened with this identity (sealed to another key, or damaged)\n", unopened)
	}
	fmt.Fprintf(inv.stdout, "%d sealed questions\n", len(out))
	return nil
}

func statusLine(q sealedJSON) string {
	status := store.QuestionStatus(q.Status).Label()
	if q.Urgent {
		status += " · MENDESAK"
	}
	if q.ClosedOn != "" {
		status += " · ditutup " + q.ClosedOn
	}
	return status
}
