package sqlitedriver

import (
	"net/url"

	_ "modernc.org/sqlite" // registers "sqlite"
)

func init() {
	registerDriver(driverSpec{
		name:       "modernc",
		sqlName:    "sqlite",
		order:      2,
		pureGo:     true,
		dsnForFile: moderncDSN,
	})
}

// moderncDSN applies the connection pragmas through _pragma parameters, which
// modernc.org/sqlite executes on every new connection.
func moderncDSN(path string) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "busy_timeout(5000)")
	return "file:" + path + "?" + q.Encode()
}
