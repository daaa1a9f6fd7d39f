-- The process that runs an import (host:pid), so that a start after a
-- crash can tell an import whose process died from one still running.

ALTER TABLE imports ADD COLUMN owner TEXT NOT NULL DEFAULT '';
