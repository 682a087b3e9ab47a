package content

import (
	"strings"
)

// tomlLines knows the line of each key in a TOML file. BurntSushi/toml's
// MetaData does not expose positions, so after the decoder has accepted the
// file this scanner finds them again; it only has to understand valid TOML
// well enough to skip multi-line strings and arrays.
type tomlLines struct {
	top    tomlTable              // top-level keys and [table] headers
	arrays map[string][]tomlTable // [[name]] tables, in file order
	// tooDeep is the first line whose values or keys nest more than
	// maxTOMLNesting levels: the decoder's time grows with the square of
	// that depth, so such a file is refused before it is decoded.
	tooDeep int
}

const maxTOMLNesting = 16

type tomlTable struct {
	line int // the header's line; 0 for the top level
	keys map[string]int
}

// key returns the line of key in the table, or the table's own line.
func (t tomlTable) key(name string) int {
	if n, ok := t.keys[name]; ok {
		return n
	}
	return t.line
}

// table returns the i-th [[name]] table, or a table that knows no lines.
func (x tomlLines) table(name string, i int) tomlTable {
	if tables := x.arrays[name]; i < len(tables) {
		return tables[i]
	}
	return tomlTable{line: x.top.key(name)}
}

func indexTOML(src string) tomlLines {
	x := tomlLines{top: tomlTable{keys: map[string]int{}}, arrays: map[string][]tomlTable{}}
	current := &x.top
	var st valueScan
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		if st.open() {
			st.scan(line)
			x.noteDepth(st, n)
			continue
		}
		t := strings.TrimSpace(line)
		switch {
		case t == "" || t[0] == '#':
		case t[0] == '[' && strings.Count(t, ".") > maxTOMLNesting:
			x.noteDepth(valueScan{tooDeep: true}, n)
		case strings.HasPrefix(t, "[["):
			name := headerName(t[2:], "]]")
			x.arrays[name] = append(x.arrays[name], tomlTable{line: n, keys: map[string]int{}})
			current = &x.arrays[name][len(x.arrays[name])-1]
			setOnce(x.top.keys, name, n)
		case t[0] == '[':
			name := headerName(t[1:], "]")
			setOnce(x.top.keys, name, n)
			current = &tomlTable{line: n, keys: map[string]int{}}
		default:
			key, _ := splitKey(t)
			setOnce(current.keys, key, n)
			st.scan(t)
			x.noteDepth(st, n)
		}
	}
	return x
}

func (x *tomlLines) noteDepth(st valueScan, line int) {
	if st.tooDeep && x.tooDeep == 0 {
		x.tooDeep = line
	}
}

func setOnce(m map[string]int, key string, line int) {
	if _, ok := m[key]; !ok {
		m[key] = line
	}
}

// headerName returns the first part of a table header's (possibly dotted) name.
func headerName(s, closing string) string {
	if i := strings.Index(s, closing); i >= 0 {
		s = s[:i]
	}
	key, _ := splitKey(strings.TrimSpace(s) + "=")
	return key
}

// splitKey returns the first piece of the key on a key/value line, unquoted,
// and the text after the "=".
func splitKey(t string) (key, rest string) {
	if t != "" && (t[0] == '"' || t[0] == '\'') {
		if end := strings.IndexByte(t[1:], t[0]); end >= 0 {
			key, t = t[1:1+end], t[2+end:]
		}
	} else {
		end := strings.IndexAny(t, ".= \t")
		if end < 0 {
			return t, ""
		}
		key, t = t[:end], t[end:]
	}
	if eq := strings.IndexByte(t, '='); eq >= 0 {
		return key, t[eq+1:]
	}
	return key, ""
}

// valueScan follows a key/value line across lines: an open multi-line
// string or an array or inline table whose brackets are not closed yet.
// It also watches how deep arrays and dotted keys nest.
type valueScan struct {
	delim   string // `"""` or `'''` while inside a multi-line string
	depth   int
	dots    int // dots since the last separator: the parts of a dotted key
	tooDeep bool
}

func (s *valueScan) open() bool { return s.delim != "" || s.depth > 0 }

func (s *valueScan) scan(text string) {
	for i := 0; i < len(text); {
		if s.delim != "" {
			end := strings.Index(text[i:], s.delim)
			if end < 0 {
				return
			}
			i += end + len(s.delim)
			s.delim = ""
			continue
		}
		switch c := text[i]; c {
		case '#':
			return
		case '"', '\'':
			if triple := strings.Repeat(string(c), 3); strings.HasPrefix(text[i:], triple) {
				s.delim = triple
				i += 3
				continue
			}
			i = skipString(text, i)
			continue
		case '[', '{':
			s.depth++
			s.dots = 0
		case ']', '}':
			s.depth--
			s.dots = 0
		case ',', '=':
			s.dots = 0
		case '.':
			s.dots++
		}
		if s.depth > maxTOMLNesting || s.dots > maxTOMLNesting {
			s.tooDeep = true
		}
		i++
	}
}

// skipString returns the index after the one-line string starting at text[i].
func skipString(text string, i int) int {
	quote := text[i]
	for j := i + 1; j < len(text); j++ {
		switch {
		case quote == '"' && text[j] == '\\':
			j++
		case text[j] == quote:
			return j + 1
		}
	}
	return len(text)
}
