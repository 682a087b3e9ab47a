package store

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestPersonCursorFindsInAnyOrder: sheets come in key order within a
// block, but a cursor also sees keys behind it (the next block of two
// readers, or a key that is not there), and people are added in any order.
func TestPersonCursorFindsInAnyOrder(t *testing.T) {
	const people = 300
	ids := make([]string, people)
	ps := newPersonSessions(0)
	for i := range ids {
		ids[i] = fmt.Sprintf("%08x-0000-7000-8000-%012x", i*7919%people, i)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, i := range rng.Perm(people) {
		ps.add(ids[i], i)
	}
	ps.add("Odd-Id", 1000)
	ps.sort()
	key := func(id string) string { return string(answerIDKey(id).([]byte)) }

	sorted := rng.Perm(people)
	slices.SortFunc(sorted, func(a, b int) int { return strings.Compare(key(ids[a]), key(ids[b])) })
	reversed := make([]int, people)
	for i, v := range sorted {
		reversed[people-1-i] = v
	}
	everyThird := []int{}
	for k := 0; k < people; k += 3 {
		everyThird = append(everyThird, sorted[k])
	}
	for _, tc := range []struct {
		name  string
		order []int
	}{
		{"in key order", sorted},
		{"backwards", reversed},
		{"random", rng.Perm(people)},
		{"with gaps", everyThird},
		{"twice each", append(append([]int{}, sorted...), sorted...)},
	} {
		c := personCursor{ps: &ps}
		for _, i := range tc.order {
			if got, ok := c.find(key(ids[i])); !ok || got != i {
				t.Fatalf("%s: %s found as %d, %v; want %d", tc.name, ids[i], got, ok, i)
			}
		}
	}
	c := personCursor{ps: &ps}
	for _, tc := range []struct {
		key  string
		want int
		ok   bool
	}{
		{key(ids[sorted[people/2]]), sorted[people/2], true},
		{key("00000000-0000-6000-8000-000000000000"), 0, false}, // before everyone
		{key(ids[sorted[people/2]])[:15] + "\xff", 0, false},
		{strings.Repeat("\xff", 16), 0, false}, // after everyone
		{key(ids[sorted[0]]), sorted[0], true},
		{key(ids[sorted[1]])[:15], 0, false},
		{key(ids[sorted[1]]) + "x", 0, false},
	} {
		if got, ok := c.find(tc.key); ok != tc.ok || got != tc.want {
			t.Errorf("find(%x) = %d, %v; want %d, %v", tc.key, got, ok, tc.want, tc.ok)
		}
	}
	for _, tc := range []struct {
		id   string
		want int
		ok   bool
	}{{"Odd-Id", 1000, true}, {"Odd", 0, false}, {"", 0, false}} {
		if got, ok := c.findText(tc.id); ok != tc.ok || got != tc.want {
			t.Errorf("findText(%q) = %d, %v; want %d, %v", tc.id, got, ok, tc.want, tc.ok)
		}
	}
}
