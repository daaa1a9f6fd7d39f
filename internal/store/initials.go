package store

import (
	"context"
	"fmt"
)

// fillNameInitials gives the unions and units kept without the pinyin
// initials of their names theirs: those written before the initials were
// kept (migration 14), or by a path that writes rows directly (the
// reference seed). It runs at every start and reads nothing once all are
// filled; a thousand rows go in a transaction.
func (s *Store) fillNameInitials(ctx context.Context) error {
	for _, table := range []string{"orgs", "units"} {
		for {
			type row struct {
				id   int64
				name string
			}
			var batch []row
			var r row
			if err := s.conn().eachRow(ctx, `SELECT id, name FROM `+table+` WHERE name_initials = '' AND name <> '' ORDER BY id LIMIT 1000`, nil,
				[]any{&r.id, &r.name}, func() { batch = append(batch, r) }); err != nil {
				return fmt.Errorf("%s initials: %w", table, err)
			}
			filled := 0
			err := s.inTx(ctx, func(c conn) error {
				for _, b := range batch {
					in := nameInitials(b.name)
					if in == "" {
						in = "-" // a name with nothing to spell: not asked again
					}
					if _, err := c.exec(ctx, `UPDATE `+table+` SET name_initials = ? WHERE id = ?`, in, b.id); err != nil {
						return err
					}
					filled++
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("%s initials: %w", table, err)
			}
			if filled < 1000 {
				break
			}
		}
	}
	return nil
}
