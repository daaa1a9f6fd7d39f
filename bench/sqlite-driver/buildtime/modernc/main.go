// Command modernc opens an in-memory database with modernc.org/sqlite
// and prints the SQLite version. It exists to measure the build cost of the
// driver (see docs/sqlite-driver.md).
package main

import (
	"database/sql"
	"fmt"
	"log"

	_ "modernc.org/sqlite"
)

func main() {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(`SELECT sqlite_version()`).Scan(&v); err != nil {
		log.Fatal(err)
	}
	fmt.Println("modernc.org/sqlite, SQLite", v)
}
