package content_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/penyuluh/penyuluh/content"
)

// checkLoaded checks what must hold for any input that did not panic.
func checkLoaded(t *testing.T, p *content.Pack, probs []content.Problem) {
	if (p != nil) == content.HasErrors(probs) {
		t.Fatalf("pack loaded = %v with errors = %v", p != nil, content.HasErrors(probs))
	}
	if p == nil {
		return
	}
	for i, s := range p.Slides {
		if s.Number != i+1 || s.Line < 1 {
			t.Fatalf("slide %d has number %d and line %d", i+1, s.Number, s.Line)
		}
		for _, b := range s.Blocks {
			for _, span := range content.Spans(b.Text) {
				if span.Text == "" {
					t.Fatal("empty span")
				}
			}
		}
	}
	for _, q := range p.Questions {
		if q.AnswerLetter() == "" {
			t.Fatalf("question %s has no answer letter", q.ID)
		}
	}
}

func FuzzParseSlides(f *testing.F) {
	f.Add(validSlides)
	f.Add("---\nmarp: true\n---\n<!-- _class: lead\n---\n-->\n# A **b\n\n```\n---\n")
	f.Fuzz(func(t *testing.T, slides string) {
		p, probs, err := content.LoadFS(mapFS(packFiles(t, map[string]string{"slides.md": slides})))
		if err != nil {
			t.Fatal(err)
		}
		checkLoaded(t, p, probs)
	})
}

func FuzzParseQuiz(f *testing.F) {
	f.Add(validQuiz)
	f.Add("[[question]]\nid = \"a\"\noptions = [\"x\", 1]\n[question.x]\n")
	f.Fuzz(func(t *testing.T, quiz string) {
		p, probs, err := content.LoadFS(mapFS(packFiles(t, map[string]string{"quiz.toml": quiz})))
		if err != nil {
			t.Fatal(err)
		}
		checkLoaded(t, p, probs)
	})
}

func FuzzLoadZip(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "pack.zip")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		p, probs, err := content.Load(path)
		if err != nil && p != nil {
			t.Fatal("a pack came with an error")
		}
		if err == nil {
			checkLoaded(t, p, probs)
		}
	})
}
