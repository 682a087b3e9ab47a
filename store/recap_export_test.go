package store

import "context"

// DeleteQuizItemForTest soft-deletes a quiz item as a merged bundle can:
// the app itself has no way to delete one.
func (st *Store) DeleteQuizItemForTest(ctx context.Context, id string) error {
	_, err := st.db.ExecContext(ctx, "UPDATE quiz_items SET deleted_at = ?, version = version + 1 WHERE id = ?", st.now(), id)
	return err
}
