package store

import (
	"context"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"strings"

	"gonghui"
	"gonghui/refdata"
)

// CityFederationCode is the short code of the root org.
const CityFederationCode = "BJ"

// seedReference loads the reference tables built into the binary and
// creates the city federation with one union per district.
func seedReference(ctx context.Context, c conn) error {
	var regions [][]any
	add := func(rs []refdata.Region) {
		for _, r := range rs {
			regions = append(regions, []any{r.Code, r.Name, nullStr(r.ParentCode), r.Level.String()})
		}
	}
	add(refdata.Provinces())
	add(refdata.Cities())
	add(refdata.Counties())
	add(refdata.BeijingStreets())
	if err := insertRows(ctx, c, "regions", []string{"code", "name", "parent_code", "level"}, regions); err != nil {
		return err
	}
	var industries [][]any
	for _, in := range refdata.Industries() {
		industries = append(industries, []any{in.Code, in.Section, in.Name, in.Level})
	}
	if err := insertRows(ctx, c, "industries", []string{"code", "section", "name", "level"}, industries); err != nil {
		return err
	}

	now := c.s.nowUnix()
	var rootID int64
	err := c.row(ctx, `INSERT INTO orgs (code, name, kind, path, depth, region_code, created_at, updated_at)
		VALUES (?, '北京市总工会', ?, '/', 0, '11', ?, ?) RETURNING id`,
		CityFederationCode, gonghui.KindCityFederation, now, now).Scan(&rootID)
	if err != nil {
		return err
	}
	if _, err := c.exec(ctx, `UPDATE orgs SET path = ? WHERE id = ?`, gonghui.OrgPath(rootID), rootID); err != nil {
		return err
	}
	for _, d := range refdata.BeijingDistricts() {
		code := CityFederationCode + strings.TrimPrefix(d.Code, "1101")
		var id int64
		err := c.row(ctx, `INSERT INTO orgs (code, name, kind, parent_id, path, depth, region_code, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id`,
			code, d.Name+"总工会", gonghui.KindDistrictFederation, rootID, "pending:"+code, d.Code, now, now).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := c.exec(ctx, `UPDATE orgs SET path = ? WHERE id = ?`, gonghui.OrgPath(rootID, id), id); err != nil {
			return err
		}
	}
	return nil
}

// insertRows inserts rows in multi-row batches (one round trip per batch).
func insertRows(ctx context.Context, c conn, table string, cols []string, rows [][]any) error {
	return writeRows(ctx, c, table, cols, rows, "")
}

// writeRows inserts rows in multi-row batches, each statement ending in
// onConflict when given (an upsert). Plain inserts in an import's
// PostgreSQL transaction go by COPY.
func writeRows(ctx context.Context, c conn, table string, cols []string, rows [][]any, onConflict string) error {
	if c.copier != nil && onConflict == "" && len(rows) > 0 {
		return c.copier.Raw(func(dc any) error {
			_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	const batch = 200
	one := "(" + placeholders(len(cols)) + ")"
	for start := 0; start < len(rows); start += batch {
		end := min(start+batch, len(rows))
		var args []any
		vals := make([]string, 0, end-start)
		for _, r := range rows[start:end] {
			vals = append(vals, one)
			args = append(args, r...)
		}
		q := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES " + strings.Join(vals, ", ") + onConflict
		if _, err := c.exec(ctx, q, args...); err != nil {
			return err
		}
	}
	return nil
}
