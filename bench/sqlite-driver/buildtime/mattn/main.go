// Command mattn opens an in-memory database with github.com/mattn/go-sqlite3
// and prints the SQLite version. It exists to measure the build cost of the
// driver (see docs/sqlite-driver.md).
package main

import (
	"database/sql"
	"fmt"
	"log"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	db, err := sql.Open("sqlite3", ":memory:")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(`SELECT sqlite_version()`).Scan(&v); err != nil {
		log.Fatal(err)
	}
	fmt.Println("mattn/go-sqlite3, SQLite", v)
}
