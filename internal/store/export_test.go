package store

// IsUniqueViolation exposes isUniqueViolation to the external tests, which
// provoke real violations on both engines.
var IsUniqueViolation = isUniqueViolation
