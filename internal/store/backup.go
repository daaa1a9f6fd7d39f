package store

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of a SQLite database to path while the
// server keeps serving (VACUUM INTO reads one snapshot). PostgreSQL has its
// own tools (pg_dump, base backups) and is refused here.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.engine != SQLite {
		return errors.New("backup copies SQLite databases; use pg_dump for PostgreSQL")
	}
	// Made first, empty and for the owner alone (VACUUM INTO fills an
	// empty file): the copy holds what the database does.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%s already exists", path)
	}
	if err != nil {
		return err
	}
	f.Close()
	if _, err = s.db.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		os.Remove(path)
	}
	return opErr(err, "backup")
}
