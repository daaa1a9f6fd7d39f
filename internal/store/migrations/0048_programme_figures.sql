-- The line of the report's assistance sentence a programme counts in
-- (金秋助学, 温暖基金, “两节”送温暖, medical mutual aid, emergency relief):
-- a district's own programmes name it too. The standard programmes opened
-- before get theirs.

ALTER TABLE programmes ADD COLUMN figure TEXT NOT NULL DEFAULT '';
UPDATE programmes SET figure = 'golden_autumn' WHERE code = 'JQZX';
UPDATE programmes SET figure = 'warmth' WHERE code = 'WNJJ';
UPDATE programmes SET figure = 'festival' WHERE code IN ('LJSWN-H', 'LJSWN-E');
UPDATE programmes SET figure = 'medical' WHERE code = 'YLHZ';
UPDATE programmes SET figure = 'emergency' WHERE code = 'YJJZ';
CREATE INDEX applications_entry ON applications(entry_id);
