package content

import (
	"maps"
	"net/url"
	"strconv"
	"strings"
)

// A Slide is one slide of slides.md.
type Slide struct {
	Number int    // 1-based
	Line   int    // line in slides.md of its first content
	Title  string // the text of its first heading
	Blocks []Block
	Notes  string // the speaker notes: its HTML comments that are not directives

	// Directives are the Marp directives in effect on this slide, resolved as
	// Marp does: a directive in the front matter or on an earlier slide
	// carries on; one written with a leading underscore ("_class: lead")
	// applies to its own slide only. Keys are stored without the underscore.
	// Nil when there are none.
	Directives map[string]string
}

// A Block is one piece of a slide's body. The title heading is not a block.
type Block struct {
	Kind BlockKind
	// Level is the heading level (1–3) for a Heading and the number shown for
	// a Numbered item (counting on from the list's first number, as Markdown
	// does); 0 otherwise.
	Level int
	Text  string // may hold **bold** markers: see Spans
	Alt   string // an Image's alternative text
	Path  string // an Image's path inside the pack, e.g. "img/alur.png"
	Line  int    // line in slides.md
}

// BlockKind says what a Block is.
type BlockKind int

const (
	Heading BlockKind = iota + 1
	Paragraph
	Bullet
	Numbered
	Image
)

func (k BlockKind) String() string {
	switch k {
	case Heading:
		return "heading"
	case Paragraph:
		return "paragraph"
	case Bullet:
		return "bullet"
	case Numbered:
		return "numbered"
	case Image:
		return "image"
	}
	return "BlockKind(" + strconv.Itoa(int(k)) + ")"
}

// A Span is a run of text that is either all bold or all plain.
type Span struct {
	Text string
	Bold bool
}

// Spans splits text at its **bold** markers. A "**" without a partner is
// kept as plain text; empty spans are left out.
func Spans(text string) []Span {
	var spans []Span
	add := func(s string, bold bool) {
		switch {
		case s == "":
		case len(spans) > 0 && spans[len(spans)-1].Bold == bold:
			spans[len(spans)-1].Text += s
		default:
			spans = append(spans, Span{Text: s, Bold: bold})
		}
	}
	for {
		open := strings.Index(text, "**")
		if open < 0 {
			break
		}
		end := strings.Index(text[open+2:], "**")
		if end < 0 {
			break
		}
		add(text[:open], false)
		add(text[open+2:open+2+end], true)
		text = text[open+2+end+2:]
	}
	add(text, false)
	return spans
}

// plainText is text without its bold markers.
func plainText(text string) string {
	var b strings.Builder
	for _, s := range Spans(text) {
		b.WriteString(s.Text)
	}
	return b.String()
}

// Marp's directives. A comment made only of these is not a speaker note.
var marpDirectives = map[string]bool{
	"paginate": true, "header": true, "footer": true, "class": true,
	"backgroundColor": true, "backgroundImage": true, "color": true,
	"theme": true, "size": true, "headingDivider": true, "style": true,
}

// srcLine is a line of a slide with its HTML comments taken out.
type srcLine struct {
	n          int
	text       string
	fenced     bool // part of a ``` code block, fences and comments included
	opensFence bool
}

type srcComment struct {
	line int
	text string
}

// rawSlide is the text between two slide breaks.
type rawSlide struct {
	start    int
	lines    []srcLine
	comments []srcComment
}

func (r rawSlide) empty() bool {
	if len(r.comments) > 0 {
		return false
	}
	for _, l := range r.lines {
		if strings.TrimSpace(l.text) != "" {
			return false
		}
	}
	return true
}

// parseSlides reads slides.md: its front matter, its slides, and the web
// addresses their speaker notes cite as sources.
func parseSlides(src string, probs *problemList) (map[string]string, []Slide, []citation) {
	lines := strings.Split(src, "\n")
	front, bodyStart := parseFrontMatter(lines, probs)
	carried := map[string]string{}
	for k, v := range front {
		if marpDirectives[k] {
			carried[k] = v
		}
	}
	var slides []Slide
	var cites []citation
	for _, raw := range splitSlides(lines, bodyStart, probs) {
		s, notes := buildSlide(raw, carried, probs)
		s.Number = len(slides) + 1
		for _, c := range notes {
			cites = append(cites, noteCitations(c.text, c.line, s.Number)...)
		}
		slides = append(slides, s)
	}
	return front, slides, cites
}

func isBreak(line string) bool { return strings.TrimRight(line, " \t") == "---" }

// parseFrontMatter reads the "key: value" lines between a --- on the first
// line and the next ---. It returns the index of the first line after it.
func parseFrontMatter(lines []string, probs *problemList) (map[string]string, int) {
	if !isBreak(lines[0]) {
		return nil, 0
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if isBreak(lines[i]) {
			end = i
			break
		}
	}
	if end < 0 {
		probs.errorf(slidesFile, 1, "front matter is not closed with a --- line")
		return nil, 1
	}
	front := map[string]string{}
	for i := 1; i < end; i++ {
		line := lines[i]
		if t := strings.TrimSpace(line); t == "" || t[0] == '#' {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok || key == "" || strings.ContainsAny(key, " \t") {
			probs.warnf(slidesFile, i+1, "front matter line is not \"key: value\"; ignored")
			continue
		}
		if key == "headingDivider" {
			probs.warnf(slidesFile, i+1, "headingDivider is not supported; slides break only at ---")
		}
		front[key] = unquote(strings.TrimSpace(value))
	}
	return front, end + 1
}

func unquote(v string) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		return v[1 : len(v)-1]
	}
	return v
}

// splitSlides cuts the body at slide breaks: a --- line after a blank line
// (or at the start of the body), outside comments and code blocks. A line
// that held only comments counts as blank, as it does for Marp.
func splitSlides(lines []string, start int, probs *problemList) []rawSlide {
	var (
		raws      []rawSlide
		cur       = rawSlide{start: start + 1}
		prevBlank = true
		fence     string
		comment   *srcComment // a comment still open at the end of a line
	)
	for i := start; i < len(lines); i++ {
		n, text := i+1, lines[i]
		switch {
		case comment == nil && fence == "" && isBreak(text):
			if prevBlank {
				raws = append(raws, cur)
				cur = rawSlide{start: n}
			} else {
				probs.warnf(slidesFile, n, "--- right after text is not a slide break; put a blank line before it")
			}
			continue
		case fence != "":
			cur.lines = append(cur.lines, srcLine{n: n, text: text, fenced: true})
			if closesFence(text, fence) {
				fence = ""
			}
			prevBlank = false
			continue
		case comment == nil && openingFence(text) != "":
			fence = openingFence(text)
			cur.lines = append(cur.lines, srcLine{n: n, text: text, fenced: true, opensFence: true})
			prevBlank = false
			continue
		}
		visible := takeComments(text, n, &comment, &cur.comments)
		cur.lines = append(cur.lines, srcLine{n: n, text: visible})
		prevBlank = strings.TrimSpace(visible) == ""
	}
	if comment != nil {
		probs.errorf(slidesFile, comment.line, "comment is not closed with -->")
	}
	raws = append(raws, cur)
	if len(raws) > 1 && raws[0].empty() { // a break at the start of the body
		raws = raws[1:]
	}
	if len(raws) == 1 && raws[0].empty() {
		return nil
	}
	return raws
}

// takeComments moves the HTML comments of one line into comments and
// returns what is left. open carries a comment that goes on past the line.
func takeComments(text string, n int, open **srcComment, comments *[]srcComment) string {
	var visible strings.Builder
	for {
		if c := *open; c != nil {
			end := strings.Index(text, "-->")
			if end < 0 {
				c.text += text + "\n"
				return visible.String()
			}
			c.text += text[:end]
			*comments = append(*comments, *c)
			*open = nil
			text = text[end+3:]
			continue
		}
		start := strings.Index(text, "<!--")
		if start < 0 {
			visible.WriteString(text)
			return visible.String()
		}
		visible.WriteString(text[:start])
		*open = &srcComment{line: n}
		text = text[start+4:]
	}
}

// openingFence returns the ``` or ~~~ that opens a code block on this line.
func openingFence(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return ""
	}
	for _, mark := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, mark) {
			return t[:len(t)-len(strings.TrimLeft(t, mark[:1]))]
		}
	}
	return ""
}

func closesFence(line, fence string) bool {
	t := strings.TrimSpace(line)
	return strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == ""
}

var (
	bulletPattern   = lazyRegexp(`^([ \t]*)[-*+][ \t]+(.*)$`)
	numberedPattern = lazyRegexp(`^([ \t]*)([0-9]{1,9})[.)][ \t]+(.*)$`)
	imagePattern    = lazyRegexp(`^!\[([^\]]*)\]\(([^)]*)\)$`)
)

// buildSlide parses a slide's body into blocks and its comments into notes
// and directives. carried holds the directives that carry on from earlier
// slides; the slide's own directives update it. It also returns the
// comments that became notes, with their lines.
func buildSlide(raw rawSlide, carried map[string]string, probs *problemList) (Slide, []srcComment) {
	s := Slide{Line: firstContentLine(raw)}
	b := blockParser{open: -1, probs: probs}
	b.parse(raw.lines)
	for i, blk := range b.blocks {
		if blk.Kind == Heading {
			s.Title = blk.Text
			b.blocks = append(b.blocks[:i], b.blocks[i+1:]...)
			break
		}
	}
	s.Blocks = b.blocks

	var notes []string
	var noteComments []srcComment
	spot := map[string]string{}
	for _, c := range raw.comments {
		content := strings.TrimSpace(c.text)
		if content == "" || content == "fit" { // "fit" is Marp's heading-fitting keyword
			continue
		}
		directives, ok := parseDirectives(content)
		if !ok {
			notes = append(notes, tidyNote(content))
			noteComments = append(noteComments, c)
			continue
		}
		for _, d := range directives {
			if name, isSpot := strings.CutPrefix(d[0], "_"); isSpot {
				spot[name] = d[1]
			} else {
				carried[name] = d[1]
			}
		}
	}
	s.Notes = strings.Join(notes, "\n\n")
	if len(carried)+len(spot) > 0 {
		s.Directives = maps.Clone(carried)
		maps.Copy(s.Directives, spot)
	}
	return s, noteComments
}

func firstContentLine(raw rawSlide) int {
	line := 0
	for _, l := range raw.lines {
		if strings.TrimSpace(l.text) != "" {
			line = l.n
			break
		}
	}
	if len(raw.comments) > 0 && (line == 0 || raw.comments[0].line < line) {
		line = raw.comments[0].line
	}
	if line == 0 {
		return raw.start
	}
	return line
}

// parseDirectives returns the comment's "key: value" pairs if every line is
// a Marp directive; otherwise the comment is a note.
func parseDirectives(content string) ([][2]string, bool) {
	var out [][2]string
	for line := range strings.SplitSeq(content, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		key, value, ok := strings.Cut(line, ":")
		key = strings.TrimSpace(key)
		if !ok || !marpDirectives[strings.TrimPrefix(key, "_")] {
			return nil, false
		}
		out = append(out, [2]string{key, unquote(strings.TrimSpace(value))})
	}
	return out, len(out) > 0
}

// tidyNote trims each line of a note, keeping its line breaks.
func tidyNote(content string) string {
	lines := strings.Split(content, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.Join(lines, "\n")
}

// blockParser turns a slide's lines into blocks.
type blockParser struct {
	blocks []Block
	open   int // index of the block a following text line continues; -1 for none
	// openKind names the unsupported construct the open block shows as plain
	// text ("table", …), so that its next lines join it; "" for Markdown we read.
	openKind     string
	more         []string // the open block's further lines, joined when it closes
	warnedNested bool
	probs        *problemList
}

func (b *blockParser) parse(lines []srcLine) {
	for i := 0; i < len(lines); i++ {
		if !lines[i].fenced {
			b.line(lines[i])
			continue
		}
		end := i + 1
		for end < len(lines) && lines[end].fenced && !lines[end].opensFence {
			end++
		}
		b.codeBlock(lines[i:end])
		i = end - 1
	}
	b.closeOpen()
}

func (b *blockParser) add(blk Block, openKind string) {
	b.closeOpen()
	b.blocks = append(b.blocks, blk)
	if blk.Kind != Heading && blk.Kind != Image {
		b.open, b.openKind = len(b.blocks)-1, openKind
	}
}

// closeOpen ends the open block: no later line continues it.
func (b *blockParser) closeOpen() {
	if b.open >= 0 && len(b.more) > 0 {
		blk := &b.blocks[b.open]
		blk.Text += " " + strings.Join(b.more, " ")
	}
	b.open, b.more = -1, b.more[:0]
}

func (b *blockParser) unsupported(n int, kind, text string) {
	if b.open >= 0 && b.openKind == kind {
		b.more = append(b.more, text)
		return
	}
	b.probs.warnf(slidesFile, n, "%s not supported; shown as plain text", kind)
	b.add(Block{Kind: Paragraph, Text: text, Line: n}, kind)
}

func (b *blockParser) codeBlock(lines []srcLine) {
	fence := openingFence(lines[0].text)
	var words []string
	for i, l := range lines[1:] {
		t := strings.TrimSpace(l.text)
		if t != "" && !(i == len(lines)-2 && closesFence(t, fence)) {
			words = append(words, t)
		}
	}
	b.probs.warnf(slidesFile, lines[0].n, "code blocks are not supported; shown as plain text")
	if len(words) > 0 {
		b.add(Block{Kind: Paragraph, Text: strings.Join(words, " "), Line: lines[0].n}, "")
	}
	b.closeOpen()
}

func (b *blockParser) line(l srcLine) {
	t := strings.TrimSpace(l.text)
	if t == "" {
		b.closeOpen()
		return
	}
	if level, text, ok := atxHeading(t); ok {
		if level > 3 {
			b.probs.warnf(slidesFile, l.n, "heading level %d is not supported (use #, ## or ###); shown as plain text", level)
			b.add(Block{Kind: Paragraph, Text: text, Line: l.n}, "")
			b.closeOpen()
		} else if text != "" {
			b.add(Block{Kind: Heading, Level: level, Text: text, Line: l.n}, "")
		}
		return
	}
	if isRule(t) {
		b.probs.warnf(slidesFile, l.n, "horizontal rules are not supported; ignored")
		b.closeOpen()
		return
	}
	if m := bulletPattern().FindStringSubmatch(l.text); m != nil {
		b.nested(l.n, m[1])
		b.add(Block{Kind: Bullet, Text: strings.TrimSpace(m[2]), Line: l.n}, "")
		return
	}
	if m := numberedPattern().FindStringSubmatch(l.text); m != nil {
		b.nested(l.n, m[1])
		number, _ := strconv.Atoi(m[2])
		if last := len(b.blocks) - 1; last >= 0 && b.blocks[last].Kind == Numbered {
			number = b.blocks[last].Level + 1
		}
		b.add(Block{Kind: Numbered, Level: number, Text: strings.TrimSpace(m[3]), Line: l.n}, "")
		return
	}
	if m := imagePattern().FindStringSubmatch(t); m != nil {
		b.add(Block{Kind: Image, Alt: strings.TrimSpace(m[1]), Path: imageDestination(m[2]), Line: l.n}, "")
		return
	}
	switch {
	case t[0] == '|':
		b.unsupported(l.n, "tables are", t)
		return
	case t[0] == '>':
		b.unsupported(l.n, "block quotes are", strings.TrimSpace(strings.TrimLeft(t, "> ")))
		return
	case isHTMLTag(t):
		b.unsupported(l.n, "HTML is", t)
		return
	case strings.Trim(t, "=") == "":
		b.probs.warnf(slidesFile, l.n, "=== underlines are not supported (use # headings); ignored")
		return
	}
	if strings.Contains(t, "![") {
		b.probs.warnf(slidesFile, l.n, "an image must be alone on its line to be shown")
	}
	if b.open >= 0 {
		b.more = append(b.more, t)
		return
	}
	b.add(Block{Kind: Paragraph, Text: t, Line: l.n}, "")
}

func (b *blockParser) nested(n int, indent string) {
	if len(strings.ReplaceAll(indent, "\t", "  ")) >= 2 && !b.warnedNested {
		b.warnedNested = true
		b.probs.warnf(slidesFile, n, "nested lists are not supported; shown as one level")
	}
}

// atxHeading parses "## Title ##" into level 2 and "Title".
func atxHeading(t string) (int, string, bool) {
	level := len(t) - len(strings.TrimLeft(t, "#"))
	if level == 0 || level > 6 || (len(t) > level && t[level] != ' ' && t[level] != '\t') {
		return 0, "", false
	}
	text := strings.TrimSpace(t[level:])
	if closing := strings.TrimRight(text, "#"); closing == "" || strings.HasSuffix(closing, " ") {
		text = strings.TrimSpace(closing)
	}
	return level, text, true
}

// isRule reports a thematic break such as "***", "___" or "- - -".
func isRule(t string) bool {
	t = strings.ReplaceAll(strings.ReplaceAll(t, " ", ""), "\t", "")
	return len(t) >= 3 && strings.Trim(t, t[:1]) == "" && strings.Contains("-*_", t[:1])
}

func isHTMLTag(t string) bool {
	if len(t) < 2 || t[0] != '<' {
		return false
	}
	c := t[1]
	return c == '/' || c == '!' || c == '?' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// imageDestination takes the path out of "path", "<path>" or `path "title"`.
func imageDestination(dest string) string {
	dest = strings.TrimSpace(dest)
	if rest, ok := strings.CutPrefix(dest, "<"); ok {
		dest, _, _ = strings.Cut(rest, ">")
	} else if i := strings.IndexAny(dest, " \t"); i >= 0 {
		dest = dest[:i]
	}
	if strings.Contains(dest, "%") {
		if unescaped, err := url.PathUnescape(dest); err == nil {
			dest = unescaped
		}
	}
	return dest
}
