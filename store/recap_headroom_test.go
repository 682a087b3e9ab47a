package store

import (
	"errors"
	"runtime/debug"
	"testing"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestWithRecapHeadroom: the collector is roomier during a recap unless
// someone set it roomier or off, overlapping recaps keep it so until the
// last ends, and the setting is back afterwards, failing or not.
func TestWithRecapHeadroom(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	failed := errors.New("disk full")
	for _, tc := range []struct {
		before, during int
		err            error
	}{
		{100, recapGCPercent, nil},
		{50, recapGCPercent, failed},
		{400, 400, nil},
		{-1, -1, nil},
	} {
		debug.SetGCPercent(tc.before)
		var inner, outerAfter int
		err := WithRecapHeadroom(func() error {
			if err := WithRecapHeadroom(func() error { inner = gcPercent(); return nil }); err != nil {
				return err
			}
			outerAfter = gcPercent()
			return tc.err
		})
		if !errors.Is(err, tc.err) {
			t.Errorf("before %d: error %v, want %v", tc.before, err, tc.err)
		}
		if inner != tc.during || outerAfter != tc.during {
			t.Errorf("before %d: %d in the inner recap, %d after it; want %d", tc.before, inner, outerAfter, tc.during)
		}
		if after := gcPercent(); after != tc.before {
			t.Errorf("before %d: %d afterwards", tc.before, after)
		}
	}
}
