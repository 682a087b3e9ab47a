package main

import (
	"bufio"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestPhonequizCommand runs `penyuluh phonequiz` as a process: the address
// is the last line of stdout, a phone signs in and answers through it,
// SIGINT (and SIGTERM) stop it with exit 0 and the port closed, and
// `results` then says the answers came from a phone.
func TestPhonequizCommand(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			out, _, code := cli(t, "demo", "--participants", "0", "--data", dir)
			if code != 0 {
				t.Fatal(out)
			}
			id := lastLine(out)
			cmd := exec.Command(os.Args[0], "phonequiz", "--data", dir, id, "--phase", "post", "--host", "127.0.0.1")
			cmd.Env = append(os.Environ(), asMainEnv+"=1", "LANG=en_US.UTF-8")
			stdout, _ := cmd.StdoutPipe()
			var stderr strings.Builder
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
			lines := bufio.NewScanner(stdout)
			if !lines.Scan() {
				cmd.Wait()
				t.Fatalf("no address; stderr: %s", stderr.String())
			}
			base := lines.Text()
			if !strings.HasPrefix(base, "http://127.0.0.1:") {
				t.Fatalf("address %q", base)
			}
			post := func(path string, form url.Values) map[string]any {
				resp, err := http.PostForm(base+path, form)
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var v map[string]any
				raw, _ := io.ReadAll(resp.Body)
				if resp.StatusCode != 200 || json.Unmarshal(raw, &v) != nil {
					t.Fatalf("%s: %d %s", path, resp.StatusCode, raw)
				}
				return v
			}
			st := post("join", url.Values{"name": {"Baiq Nurul"}, "gender": {"P"}})
			key := st["key"].(string)
			for st["s"] == "q" {
				st = post("answer", url.Values{"key": {key}, "item": {st["item"].(string)}, "choice": {"0"}})
			}
			if st["s"] != "done" {
				t.Fatalf("state %v", st)
			}
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("%v; stderr: %s", err, stderr.String())
				}
			case <-time.After(10 * time.Second):
				t.Fatal("still running 10 s after the signal")
			}
			if !strings.Contains(stderr.String(), "1 phones signed in, 1 finished") {
				t.Fatalf("stderr: %s", stderr.String())
			}
			if _, err := http.Get(base); err == nil {
				t.Fatal("still serving after the signal")
			}
			out, _, code = cli(t, "results", id, "--data", dir)
			if code != 0 || !strings.Contains(out, "post-test (individual, source: phone): n=1") {
				t.Fatalf("results: %s", out)
			}
			out, _, _ = cli(t, "results", id, "--data", dir, "--json")
			if !strings.Contains(out, `"sources": {`) || !strings.Contains(out, `"phone": 1`) {
				t.Fatalf("results --json: %s", out)
			}
		})
	}
}

func TestPhonequizRefuses(t *testing.T) {
	dir := t.TempDir()
	out, _, _ := cli(t, "demo", "--participants", "0", "--data", dir)
	id := lastLine(out)
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"phonequiz", id}, 2},
		{[]string{"phonequiz", id, "--phase", "both"}, 2},
		{[]string{"phonequiz", id, "--phase", "pre", "--port", "70000"}, 2},
		{[]string{"phonequiz", id, "--phase", "pre", "--host", "0.0.0.0"}, 2},
		{[]string{"phonequiz", "0190f5d2-0000-7000-8000-000000000001", "--phase", "pre", "--host", "127.0.0.1"}, 1},
	}
	for _, tt := range tests {
		out, errOut, code := cli(t, append(tt.args, "--data", dir)...)
		if code != tt.code || out != "" || strings.Count(strings.TrimSpace(errOut), "\n") > 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tt.args, code, out, errOut)
		}
	}
}
