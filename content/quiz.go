package content

import (
	"fmt"
	"slices"
	"strings"
)

// Quiz phases.
const (
	PhasePre  = "pre"  // asked before the presentation
	PhasePost = "post" // asked after it
	PhaseBoth = "both"
)

// A Question is one quiz item from quiz.toml.
type Question struct {
	ID          string
	Text        string
	Options     []string
	Answer      string // equal to one of Options
	Explanation string
	Phase       string // PhasePre, PhasePost or PhaseBoth
	Topic       string
	Line        int // line of its [[question]] header in quiz.toml
}

const (
	minOptions = 2
	maxOptions = 6
)

var questionIDPattern = lazyRegexp(`^[a-z0-9-]{1,64}$`)

// Letters returns the letter a participant says or marks for each option:
// "B" and "S" for a Benar/Salah (true/false) question, otherwise "A", "B", "C"….
func (q Question) Letters() []string {
	if slices.Equal(q.Options, []string{"Benar", "Salah"}) {
		return []string{"B", "S"}
	}
	letters := make([]string, len(q.Options))
	for i := range q.Options {
		letters[i] = string(rune('A' + i))
	}
	return letters
}

// AnswerLetter returns the letter of the correct option ("" if none is).
func (q Question) AnswerLetter() string {
	i := slices.Index(q.Options, q.Answer)
	if i < 0 {
		return ""
	}
	return q.Letters()[i]
}

// QuizFor returns the questions asked in a phase, in pack order: "pre" gives
// the pre and both questions, "post" the post and both ones. Any other phase
// gives none.
func (p *Pack) QuizFor(phase string) []Question {
	if phase != PhasePre && phase != PhasePost {
		return nil
	}
	var out []Question
	for _, q := range p.Questions {
		if q.Phase == phase || q.Phase == PhaseBoth {
			out = append(out, q)
		}
	}
	return out
}

var questionKeys = []string{"id", "text", "options", "answer", "explanation", "phase", "topic"}

func parseQuiz(src string, probs *problemList) []Question {
	doc, lines, ok := decodeTOML(quizFile, src, probs)
	if !ok {
		return nil
	}
	top := tomlFields{file: quizFile, table: doc, lines: lines.top, probs: probs}
	top.rejectUnknown("question")
	tables := top.tables("question")
	if _, present := doc["question"]; !present || (tables != nil && len(tables) == 0) {
		probs.warnf(quizFile, 0, "no quiz questions (add [[question]] tables)")
		return nil
	}

	var questions []Question
	firstLine := map[string]int{} // question id → line of its first use
	for i, t := range tables {
		tl := lines.table("question", i)
		q := parseQuestion(tomlFields{file: quizFile, table: t, lines: tl, probs: probs})
		q.Line = tl.line
		if q.ID != "" {
			if first, dup := firstLine[q.ID]; dup {
				probs.errorf(quizFile, tl.key("id"), "duplicate question id %q (also on line %d)", q.ID, first)
			} else {
				firstLine[q.ID] = tl.key("id")
			}
		}
		questions = append(questions, q)
	}
	return questions
}

func parseQuestion(f tomlFields) Question {
	f.rejectUnknown(questionKeys...)
	q := Question{
		ID:          f.str("id", true),
		Text:        strings.TrimSpace(f.str("text", true)),
		Options:     f.strs("options"),
		Answer:      f.str("answer", true),
		Explanation: strings.TrimSpace(f.str("explanation", false)),
		Phase:       f.str("phase", true),
		Topic:       strings.TrimSpace(f.str("topic", false)),
	}
	label := "question"
	if q.ID != "" {
		label = fmt.Sprintf("question %s", q.ID)
		if !questionIDPattern().MatchString(q.ID) {
			f.errorf("id", "id %q must be lowercase letters, digits or hyphens", q.ID)
		}
	}
	checkOptions(f, q)
	if q.Phase != "" && q.Phase != PhasePre && q.Phase != PhasePost && q.Phase != PhaseBoth {
		f.errorf("phase", "phase %q must be %q, %q or %q", q.Phase, PhasePre, PhasePost, PhaseBoth)
	}
	if _, ok := f.table["explanation"]; !ok {
		f.probs.warnf(f.file, f.lines.line, "%s has no explanation", label)
	}
	return q
}

func checkOptions(f tomlFields, q Question) {
	if _, ok := f.table["options"]; !ok {
		f.errorf("options", "missing options")
		return
	}
	if q.Options == nil { // wrong type, already reported
		return
	}
	if n := len(q.Options); n < minOptions || n > maxOptions {
		f.errorf("options", "%d options; a question needs %d to %d", n, minOptions, maxOptions)
	}
	seen := map[string]bool{}
	for i, o := range q.Options {
		trimmed := strings.TrimSpace(o)
		switch {
		case trimmed == "":
			f.errorf("options", "option %d is empty", i+1)
		case seen[trimmed]:
			f.errorf("options", "option %q appears twice", trimmed)
		}
		seen[trimmed] = true
	}
	if q.Answer != "" && !slices.Contains(q.Options, q.Answer) {
		f.errorf("answer", "answer %q is not one of the options", q.Answer)
	}
}

// Answer balance: a test whose two-option questions (Benar/Salah and the
// like) mostly share one answer rewards guessing that answer. A test is
// warned about when one answer leads by two or more and takes more than
// this share of those questions: 3 of 4, 4 of 5, 7 of 10.
const maxAnswerShare = 0.6

// checkAnswerBalance warns about each test (pre, post) in which one answer
// of a pair of options comes up too often.
func checkAnswerBalance(questions []Question, probs *problemList) {
	for _, phase := range []string{PhasePre, PhasePost} {
		type group struct {
			options []string // in the order first seen
			answers map[string][]string
			total   int
		}
		var groups []*group
		byKey := map[string]*group{}
		for _, q := range questions {
			if q.Phase != phase && q.Phase != PhaseBoth || len(q.Options) != 2 || !slices.Contains(q.Options, q.Answer) {
				continue
			}
			pair := []string{strings.ToLower(q.Options[0]), strings.ToLower(q.Options[1])}
			slices.Sort(pair)
			key := strings.Join(pair, "\x00")
			g := byKey[key]
			if g == nil {
				g = &group{options: q.Options, answers: map[string][]string{}}
				byKey[key] = g
				groups = append(groups, g)
			}
			g.answers[strings.ToLower(q.Answer)] = append(g.answers[strings.ToLower(q.Answer)], q.ID)
			g.total++
		}
		for _, g := range groups {
			for _, o := range g.options {
				ids := g.answers[strings.ToLower(o)]
				n := len(ids)
				if n-(g.total-n) < 2 || float64(n) <= maxAnswerShare*float64(g.total) {
					continue
				}
				probs.warnf(quizFile, 0, "in the %s-test %d of the %d questions answered %q or %q have the answer %q (%s): guessing %q scores %d%%; make the two answers about equally common",
					phase, n, g.total, g.options[0], g.options[1], o, strings.Join(ids, ", "), o, (n*100+g.total/2)/g.total)
			}
		}
	}
}
