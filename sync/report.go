package sync

import (
	"bytes"
	"context"

	"github.com/penyuluh/penyuluh/report"
	"github.com/penyuluh/penyuluh/store"
)

// SessionReport is the ReportFunc the window and the command line use: the
// session's report ("laporan kegiatan") as report.SessionReport prints it.
// packsDir is where content packs are installed (for the pack's title).
func SessionReport(packsDir, appVersion string) ReportFunc {
	return func(ctx context.Context, st *store.Store, sessionID string) ([]byte, error) {
		data, err := report.Load(ctx, st, packsDir, sessionID)
		if err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := report.SessionReport(&buf, data, report.Options{AppVersion: appVersion}); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
}
