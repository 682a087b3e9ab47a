package content_test

import (
	"reflect"
	"testing"

	"github.com/penyuluh/penyuluh/content"
)

func TestLetters(t *testing.T) {
	tests := []struct {
		options []string
		answer  string
		letters []string
		correct string
	}{
		{[]string{"Benar", "Salah"}, "Salah", []string{"B", "S"}, "S"},
		{[]string{"Benar", "Salah"}, "Benar", []string{"B", "S"}, "B"},
		{[]string{"Salah", "Benar"}, "Benar", []string{"A", "B"}, "B"},
		{[]string{"benar", "salah"}, "salah", []string{"A", "B"}, "B"},
		{[]string{"Calo", "Disnaker", "Teman", "Media sosial"}, "Disnaker", []string{"A", "B", "C", "D"}, "B"},
		{[]string{"a", "b", "c", "d", "e", "f"}, "f", []string{"A", "B", "C", "D", "E", "F"}, "F"},
		{[]string{"a", "b"}, "c", []string{"A", "B"}, ""},
	}
	for _, tt := range tests {
		q := content.Question{Options: tt.options, Answer: tt.answer}
		if got := q.Letters(); !reflect.DeepEqual(got, tt.letters) {
			t.Errorf("Letters(%q) = %q, want %q", tt.options, got, tt.letters)
		}
		if got := q.AnswerLetter(); got != tt.correct {
			t.Errorf("AnswerLetter(%q, %q) = %q, want %q", tt.options, tt.answer, got, tt.correct)
		}
	}
}

func TestQuestions(t *testing.T) {
	p, probs := loadMem(t, nil)
	requireClean(t, probs)
	want := []content.Question{
		{
			ID: "q1", Text: "Bekerja ke luar negeri lewat calo itu aman.", Options: []string{"Benar", "Salah"},
			Answer: "Salah", Explanation: "Calo tidak resmi.", Phase: "both", Topic: "migrasi", Line: 1,
		},
		{
			ID: "q2", Text: "Di mana mendaftar kerja ke luar negeri?",
			Options: []string{"Calo", "Disnaker atau LTSA", "Media sosial", "Teman"},
			Answer:  "Disnaker atau LTSA", Explanation: "Pendaftaran resmi lewat Disnaker atau LTSA.",
			Phase: "post", Topic: "prosedur", Line: 10,
		},
	}
	if !reflect.DeepEqual(p.Questions, want) {
		t.Errorf("questions:\n got %+v\nwant %+v", p.Questions, want)
	}
}

func TestQuizFor(t *testing.T) {
	p, _ := loadMem(t, map[string]string{"quiz.toml": validQuiz + `
[[question]]
id = "q3"
text = "Soal awal"
options = ["Ya", "Tidak"]
answer = "Ya"
explanation = "."
phase = "pre"
`})
	ids := func(qs []content.Question) []string {
		var out []string
		for _, q := range qs {
			out = append(out, q.ID)
		}
		return out
	}
	tests := []struct {
		phase string
		want  []string
	}{
		{"pre", []string{"q1", "q3"}},
		{"post", []string{"q1", "q2"}},
		{"both", nil},
		{"", nil},
	}
	for _, tt := range tests {
		if got := ids(p.QuizFor(tt.phase)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("QuizFor(%q) = %q, want %q", tt.phase, got, tt.want)
		}
	}
}

func TestQuizLinesSkipMultilineValues(t *testing.T) {
	quiz := `[[question]]
id = "q1"
text = """
Baris satu
answer = "bukan kunci"
"""
options = [
  "Benar",
  "Salah",
]
answer = "Salahh"
explanation = "x"
phase = "pre"
`
	_, probs := loadMem(t, map[string]string{"quiz.toml": quiz})
	requireProblems(t, probs, `quiz.toml:11: answer "Salahh" is not one of the options`)
}
