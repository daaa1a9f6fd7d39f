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
// each) before it moves them to its scratch file.
var MemoryKeys = 1 << 16

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

// addStored is Add on the scratch file: the batch's keys are read in a
// few statements, the new ones written in a few more.
func (k *KeySet) addStored(ctx context.Context, keys [][16]byte, lines []int, firsts []int) error {
	known := map[[16]byte]int{}
	var distinct []any
	for _, key := range keys {
		if _, ok := known[key]; !ok {
			known[key] = 0
			distinct = append(distinct, key[:])
		}
	}
	for chunk := range slices.Chunk(distinct, keySetChunk) {
		rows, err := k.db.QueryContext(ctx, `SELECT key, line FROM keys WHERE key IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var b []byte
			var line int
			if err := rows.Scan(&b, &line); err != nil {
				rows.Close()
				return err
			}
			known[[16]byte(b)] = line
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	var fresh []any
	for i, key := range keys {
		if first := known[key]; first != 0 {
			firsts[i] = first
			continue
		}
		known[key] = lines[i]
		fresh = append(fresh, key[:], lines[i])
	}
	return k.insert(ctx, fresh)
}

// insert writes (key, line) pairs, flattened, in one transaction.
func (k *KeySet) insert(ctx context.Context, pairs []any) error {
	if len(pairs) == 0 {
		return nil
	}
	tx, err := k.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for chunk := range slices.Chunk(pairs, 2*keySetChunk) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO keys (key, line) VALUES `+strings.TrimSuffix(strings.Repeat("(?, ?), ", len(chunk)/2), ", "), chunk...); err != nil {
			return err
		}
	}
	return tx.Commit()
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
	pairs := make([]any, 0, 2*len(k.mem))
	for key, line := range k.mem {
		pairs = append(pairs, key[:], int(line))
	}
	k.mem = nil
	return k.insert(ctx, pairs)
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
