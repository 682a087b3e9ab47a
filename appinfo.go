package main

import (
	_ "embed"
	"fmt"

	"github.com/BurntSushi/toml"
)

// FyneApp.toml is the one place the version is written: the command line,
// the window, the PDF footers, the exe's properties and the installer all
// read it from there.
//
//go:embed FyneApp.toml
var fyneAppTOML string

type appDetails struct {
	Name    string
	ID      string
	Version string
	Build   int
}

var details = mustReadDetails(fyneAppTOML)

var (
	version = details.Version
	appID   = details.ID
)

func mustReadDetails(text string) appDetails {
	var f struct{ Details appDetails }
	if _, err := toml.Decode(text, &f); err != nil || f.Details.Version == "" || f.Details.ID == "" {
		panic(fmt.Sprintf("FyneApp.toml: no [Details] ID and Version (%v)", err))
	}
	return f.Details
}
