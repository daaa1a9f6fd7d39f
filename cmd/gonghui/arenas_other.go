//go:build !linux || !cgo

package main

// limitMallocArenas does nothing where the C library is not glibc's.
func limitMallocArenas() {}
