package ui

import (
	"sync/atomic"
	"testing"
	"time"
)

// A held worker starts no job before release (the window's first frame),
// then runs them in order; stop releases it, so closing a window that never
// showed does not wait for ever.
func TestHeldWorker(t *testing.T) {
	w := newHeldWorker()
	var ran atomic.Int32
	var order []int
	for i := range 3 {
		w.run(func() error { ran.Add(1); order = append(order, i); return nil }, nil)
	}
	time.Sleep(50 * time.Millisecond)
	if n := ran.Load(); n != 0 {
		t.Fatalf("%d jobs ran before release", n)
	}
	w.release()
	w.wait()
	if n := ran.Load(); n != 3 || order[0] != 0 || order[1] != 1 || order[2] != 2 {
		t.Fatalf("after release: %d jobs ran, in order %v", n, order)
	}
	w.stop()

	never := newHeldWorker()
	never.run(func() error { ran.Add(1); return nil }, nil)
	stopped := make(chan struct{})
	go func() { never.stop(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(heldAtMost / 2):
		t.Fatal("stop waited for a held worker")
	}
	if n := ran.Load(); n != 4 {
		t.Fatalf("the held job did not run at stop (%d jobs ran)", n)
	}
}

// A held worker whose window never reports its first frame starts its jobs
// anyway after heldAtMost.
func TestHeldWorkerReleasesItself(t *testing.T) {
	defer func(d time.Duration) { heldAtMost = d }(heldAtMost)
	heldAtMost = 50 * time.Millisecond
	w := newHeldWorker()
	defer w.stop()
	done := make(chan struct{})
	w.run(func() error { close(done); return nil }, nil)
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the held job never ran without a release")
	}
}
