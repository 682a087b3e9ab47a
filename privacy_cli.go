package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

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
