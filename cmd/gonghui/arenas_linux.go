//go:build linux && cgo

package main

/*
#include <malloc.h>

static void limitArenas(int n) {
#ifdef M_ARENA_MAX
	mallopt(M_ARENA_MAX, n);
#endif
}
*/
import "C"

import "os"

// limitMallocArenas caps the C library's malloc arenas for a load, unless
// MALLOC_ARENA_MAX sets them. SQLite allocates on whichever thread runs
// its call, and glibc gives threads arenas of their own, up to eight per
// core, whose freed memory it keeps: a full city's first load peaked at
// 527 MiB with them and 470 MiB with two (docs/BENCHMARKS.md).
func limitMallocArenas() {
	if os.Getenv("MALLOC_ARENA_MAX") == "" {
		C.limitArenas(2)
	}
}
