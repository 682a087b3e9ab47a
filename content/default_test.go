package content_test

import (
	"strings"
	"testing"

	"github.com/penyuluh/penyuluh/content"
)

// TestDefault guards the bundled pack: Default panics if it does not load.
func TestDefault(t *testing.T) {
	_, probs, err := content.LoadFS(content.DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	// `penyuluh content validate` must be clean: no errors and no warnings.
	if len(probs) > 0 {
		t.Fatalf("the bundled pack has problems:\n  %s", strings.Join(problemStrings(probs), "\n  "))
	}
	p := content.Default()
	if len(p.Slides) < 20 {
		t.Errorf("the bundled pack has %d slides, want at least 20", len(p.Slides))
	}
	for _, s := range p.Slides {
		for _, b := range s.Blocks {
			if b.Kind != content.Image {
				continue
			}
			if _, err := p.Image(b.Path); err != nil {
				t.Errorf("slide %d: %v", s.Number, err)
			}
		}
	}
	if content.Default() != p {
		t.Error("Default returned a different pack the second time")
	}
}

func BenchmarkLoadDefault(b *testing.B) {
	fsys := content.DefaultFS()
	for b.Loop() {
		p, _, err := content.LoadFS(fsys)
		if p == nil || err != nil {
			b.Fatal("the bundled pack did not load")
		}
	}
}

// The bundled quiz fits a 30–45 minute session: each test has 10 questions,
// read once; 8 are the same in both tests, so that the gain is measured on
// identical questions, and 2 are asked in one test only.
func TestDefaultQuiz(t *testing.T) {
	p := content.Default()
	pre, post := p.QuizFor(content.PhasePre), p.QuizFor(content.PhasePost)
	if len(pre) != 10 || len(post) != 10 {
		t.Errorf("pre-test %d questions, post-test %d; want 10 each", len(pre), len(post))
	}
	shared := 0
	for _, q := range p.Questions {
		if q.Phase == content.PhaseBoth {
			shared++
		}
	}
	if shared != 8 {
		t.Errorf("%d questions in both tests, want 8", shared)
	}
	// Guessing one answer of a true/false question scores at most 60%.
	for i, qs := range [][]content.Question{pre, post} {
		count := map[string]int{}
		n := 0
		for _, q := range qs {
			if len(q.Options) == 2 {
				count[q.Answer]++
				n++
			}
		}
		for answer, c := range count {
			if c*10 > n*6 {
				t.Errorf("%d of %d true/false answers in the %s-test are %q", c, n, []string{"pre", "post"}[i], answer)
			}
		}
	}
}
