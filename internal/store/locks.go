package store

import (
	"context"
	"hash/fnv"
	"slices"
	"strings"
)

// Lock first, then check. A rule of the form "at most one X per Y at a
// time" holds under concurrent writes only when every write that could
// break it takes the Y's lock before it reads what the check needs: then a
// second writer waits for the first to commit and its check sees the
// first's record. The write shape is permission → transaction → lockFor →
// check → write → statistics touch → audit → reload.

// lockRule names one "at most one" rule. Every use is a lockFor call with
// the rule's variable, so a grep finds each write a rule guards. A module
// declares its rules in its own files with newLockRule.
type lockRule int32

// lockRuleNames are the declared rules, to refuse two rules sharing a
// lock.
var lockRuleNames = map[lockRule]string{}

// newLockRule declares a rule. Its lock is derived from its name, so it
// stays the same from one release to the next (two releases may run side
// by side during an upgrade) and needs no shared list of numbers.
func newLockRule(name string) lockRule {
	h := fnv.New32a()
	h.Write([]byte(name))
	r := lockRule(int32(h.Sum32()))
	if other, dup := lockRuleNames[r]; dup {
		panic("store: lock rules " + other + " and " + name + " share a lock: rename one")
	}
	lockRuleNames[r] = name
	return r
}

// The store's own rules.
var (
	// lockComprehensive: one comprehensive contract in force per unit over
	// overlapping terms. Key: unit ID.
	lockComprehensive = newLockRule("contracts: one comprehensive contract per unit")
	// lockUnitCongress: one active unit congress per unit. Key: unit ID.
	lockUnitCongress = newLockRule("congresses: one unit congress per unit")
	// lockDisclosure: one disclosure system per unit at a time, periods not
	// overlapping. Key: unit ID.
	lockDisclosure = newLockRule("disclosures: one system per unit")
	// lockDirectorSeat: a person holds a seat of a unit once over
	// overlapping terms. Key: unit ID.
	lockDirectorSeat = newLockRule("directors: one seat per person and unit")
	// lockPerson: one person per ID number, one active membership and one
	// active card per person, one pending transfer per membership. Key:
	// the ID number's blind index (personKey).
	lockPerson = newLockRule("members: one person, membership and card per ID number")
	// lockCardNo: a card number is issued once. Key: textKey(card number).
	lockCardNo = newLockRule("members: each card number once")
	// lockCensusReturn: one census return per union and year. Key: org ID.
	lockCensusReturn = newLockRule("census: one return per union and year")
	// lockUnitUSCC: one unit per USCC. Key: textKey(USCC).
	lockUnitUSCC = newLockRule("units: one unit per USCC")
	// lockOrgCode: one org per code and per USCC. Key: textKey(code or USCC).
	lockOrgCode = newLockRule("orgs: one union per code and USCC")
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
	if c.s.engine != Postgres || len(keys) == 0 || c.checking() {
		return nil // a check holds no lock: it writes nothing
	}
	slots := make([]int64, len(keys))
	for i, k := range keys {
		slots[i] = int64(uint64(k) % lockSlots)
	}
	slices.Sort(slots)
	slots = slices.Compact(slots)
	// One statement for all the slots (a batch of a thousand rows takes
	// most of them), in slot order: the lock function is volatile, so it
	// is called row by row after the sort.
	values := make([]string, len(slots))
	args := []any{int32(rule)}
	for i, slot := range slots {
		values[i] = "(?::int)"
		args = append(args, int32(slot))
	}
	_, err := c.exec(ctx, `SELECT pg_advisory_xact_lock(?::int, s) FROM (VALUES `+strings.Join(values, ", ")+`) v(s) ORDER BY s`, args...)
	return err
}

// lockAll takes every one of rule's locks: a load that may touch any key.
func (c conn) lockAll(ctx context.Context, rule lockRule) error {
	keys := make([]int64, lockSlots)
	for i := range keys {
		keys[i] = int64(i)
	}
	return c.lockFor(ctx, rule, keys...)
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
