// Package packs joins content packs to the store: the quiz a session
// freezes from the pack it was created with. Above content and store (which
// import neither each other), below ui and main, so that the window and the
// command-line build without a window share it.
package packs

import (
	"slices"

	"github.com/penyuluh/penyuluh/content"
	"github.com/penyuluh/penyuluh/store"
)

// Quiz turns a pack's quiz into the items a session snapshots.
func Quiz(pack *content.Pack) []store.QuizItem {
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
