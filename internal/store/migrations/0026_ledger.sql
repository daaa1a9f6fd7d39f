-- The fund ledger: assistance funds kept by unions and their double-entry
-- journal in integer fen on the union accounting chart (工会会计制度,
-- 2010). Posted entries are never updated or deleted: a correction is a
-- reversal entry naming the original (at most one per entry). A retried
-- posting finds its first entry again by the fund's idempotency key.

CREATE TABLE ledger_accounts (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind    TEXT NOT NULL
);
INSERT INTO ledger_accounts (code, name_zh, name_en, kind) VALUES
    ('101', '库存现金', 'Cash on hand', 'asset'),
    ('102', '银行存款', 'Bank deposits', 'asset'),
    ('141', '库存物品', 'Goods in stock', 'asset'),
    ('40304', '上级补助收入—帮扶补助', 'Subsidies from above: hardship aid', 'income'),
    ('40305', '上级补助收入—送温暖补助', 'Subsidies from above: warmth delivery', 'income'),
    ('408', '其他收入', 'Other income (donations)', 'income'),
    ('50203', '维权支出—法律援助费', 'Rights protection: legal aid', 'expense'),
    ('50204', '维权支出—困难职工帮扶费', 'Rights protection: aid to workers in hardship', 'expense'),
    ('50205', '维权支出—送温暖费', 'Rights protection: warmth delivery', 'expense'),
    ('506', '补助下级支出', 'Subsidies to lower levels', 'expense');

CREATE TABLE funds (
    id              {{pk}},
    org_id          BIGINT NOT NULL REFERENCES orgs(id),
    name            {{ctext}} NOT NULL,
    income_account  TEXT NOT NULL REFERENCES ledger_accounts(code),
    expense_account TEXT NOT NULL REFERENCES ledger_accounts(code),
    allow_overdraft BIGINT NOT NULL DEFAULT 0,
    version         BIGINT NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX funds_org_name ON funds(org_id, name);

CREATE TABLE ledger_entries (
    id              {{pk}},
    fund_id         BIGINT NOT NULL REFERENCES funds(id),
    kind            TEXT NOT NULL,
    posted_on       TEXT NOT NULL,
    period          TEXT NOT NULL,
    memo            TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT,
    amount_fen      BIGINT NOT NULL,
    recipient_kind  TEXT,
    form            TEXT,
    ref_kind        TEXT,
    ref_id          BIGINT,
    payee_person_id BIGINT REFERENCES persons(id),
    payee_name      TEXT,
    payee_bank      TEXT,
    payee_account_sealed {{bytes}},
    payee_account_masked TEXT,
    reverses_id     BIGINT REFERENCES ledger_entries(id),
    created_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX ledger_entries_idempotency ON ledger_entries(fund_id, idempotency_key);
CREATE UNIQUE INDEX ledger_entries_reverses ON ledger_entries(reverses_id);
CREATE INDEX ledger_entries_fund_period ON ledger_entries(fund_id, period, id);
CREATE INDEX ledger_entries_ref ON ledger_entries(ref_kind, ref_id);

CREATE TABLE ledger_lines (
    entry_id   BIGINT NOT NULL REFERENCES ledger_entries(id),
    line_no    BIGINT NOT NULL,
    fund_id    BIGINT NOT NULL REFERENCES funds(id),
    account    TEXT NOT NULL REFERENCES ledger_accounts(code),
    debit_fen  BIGINT NOT NULL,
    credit_fen BIGINT NOT NULL,
    PRIMARY KEY (entry_id, line_no)
);
CREATE INDEX ledger_lines_fund_account ON ledger_lines(fund_id, account);

-- A union's books closed for a month: postings dated in it are refused.
CREATE TABLE ledger_periods (
    org_id    BIGINT NOT NULL REFERENCES orgs(id),
    period    TEXT NOT NULL,
    locked_by TEXT NOT NULL,
    locked_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, period)
);
