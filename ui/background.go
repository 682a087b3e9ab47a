package ui

import (
	"context"
	"errors"
	"log"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"

	"github.com/penyuluh/penyuluh/store"
)

// What the store removes (sealed, deleted, purged) leaves the backups only
// when CleanBackups brings each snapshot in line; on a big database that
// takes seconds, so it runs on a goroutine of its own, never on the worker
// that saves what the officer types.

// inBackground runs job on a goroutine of its own, not on the serial
// worker: cleaning the backups can take seconds on a big database and must
// not hold up saves. done runs on the UI goroutine. Closing the window
// cancels the job and waits for it before the store closes.
func (m *mainWindow) inBackground(job func(ctx context.Context) error, done func(error)) {
	if m.work.inline {
		err := job(context.Background())
		if done != nil {
			done(err)
		}
		return
	}
	m.bgMu.Lock()
	defer m.bgMu.Unlock()
	if m.bgStopped || m.closed {
		return
	}
	m.bg.Add(1)
	go func() {
		defer m.bg.Done()
		err := job(m.bgCtx)
		if done != nil {
			fyne.Do(func() { done(err) })
		}
	}()
}

// stopBackground cancels the background jobs and waits for them.
func (m *mainWindow) stopBackground() {
	m.bgMu.Lock()
	m.bgStopped = true
	m.bgMu.Unlock()
	m.bgCancel()
	m.bg.Wait()
}

// tidyAndClean seals the confidential questions still in clear and applies
// the retention setting (on the worker), then cleans the backups in the
// background; done gets what was done, on the UI goroutine.
func (m *mainWindow) tidyAndClean(done func(store.Tidied, store.CleanedBackups, error)) {
	var tidied store.Tidied
	m.work.run(func() (err error) {
		tidied, err = m.store.Tidy(context.Background())
		return err
	}, func(err error) {
		if err != nil {
			done(tidied, store.CleanedBackups{}, err)
			return
		}
		var cleaned store.CleanedBackups
		m.inBackground(func(ctx context.Context) (err error) {
			cleaned, err = m.store.CleanBackups(ctx)
			return err
		}, func(err error) { done(tidied, cleaned, err) })
	})
}

// cleanedMessage says what Tidy and CleanBackups did, in one or two
// sentences.
func cleanedMessage(t store.Tidied, c store.CleanedBackups) string {
	parts := []string{lang.L("Backups checked: {{.Checked}}, cleaned: {{.Cleaned}}.",
		map[string]any{"Checked": c.Checked, "Cleaned": len(c.Cleaned)})}
	if t.Sealed > 0 {
		parts = append(parts, lang.L("{{.N}} confidential questions sealed for the coordinator.", map[string]any{"N": t.Sealed}))
	}
	if t.Purged > 0 {
		parts = append(parts, lang.L("Personal data removed from {{.N}} old sessions.", map[string]any{"N": t.Purged}))
	}
	return strings.Join(parts, " ")
}

// logBackground logs what a background job could not do; a cancelled job
// (the window closed) is not a problem.
func logBackground(what string, err error) {
	if err != nil && !errors.Is(err, context.Canceled) {
		log.Printf("%s: %v", what, err)
	}
}
