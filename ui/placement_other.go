//go:build !windows && !(linux && !wayland)

package ui

func nativeFor(any) nativeWindow { return nil }
