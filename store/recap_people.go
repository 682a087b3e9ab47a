package store

import (
	"cmp"
	"encoding/binary"
	"slices"
)

// personSessions finds a live participant of a picked session by the key
// answer_sheets stores for them (answerIDKey: 16 bytes for a canonical id,
// the text otherwise).
//
// The 16-byte keys are kept sorted rather than in a map: answer sheets
// arrive in the same key order, so a cursor finds each sheet's person a
// step or two after the last one. Filling and probing a map of 600,000
// people was a fifth of a province's recap.
type personSessions struct {
	keys   []personKey // sorted by key once sort has run
	byText map[string]int32
}

// personKey is a canonical id's 16 bytes as two big-endian halves, which
// order as the bytes do, and the index of its person's session.
type personKey struct {
	hi, lo  uint64
	session int32
}

func (k personKey) compare(o personKey) int {
	if c := cmp.Compare(k.hi, o.hi); c != 0 {
		return c
	}
	return cmp.Compare(k.lo, o.lo)
}

// newPersonSessions makes room for about n people.
func newPersonSessions(n int) personSessions {
	return personSessions{keys: make([]personKey, 0, n), byText: map[string]int32{}}
}

func (ps *personSessions) add(id string, session int) {
	if b, ok := idBytes(id); ok {
		ps.keys = append(ps.keys, personKey{binary.BigEndian.Uint64(b[:8]), binary.BigEndian.Uint64(b[8:]), int32(session)})
	} else {
		ps.byText[id] = int32(session)
	}
}

// sort readies the keys for lookups. People come in the order they were
// added, which for ids made from the time is nearly their key order.
func (ps *personSessions) sort() {
	slices.SortFunc(ps.keys, personKey.compare)
}

// personCursor looks people up, in the order sheetsQuery reads them, in
// sorted personSessions. Each reader of sheets has its own.
type personCursor struct {
	ps *personSessions
	at int // where the last 16-byte key was found or would be
}

// findText looks up a person whose sheets are keyed by the text of the id.
func (c *personCursor) findText(id string) (int, bool) {
	i, ok := c.ps.byText[id]
	return int(i), ok
}

// find looks up a person by the 16 bytes of a canonical id.
func (c *personCursor) find(key string) (int, bool) {
	if len(key) != 16 {
		return 0, false
	}
	want := personKey{hi: binary.BigEndian.Uint64([]byte(key[:8])), lo: binary.BigEndian.Uint64([]byte(key[8:]))}
	keys := c.ps.keys
	at := min(c.at, len(keys))
	if at > 0 && want.compare(keys[at-1]) <= 0 {
		at = 0 // not after the last key: a new block, or another reader's
	}
	// The next person with sheets is mostly the next one or two.
	for steps := 0; at < len(keys) && keys[at].compare(want) < 0; steps++ {
		if steps == 4 {
			n, _ := slices.BinarySearchFunc(keys[at:], want, personKey.compare)
			at += n
			break
		}
		at++
	}
	c.at = at
	if at < len(keys) && keys[at].compare(want) == 0 {
		return int(keys[at].session), true
	}
	return 0, false
}

// decodeHex decodes len(dst)*2 hex digits of either case.
func decodeHex(dst []byte, digits string) bool {
	if len(digits) != 2*len(dst) {
		return false
	}
	for i := range dst {
		hi, lo := hexValues[digits[2*i]], hexValues[digits[2*i+1]]
		if hi|lo > 0x0f {
			return false
		}
		dst[i] = hi<<4 | lo
	}
	return true
}

// hexValues maps a hex digit to its value and any other byte to 0xff.
var hexValues = func() (t [256]byte) {
	for c := range t {
		switch {
		case '0' <= c && c <= '9':
			t[c] = byte(c - '0')
		case 'a' <= c && c <= 'f':
			t[c] = byte(c - 'a' + 10)
		case 'A' <= c && c <= 'F':
			t[c] = byte(c - 'A' + 10)
		default:
			t[c] = 0xff
		}
	}
	return t
}()
