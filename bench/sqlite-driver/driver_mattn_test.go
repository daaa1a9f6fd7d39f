//go:build cgo

package sqlitedriver

import (
	"net/url"

	_ "github.com/mattn/go-sqlite3" // registers "sqlite3"
)

func init() {
	registerDriver(driverSpec{
		name:       "mattn",
		sqlName:    "sqlite3",
		order:      1,
		pureGo:     false,
		dsnForFile: mattnDSN,
	})
}

// mattnDSN applies the connection pragmas through the driver's own DSN keys,
// which github.com/mattn/go-sqlite3 executes on every new connection.
func mattnDSN(path string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "NORMAL")
	q.Set("_busy_timeout", "5000")
	return "file:" + path + "?" + q.Encode()
}
