-- Settings the federation's administrator keeps as data, such as the list
-- of bargaining topics offered beside the four must-talk ones.

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
