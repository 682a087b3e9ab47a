package content

import (
	"cmp"
	"errors"
	"maps"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// decodeTOML parses a TOML file into plain values. Only a syntax error stops
// it; the schema is checked by the caller through tomlFields, so that every
// wrong key is reported and not just the first.
func decodeTOML(file, src string, probs *problemList) (map[string]any, tomlLines, bool) {
	lines := indexTOML(src)
	if lines.tooDeep > 0 {
		probs.errorf(file, lines.tooDeep, "keys or values nested more than %d levels deep", maxTOMLNesting)
		return nil, tomlLines{}, false
	}
	var doc map[string]any
	if _, err := toml.Decode(src, &doc); err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			probs.errorf(file, perr.Position.Line, "invalid TOML: %s", perr.Message)
		} else {
			probs.errorf(file, 0, "invalid TOML: %v", err)
		}
		return nil, tomlLines{}, false
	}
	return doc, lines, true
}

// tomlFields reads the keys of one table, reporting wrong types at their line.
type tomlFields struct {
	file  string
	what  string // prefix for messages about a nested table, e.g. "source 2: "
	table map[string]any
	lines tomlTable
	probs *problemList
}

func (f tomlFields) errorf(key, format string, args ...any) {
	f.probs.errorf(f.file, f.lines.key(key), f.what+format, args...)
}

func (f tomlFields) warnf(key, format string, args ...any) {
	f.probs.warnf(f.file, f.lines.key(key), f.what+format, args...)
}

// rejectUnknown reports every key that is not one of known, in line order.
func (f tomlFields) rejectUnknown(known ...string) {
	unknown := slices.DeleteFunc(slices.Collect(maps.Keys(f.table)), func(k string) bool {
		return slices.Contains(known, k)
	})
	slices.SortFunc(unknown, func(a, b string) int {
		return cmp.Or(cmp.Compare(f.lines.key(a), f.lines.key(b)), strings.Compare(a, b))
	})
	for _, k := range unknown {
		f.errorf(k, "unknown key %q (known keys: %s)", k, strings.Join(known, ", "))
	}
}

// str returns a string value; a missing key gives "" (and an error if required).
func (f tomlFields) str(key string, required bool) string {
	v, ok := f.table[key]
	if !ok {
		if required {
			f.errorf(key, "missing %s", key)
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		f.errorf(key, "%s must be a string in quotes", key)
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		f.errorf(key, "%s is empty", key)
	}
	return s
}

// strs returns an array of strings, or nil (with an error) if it is not one.
func (f tomlFields) strs(key string) []string {
	v, ok := f.table[key]
	if !ok {
		return nil
	}
	items, ok := v.([]any)
	if !ok {
		f.errorf(key, "%s must be an array of strings, like [\"a\", \"b\"]", key)
		return nil
	}
	out := make([]string, 0, len(items))
	for _, item := range items {
		s, ok := item.(string)
		if !ok {
			f.errorf(key, "%s must be an array of strings, like [\"a\", \"b\"]", key)
			return nil
		}
		out = append(out, s)
	}
	return out
}

// tables returns an array of tables ([[key]]), or nil if the value is not one.
func (f tomlFields) tables(key string) []map[string]any {
	switch v := f.table[key].(type) {
	case nil:
		return nil
	case []map[string]any:
		return v
	case []any: // an inline array of tables: key = [{…}, {…}]
		out := make([]map[string]any, 0, len(v))
		for _, item := range v {
			t, ok := item.(map[string]any)
			if !ok {
				f.errorf(key, "%s must be written as [[%s]] tables", key, key)
				return nil
			}
			out = append(out, t)
		}
		return out
	default:
		f.errorf(key, "%s must be written as [[%s]] tables", key, key)
		return nil
	}
}
