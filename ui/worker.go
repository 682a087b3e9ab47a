package ui

import (
	"log"
	"sync"
	"time"

	"fyne.io/fyne/v2"
)

// worker runs database and file work off the UI goroutine, one job at a
// time and in order (a save is never overtaken by a later read), and hands
// each result back on the UI goroutine through fyne.Do.
type worker struct {
	jobs    chan func()
	pending sync.WaitGroup
	// inline runs jobs at once on the caller's goroutine; headless UI tests
	// use it so that a tap's effect is visible when Tap returns.
	inline bool

	mu      sync.Mutex
	stopped bool // after stop, run drops jobs (the window is gone) instead of panicking

	gate    chan struct{} // closed once jobs may start (newHeldWorker)
	release func()
}

func newWorker(inline bool) *worker { return startWorker(inline, false) }

// newHeldWorker queues jobs but starts none until release: while the
// window opens, the reads that are not on its first frame (the whole
// session list, the daily backup) would take the CPU from drawing it.
// It releases itself after heldAtMost, should the first frame never be
// reported: the whole list and the backup must not wait for ever.
func newHeldWorker() *worker {
	w := startWorker(false, true)
	time.AfterFunc(heldAtMost, w.release)
	return w
}

var heldAtMost = 5 * time.Second // tests shorten it

func startWorker(inline, held bool) *worker {
	w := &worker{jobs: make(chan func(), 64), inline: inline, gate: make(chan struct{})}
	w.release = sync.OnceFunc(func() { close(w.gate) })
	if !held {
		w.release()
	}
	if !inline {
		go func() {
			<-w.gate
			for job := range w.jobs {
				job()
			}
		}()
	}
	return w
}

// run does job in the background, then done(err) on the UI goroutine.
func (w *worker) run(job func() error, done func(error)) {
	if w.inline {
		err := job()
		if done != nil {
			done(err)
		}
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		// A timer or a background job (the phone quiz's ticks) may still
		// ask for work while the window closes; there is nobody to show it to.
		log.Printf("worker: a job after the window closed was dropped")
		return
	}
	w.pending.Add(1)
	w.jobs <- func() {
		defer w.pending.Done()
		err := job()
		if done != nil {
			fyne.Do(func() { done(err) })
		}
	}
}

// wait blocks until every queued job has run.
func (w *worker) wait() { w.pending.Wait() }

// stop lets queued jobs finish and ends the goroutine.
func (w *worker) stop() {
	w.mu.Lock()
	w.stopped = true
	w.mu.Unlock()
	w.release()
	w.wait()
	if !w.inline {
		close(w.jobs)
	}
}
