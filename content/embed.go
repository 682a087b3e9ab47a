package content

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"sync"
)

//go:embed packs
var bundled embed.FS

// defaultPackDir is the bundled pack: the TPPO sosialisasi deck for NTB.
const defaultPackDir = "packs/tppo-ntb"

// DefaultFS returns the files of the bundled pack.
func DefaultFS() fs.FS {
	fsys, err := fs.Sub(bundled, defaultPackDir)
	if err != nil {
		panic(err) // defaultPackDir is a valid constant path
	}
	return fsys
}

// Default returns the bundled pack, loaded once. It panics if the bundled
// pack has an error, which a test rules out before a build ships.
func Default() *Pack { return loadDefault() }

var loadDefault = sync.OnceValue(func() *Pack {
	p, probs, err := LoadFS(DefaultFS())
	if p == nil {
		var lines []string
		for _, pr := range probs {
			if !pr.Warning {
				lines = append(lines, pr.String())
			}
		}
		panic(fmt.Sprintf("content: the bundled pack %s is invalid: %v\n%s", defaultPackDir, err, strings.Join(lines, "\n")))
	}
	return p
})
