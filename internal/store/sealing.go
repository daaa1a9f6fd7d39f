package store

import (
	"strconv"
)

// Every sealed value is bound to where it is stored (pii.Keys.Seal): a
// value copied into another person's row, another column or another
// import's report does not open there. A person's values are bound to the
// person's blind index rather than the row id, because imports seal on all
// cores before the rows (and their ids) exist.
const (
	sealedID    = "persons.id_sealed"
	sealedPhone = "persons.phone_sealed"
	// sealedAddress is a person's address: empty seals to nothing, so the
	// register's millions of rows without one cost no sealing.
	sealedAddress = "persons.address_sealed"
)

func personBinding(column string, idIndex []byte) []byte {
	return append([]byte(column+"\x00"), idIndex...)
}

func importErrorBinding(importID int64, line int) []byte {
	return []byte("import_errors.row_sealed\x00" + strconv.FormatInt(importID, 10) + "\x00" + strconv.Itoa(line))
}

// PersonIDBinding is the binding of a person's sealed ID number, for tools
// that read persons.id_sealed themselves (the benchmarks, tests).
func PersonIDBinding(idIndex []byte) []byte { return personBinding(sealedID, idIndex) }
