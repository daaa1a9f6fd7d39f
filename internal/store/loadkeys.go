package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// KeySet remembers an import's keys — digests of what makes two rows the
// same record — each with the line that first gave it, so that a later
// row with the same key is refused naming that line. It holds up to
// MemoryKeys keys in memory; past that it moves them to a scratch SQLite
// file of its own (a B-tree on the key, in a private temporary directory,
// removed by Close), whose pages live in the operating system's file
// cache, not in the process: an import's memory then stays the same
// whatever the size of its file. The file holds digests and line numbers,
// no personal data.
type KeySet struct {
	mem map[[16]byte]int32
	dir string
	db  *sql.DB
}

// MemoryKeys is how many keys a KeySet holds in memory (about 40 bytes
// each, 10 MiB in all) before it moves them to its scratch file, where a
// key costs a few microseconds of the stage beside the writer: a file of
// a few hundred thousand rows never pays it.
var MemoryKeys = 1 << 18

// keySetChunk bounds the keys of one statement of the scratch file.
const keySetChunk = 500

// NewKeySet starts an empty set.
func NewKeySet() *KeySet { return &KeySet{mem: map[[16]byte]int32{}} }

// Add takes a batch of keys in file order with their lines and returns,
// for each, the line of an equal key given before it (earlier in the
// batch or in an earlier batch), or 0 for a key not seen yet, which it
// remembers with its line.
func (k *KeySet) Add(ctx context.Context, keys [][16]byte, lines []int) ([]int, error) {
	if k.db == nil && len(k.mem)+len(keys) > MemoryKeys {
		if err := k.spill(ctx); err != nil {
			return nil, fmt.Errorf("import keys: %w", err)
		}
	}
	firsts := make([]int, len(keys))
	if k.db == nil {
		for i, key := range keys {
			if first, ok := k.mem[key]; ok {
				firsts[i] = int(first)
			} else {
				k.mem[key] = int32(lines[i])
			}
		}
		return firsts, nil
	}
	if err := k.addStored(ctx, keys, lines, firsts); err != nil {
		return nil, fmt.Errorf("import keys: %w", err)
	}
	return firsts, nil
}

// Claim is Add when which line gave a key does not matter: it reports
// whether each key was given before, remembering the new ones.
func (k *KeySet) Claim(ctx context.Context, keys [][16]byte) ([]bool, error) {
	lines := make([]int, len(keys))
	for i := range lines {
		lines[i] = 1 // any line: Add tells a key seen by its line, never 0
	}
	firsts, err := k.Add(ctx, keys, lines)
	claimed := make([]bool, len(firsts))
	for i, first := range firsts {
		claimed[i] = first != 0
	}
	return claimed, err
}

// addStored is Add on the scratch file: the batch's keys are offered in
// a few statements, which insert the new ones and name them; the lines of
// the others, rare, are read after.
func (k *KeySet) addStored(ctx context.Context, keys [][16]byte, lines []int, firsts []int) error {
	pairs := make([]any, 0, 2*len(keys))
	for i, key := range keys {
		pairs = append(pairs, key[:], lines[i])
	}
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// A key given twice in the batch is inserted at its first row, in
	// the statements' order, which is the file's.
	inserted := map[[16]byte]bool{}
	for chunk := range slices.Chunk(pairs, 2*keySetChunk) {
		if err := scanKeys(tx.QueryContext(ctx, `INSERT INTO keys (key, line) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(chunk)/2), ", ")+
			` ON CONFLICT (key) DO NOTHING RETURNING key, line`, chunk...))(func(key [16]byte, _ int) { inserted[key] = true }); err != nil {
			return err
		}
	}
	var seen []any
	for i, key := range keys {
		if inserted[key] {
			delete(inserted, key) // the first row of the key: new
			continue
		}
		firsts[i] = -1
		seen = append(seen, key[:])
	}
	if len(seen) > 0 {
		first := map[[16]byte]int{}
		for chunk := range slices.Chunk(seen, keySetChunk) {
			if err := scanKeys(tx.QueryContext(ctx, `SELECT key, line FROM keys WHERE key IN (`+placeholders(len(chunk))+`)`, chunk...))(
				func(key [16]byte, line int) { first[key] = line }); err != nil {
				return err
			}
		}
		for i, key := range keys {
			if firsts[i] == -1 {
				firsts[i] = first[key]
			}
		}
	}
	return tx.Commit()
}

// scanKeys reads (key, line) rows into fn.
func scanKeys(rows *sql.Rows, err error) func(fn func([16]byte, int)) error {
	return func(fn func([16]byte, int)) error {
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var b []byte
			var line int
			if err := rows.Scan(&b, &line); err != nil {
				return err
			}
			fn([16]byte(b), line)
		}
		return rows.Err()
	}
}

// spill moves the keys held in memory to a new scratch file.
func (k *KeySet) spill(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "gonghui-import-keys-") // mode 0700
	if err != nil {
		return err
	}
	k.dir = dir
	// The file is the import's alone and dies with it: no journal, no
	// syncs, one connection; a small page cache, the rest left to the
	// operating system's.
	q := url.Values{}
	q.Set("_journal_mode", "OFF")
	q.Set("_synchronous", "OFF")
	q.Set("_locking_mode", "EXCLUSIVE")
	q.Set("_cache_size", "-8192")
	db, err := sql.Open(sqliteDriver, "file:"+filepath.Join(dir, "keys.db")+"?"+q.Encode())
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	k.db = db
	if _, err := db.ExecContext(ctx, `CREATE TABLE keys (key BLOB PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID`); err != nil {
		return err
	}
	keys, lines := make([][16]byte, 0, len(k.mem)), make([]int, 0, len(k.mem))
	for key, line := range k.mem {
		keys, lines = append(keys, key), append(lines, int(line))
	}
	k.mem = nil
	return k.addStored(ctx, keys, lines, make([]int, len(keys)))
}

// Close removes the scratch file, if any.
func (k *KeySet) Close() error {
	if k.db == nil {
		return nil
	}
	err := k.db.Close()
	if rerr := os.RemoveAll(k.dir); err == nil {
		err = rerr
	}
	k.db = nil
	return err
}
