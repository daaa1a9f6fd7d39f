package store

import (
	"context"
	"hash/fnv"
	"slices"
)

// Lock first, then check. A rule of the form "at most one X per Y at a
// time" holds under concurrent writes only when every write that could
// break it takes the Y's lock before it reads what the check needs: then a
// second writer waits for the first to commit and its check sees the
// first's record. The write shape is permission → transaction → lockFor →
// check → write → statistics touch → audit → reload.

// lockRule names one "at most one" rule. Every use is a lockFor call with
// the constant, so a grep finds each write a rule guards.
type lockRule int32

const (
	// lockComprehensive: one comprehensive contract in force per unit over
	// overlapping terms. Key: unit ID.
	lockComprehensive lockRule = iota + 1
	// lockUnitCongress: one active unit congress per unit. Key: unit ID.
	lockUnitCongress
	// lockDisclosure: one disclosure system per unit at a time, periods not
	// overlapping. Key: unit ID.
	lockDisclosure
	// lockDirectorSeat: a person holds a seat of a unit once over
	// overlapping terms. Key: unit ID.
	lockDirectorSeat
	// lockPerson: one person per ID number, one active membership and one
	// active card per person, one pending transfer per membership. Key:
	// the ID number's blind index (personKey).
	lockPerson
	// lockCardNo: a card number is issued once. Key: textKey(card number).
	lockCardNo
	// lockCensusReturn: one census return per union and year. Key: org ID.
	lockCensusReturn
	// lockUnitUSCC: one unit per USCC. Key: textKey(USCC).
	lockUnitUSCC
	// lockOrgCode: one org per code and per USCC. Key: textKey(code or USCC).
	lockOrgCode
)

// lockSlots bounds the locks one transaction holds per rule: keys share
// lockSlots locks, so an import of a whole file in one transaction stays
// far inside PostgreSQL's lock table (max_locks_per_transaction ×
// max_connections, 6,400 by default). Two keys in one slot only wait for
// each other; they never miss each other.
const lockSlots = 256

// lockFor takes rule's locks on keys for the rest of the transaction.
//
// On PostgreSQL (READ COMMITTED) these are transaction-scoped advisory
// locks, pg_advisory_xact_lock(rule, slot): released at commit or
// rollback, re-entrant within the transaction, and taken in slot order so
// that two transactions locking several keys never wait on each other in
// a cycle. Each statement after the lock reads a fresh snapshot, so the
// check that follows sees what the previous holder committed.
//
// On SQLite it does nothing: transactions begin IMMEDIATE (_txlock in
// Open), so a transaction holds the database's one write lock from BEGIN
// and writers are serialized already; a waiting writer queues on
// busy_timeout.
func (c conn) lockFor(ctx context.Context, rule lockRule, keys ...int64) error {
	if c.s.engine != Postgres || len(keys) == 0 {
		return nil
	}
	slots := make([]int64, len(keys))
	for i, k := range keys {
		slots[i] = int64(uint64(k) % lockSlots)
	}
	slices.Sort(slots)
	for _, slot := range slices.Compact(slots) {
		if _, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(?, ?)`, int32(rule), int32(slot)); err != nil {
			return err
		}
	}
	return nil
}

// textKey is the lock key of a text value (a code, a card number).
func textKey(s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return int64(h.Sum64())
}

// personKey is the lock key of a person: their ID number's blind index,
// known before the person is first stored.
func personKey(idIndex []byte) int64 { return textKey(string(idIndex)) }
