package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/packs"
	"github.com/penyuluh/penyuluh/phonequiz"
	"github.com/penyuluh/penyuluh/store"
)

var phonequizCommand = &command{name: "phonequiz", args: "SESSION",
	summary: "run the pre-test or post-test (--phase pre|post) on participants' phones over the local network: prints the address to open last and serves until interrupted (--port N, --host IP picks the network)",
	flags:   map[string]flagKind{"phase": valueFlag, "port": valueFlag, "host": valueFlag}, minArgs: 1, maxArgs: 1, run: runPhonequiz}

// runPhonequiz serves the phone quiz headless. With no officer at a window
// to confirm matches, a phone whose name is already listed is added as a new
// row marked "daftar lewat HP", to be tidied in the window later.
func runPhonequiz(inv *invocation) error {
	phase := store.Phase(inv.value("phase"))
	if phase != store.PhasePre && phase != store.PhasePost {
		return usagef("--phase must be pre or post")
	}
	port, err := inv.intValue("port", 0, 1, 65535)
	if err != nil {
		return err
	}
	host := inv.value("host")
	if host == "" {
		addrs, err := phonequiz.Addresses()
		if err != nil {
			return err
		}
		if len(addrs) == 0 {
			return errors.New("this laptop is on no local network: connect it to the hall's Wi-Fi or a phone's hotspot (mobile data may stay off), or turn on its own hotspot, then try again")
		}
		host = addrs[0].IP
		if len(addrs) > 1 {
			var names []string
			for _, a := range addrs {
				names = append(names, a.IP+" ("+a.Interface+")")
			}
			fmt.Fprintf(inv.stderr, "several networks: %s; using %s (--host IP picks another)\n", strings.Join(names, ", "), host)
		}
	} else if ip := net.ParseIP(host); ip == nil || ip.To4() == nil || ip.IsUnspecified() {
		return usagef("--host must be one IPv4 address of this laptop, such as 192.168.1.5")
	}
	s, err := openStore(inv, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	sess, err := s.Session(ctx, inv.args[0])
	if err != nil {
		return fmt.Errorf("session %s: %w", inv.args[0], err)
	}
	var quiz []store.QuizItem
	if pack, err := content.Resolve(packsDir(s.Dir()), sess.PackID, sess.PackVersion); err == nil {
		quiz = packs.Quiz(pack)
	}
	// Notify before the address is printed: whoever reads it may stop us at once.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(signals)
	srv, err := phonequiz.Start(ctx, s, phonequiz.Options{SessionID: sess.ID, Phase: phase, Host: host, Port: port,
		Quiz: quiz, Log: log.New(inv.stderr, "", 0)})
	switch {
	case errors.Is(err, store.ErrReadOnly):
		return fmt.Errorf("session %s is finalized or from another laptop: its answers cannot change", sess.ID)
	case errors.Is(err, phonequiz.ErrNoQuiz):
		return fmt.Errorf("session %s has no %s-test questions", sess.ID, phase)
	case err != nil:
		return err
	}
	if err := srv.SelfCheck(ctx); err != nil {
		fmt.Fprintf(inv.stderr, "warning: %v; phones will not reach it either (see README, Kuis lewat HP)\n", err)
	}
	fmt.Fprintf(inv.stderr, "%s-test of %q on phones: open the address below on a phone on the same Wi-Fi; Ctrl+C stops\n", phase, sess.Title)
	fmt.Fprintln(inv.stdout, srv.URL())
	<-signals
	err = srv.Close()
	st := srv.Stats()
	fmt.Fprintf(inv.stderr, "stopped: %d phones signed in, %d finished, %d answers saved\n", st.Joined, st.Finished, st.Answers)
	return err
}

// resultSource names where a phase's numbers come from for `results`:
// "individual", "hands", or with phones "individual, source: phone 58,
// typed 2" ("source: phone" when every sheet came from a phone).
func resultSource(r *store.PhaseResult) string {
	phones := r.Sources[store.SourcePhone]
	switch {
	case phones == 0:
		return r.Source
	case phones == r.N:
		return r.Source + ", source: phone"
	}
	return fmt.Sprintf("%s, source: phone %d, typed %d", r.Source, phones, r.N-phones)
}
