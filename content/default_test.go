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
	if content.HasErrors(probs) {
		t.Fatalf("the bundled pack has errors:\n  %s", strings.Join(problemStrings(probs), "\n  "))
	}
	for _, p := range probs {
		t.Logf("bundled pack: %s", p)
	}
	p := content.Default()
	if len(p.Slides) < 20 {
		t.Errorf("the bundled pack has %d slides, want at least 20", len(p.Slides))
	}
	if len(p.Questions) < 15 {
		t.Errorf("the bundled pack has %d questions, want at least 15", len(p.Questions))
	}
	if len(p.QuizFor(content.PhasePre)) == 0 || len(p.QuizFor(content.PhasePost)) == 0 {
		t.Error("the bundled pack lacks pre or post questions")
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
