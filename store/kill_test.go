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

// killChildEnv makes the test binary act as the child of the kill test.
const killChildEnv = "PENYULUH_KILL_CHILD_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(killChildEnv); dir != "" {
		runKillChild(dir)
		return
	}
	os.Exit(m.Run())
}

// runKillChild saves sessions one by one and prints each id only after its
// commit returned, exactly as the UI acknowledges a save.
func runKillChild(dir string) {
	s, err := store.Open(dir, store.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	out := bufio.NewWriter(os.Stdout)
	for {
		created, err := s.CreateSession(ctx, validSession())
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(4)
		}
		fmt.Fprintln(out, created.ID)
		out.Flush()
	}
}

// TestKillNeverLosesAcknowledgedSaves kills a writing process with SIGKILL
// at random moments; every id it printed must be in the reopened database.
func TestKillNeverLosesAcknowledgedSaves(t *testing.T) {
	rounds := 50
	if testing.Short() {
		rounds = 5
	}
	dir := t.TempDir()
	acknowledged := map[string]bool{}
	for round := 0; round < rounds; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), killChildEnv+"="+dir)
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
		time.Sleep(time.Duration(20+rand.IntN(60)) * time.Millisecond)
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
		list, err := s.Sessions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		present := map[string]bool{}
		for _, l := range list {
			present[l.ID] = true
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
