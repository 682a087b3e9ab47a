package ui

import (
	"slices"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/store"
)

// PackQuiz turns a pack's quiz into the items a session snapshots. The
// command line uses it too (demo), so it is exported.
func PackQuiz(pack *content.Pack) []store.QuizItem {
	items := make([]store.QuizItem, 0, len(pack.Questions))
	for _, q := range pack.Questions {
		items = append(items, store.QuizItem{
			QuestionID:  q.ID,
			Phase:       store.Phase(q.Phase),
			Text:        q.Text,
			Options:     q.Options,
			Letters:     q.Letters(),
			Answer:      slices.Index(q.Options, q.Answer),
			Explanation: q.Explanation,
			Topic:       q.Topic,
			PackID:      pack.ID,
			PackVersion: pack.Version,
		})
	}
	return items
}
