package store_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/penyuluh/penyuluh/store"
)

// killChildEnv makes the test binary act as the child of the kill test;
// killKindEnv says what it saves: "session" or "participant".
const (
	killChildEnv = "PENYULUH_KILL_CHILD_DIR"
	killKindEnv  = "PENYULUH_KILL_CHILD_KIND"
)

func TestMain(m *testing.M) {
	if dir := os.Getenv(killChildEnv); dir != "" {
		runKillChild(dir, os.Getenv(killKindEnv))
		return
	}
	os.Exit(m.Run())
}

// runKillChild saves rows one by one and prints each id only after its
// commit returned, exactly as the UI acknowledges a save. Participants go
// into one session, created (or found) first.
func runKillChild(dir, kind string) {
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	var sessionID string
	if kind == "participant" {
		list, _ := s.Sessions(ctx)
		if len(list) > 0 {
			sessionID = list[0].ID
		} else {
			created, err := s.CreateSession(ctx, validSession())
			if err != nil {
				os.Exit(5)
			}
			sessionID = created.ID
		}
	}
	out := bufio.NewWriter(os.Stdout)
	for i := 0; ; i++ {
		var id string
		var err error
		if kind == "participant" {
			var p store.Participant
			p, err = s.AddParticipant(ctx, store.Participant{SessionID: sessionID, Name: fmt.Sprintf("Peserta %d", i),
				Gender: "P", Village: fmt.Sprint(os.Getpid())}, store.AddParticipantOptions{})
			id = p.ID
		} else {
			var created store.Session
			created, err = s.CreateSession(ctx, validSession())
			id = created.ID
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		fmt.Fprintln(out, id)
		out.Flush()
	}
}

// TestKillNeverLosesAcknowledgedSaves kills a writing process with SIGKILL
// at random moments; every id it printed must be in the reopened database.
func TestKillNeverLosesAcknowledgedSaves(t *testing.T) {
	for _, kind := range []string{"session", "participant"} {
		t.Run(kind, func(t *testing.T) { killRounds(t, kind) })
	}
}

func killRounds(t *testing.T, kind string) {
	rounds := 50
	if testing.Short() {
		rounds = 5
	}
	dir := store.TempDir(t)
	acknowledged := map[string]bool{}
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir, killKindEnv+"="+kind)
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		ids := make(chan string, 1024)
		go func() {
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				ids <- sc.Text()
			}
			close(ids)
		}()
		// Wait for the first acknowledged save (a race-enabled child on a
		// busy machine takes a while to start), then kill at a random moment
		// while it keeps saving.
		select {
		case id, ok := <-ids:
			if ok {
				acknowledged[id] = true
			}
		case <-time.After(60 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("round %d: the child saved nothing in a minute", round)
		}
		time.Sleep(time.Duration(rand.IntN(40)) * time.Millisecond)
		cmd.Process.Kill()
		for id := range ids {
			acknowledged[id] = true
		}
		cmd.Wait()

		s, err := store.Open(dir, store.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after kill: %v", round, err)
		}
		if err := s.IntegrityCheck(); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		present := map[string]bool{}
		sessions, err := s.Sessions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range sessions {
			present[l.ID] = true
			people, err := s.Participants(ctx, l.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range people {
				present[p.ID] = true
			}
		}
		for id := range acknowledged {
			if !present[id] {
				t.Fatalf("round %d: acknowledged session %s lost", round, id)
			}
		}
		s.Close()
	}
	if len(acknowledged) < rounds {
		t.Fatalf("only %d saves acknowledged in %d rounds: the child barely ran", len(acknowledged), rounds)
	}
	t.Logf("%d acknowledged saves survived %d kills", len(acknowledged), rounds)
}
