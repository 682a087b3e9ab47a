package report

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/store"
)

// SessionData is everything a session's documents print. A blank
// attendance sheet uses only Settings (Session.ID is then empty).
type SessionData struct {
	Session      store.Session
	Settings     store.Settings
	PackTitle    string // the content pack's title, or its id when it is not installed
	Participants []store.Participant
	Totals       store.AttendanceTotals
	Quiz         store.QuizData
	Results      store.Results
	// Items is the session's quiz snapshot or, before the session has used
	// its quiz, the quiz of its pack: what the answer sheet numbers.
	Items       []store.QuizItem
	Questions   []store.Question // every live question; confidential ones are never printed
	Photos      []store.Photo
	Fingerprint string
	Logo        []byte // JPEG or PNG for the letterhead, may be empty
}

// Finalized reports whether the session is locked ("Selesai"); the report
// of any other session is marked DRAF.
func (d *SessionData) Finalized() bool { return d.Session.Status == store.StatusFinalized }

// Load reads what a session's documents need. With an empty sessionID it
// reads only the settings and the logo, for a blank attendance sheet.
// packsDir is where content packs are installed (for the pack's title).
func Load(ctx context.Context, st *store.Store, packsDir, sessionID string) (*SessionData, error) {
	d := &SessionData{}
	var err error
	if d.Settings, err = st.Settings(ctx); err != nil {
		return nil, fmt.Errorf("load report: %w", err)
	}
	if d.Logo, err = readLogo(st.Dir()); err != nil {
		return nil, fmt.Errorf("load report: %w", err)
	}
	if sessionID == "" {
		return d, nil
	}
	if d.Session, err = st.Session(ctx, sessionID); err != nil {
		return nil, fmt.Errorf("load report for session %s: %w", sessionID, err)
	}
	if d.Quiz, err = st.QuizData(ctx, sessionID); err != nil {
		return nil, fmt.Errorf("load report: %w", err)
	}
	if d.Questions, err = st.Questions(ctx, sessionID); err != nil {
		return nil, fmt.Errorf("load report: %w", err)
	}
	if d.Photos, err = st.Photos(ctx, sessionID); err != nil {
		return nil, fmt.Errorf("load report: %w", err)
	}
	d.complete(packsDir)
	return d, nil
}

// complete derives the computed parts from what was read.
func (d *SessionData) complete(packsDir string) {
	d.Participants = d.Quiz.Participants
	d.Totals = store.Totals(d.Participants)
	d.Results = store.ComputeResults(d.Quiz)
	d.Fingerprint = store.SessionFingerprint(store.SessionContent{Session: d.Session, Quiz: d.Quiz,
		Questions: d.Questions, Photos: d.Photos})
	d.PackTitle = d.Session.PackID
	pack := findPack(packsDir, d.Session.PackID, d.Session.PackVersion)
	if pack != nil {
		d.PackTitle = pack.Title
	}
	d.Items = d.Quiz.Items
	if len(d.Items) == 0 && pack != nil {
		d.Items = packItems(pack)
	}
}

// NewSessionData builds a session's data from parts already in memory, as
// Load would from the store (tests and benchmarks use it).
func NewSessionData(s store.Session, settings store.Settings, quiz store.QuizData, questions []store.Question,
	photos []store.Photo, packsDir string) *SessionData {
	d := &SessionData{Session: s, Settings: settings, Quiz: quiz, Questions: questions, Photos: photos}
	d.complete(packsDir)
	return d
}

func findPack(packsDir, id, version string) *content.Pack {
	if id == "" {
		return nil
	}
	p, err := content.Resolve(packsDir, id, version)
	if err != nil {
		return nil
	}
	return p
}

// packItems numbers a pack's quiz the way a session snapshots it.
func packItems(p *content.Pack) []store.QuizItem {
	items := make([]store.QuizItem, 0, len(p.Questions))
	for i, q := range p.Questions {
		items = append(items, store.QuizItem{Position: i + 1, QuestionID: q.ID, Phase: store.Phase(q.Phase),
			Text: q.Text, Options: q.Options, Letters: q.Letters(), Answer: slices.Index(q.Options, q.Answer),
			Explanation: q.Explanation, Topic: q.Topic, PackID: p.ID, PackVersion: p.Version})
	}
	return items
}

// logoNames are the letterhead logo files looked for in the data folder.
var logoNames = []string{"logo-kop.jpg", "logo-kop.png"}

// LogoPath is where SaveLogo keeps the letterhead logo in a data folder.
func LogoPath(dataDir string) string { return filepath.Join(dataDir, logoNames[0]) }

func readLogo(dataDir string) ([]byte, error) {
	for _, name := range logoNames {
		data, err := os.ReadFile(filepath.Join(dataDir, name))
		if err == nil {
			return data, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read letterhead logo: %w", err)
		}
	}
	return nil, nil
}
