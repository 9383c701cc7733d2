-- Prepaid balance, ledger, traffic packages and the SKU catalog (issue 14). Runs on MySQL 8, MariaDB and H2 in MySQL
-- mode. Money is integer minor units of the deployment's one currency; bytes are exact.

-- One row per tenant that ever had a money movement. balance is the sum of the tenant's ledger_entries.amount, kept
-- here so a movement locks this row (SELECT ... FOR UPDATE) and serializes the tenant's movements.
CREATE TABLE billing_accounts (
    tenant_id   VARCHAR(32)  NOT NULL PRIMARY KEY,
    balance     BIGINT       NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    CONSTRAINT fk_billing_accounts_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);

-- Every movement: kind credit | debit (operator, with a reason) | purchase (a package bought) | payg (pay-as-you-go
-- traffic charged) | package_usage (bytes taken from a package: amount 0, package_id and bytes set).
-- amount is signed (credits positive); balance_after is the balance once this entry applied. statement_month (YYYY-MM,
-- UTC; not `month`, a keyword in H2) is the statement month the entry belongs to (for usage: the month of the
-- traffic's bucket).
CREATE TABLE ledger_entries (
    id             VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(32)  NOT NULL,
    kind           VARCHAR(16)  NOT NULL,
    amount         BIGINT       NOT NULL,
    balance_after  BIGINT       NOT NULL,
    bytes          BIGINT       NULL,
    package_id     VARCHAR(32)  NULL,
    reason         VARCHAR(200) NULL,
    statement_month CHAR(7)     NOT NULL,
    created_at     DATETIME(3)  NOT NULL,
    CONSTRAINT fk_ledger_entries_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
CREATE INDEX ix_ledger_entries_tenant ON ledger_entries (tenant_id, created_at, id);
CREATE INDEX ix_ledger_entries_month ON ledger_entries (tenant_id, statement_month, kind);

CREATE TABLE skus (
    id             VARCHAR(32)  NOT NULL PRIMARY KEY,
    name           VARCHAR(100) NOT NULL,
    size_bytes     BIGINT       NOT NULL,
    validity_days  INT          NOT NULL,
    price          BIGINT       NOT NULL,
    active         BOOLEAN      NOT NULL,
    created_at     DATETIME(3)  NOT NULL
);

CREATE TABLE traffic_packages (
    id               VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(32)  NOT NULL,
    sku_id           VARCHAR(32)  NOT NULL,
    name             VARCHAR(100) NOT NULL,
    size_bytes       BIGINT       NOT NULL,
    remaining_bytes  BIGINT       NOT NULL,
    price            BIGINT       NOT NULL,
    purchased_at     DATETIME(3)  NOT NULL,
    expires_at       DATETIME(3)  NOT NULL,
    -- The buyer's Idempotency-Key (NULL without one): a retried purchase finds its package instead of buying twice.
    idempotency_key  VARCHAR(128) NULL,
    CONSTRAINT fk_traffic_packages_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT fk_traffic_packages_sku FOREIGN KEY (sku_id) REFERENCES skus (id)
);
CREATE INDEX ix_traffic_packages_tenant ON traffic_packages (tenant_id, expires_at);
CREATE UNIQUE INDEX ux_traffic_packages_key ON traffic_packages (tenant_id, idempotency_key);
CREATE INDEX ix_traffic_packages_expiry ON traffic_packages (expires_at);

-- Pay-as-you-go per tenant and month: bytes charged so far and the amount charged for them, so a tier price over
-- the month's cumulative bytes is charged exactly (each charge = price(bytes after) - price(bytes before)).
CREATE TABLE payg_months (
    tenant_id  VARCHAR(32)  NOT NULL,
    statement_month CHAR(7) NOT NULL,
    bytes      BIGINT       NOT NULL,
    charged    BIGINT       NOT NULL,
    PRIMARY KEY (tenant_id, statement_month)
);

-- Whether a tenant's pull domains are suspended (no package bytes, no balance past the overdraft) and whether it is
-- below the quota_low threshold; written in the transaction that moves its money or bytes, read by the config
-- snapshot. A row whose flags change is a crossing: the webhook fires once per crossing.
CREATE TABLE tenant_standing (
    tenant_id   VARCHAR(32)  NOT NULL PRIMARY KEY,
    suspended   BOOLEAN      NOT NULL,
    quota_low   BOOLEAN      NOT NULL,
    changed_at  DATETIME(3)  NOT NULL,
    -- When the standing was last computed: a package that expired after it may have changed it (billing/ExpiryCheck).
    checked_at  DATETIME(3)  NOT NULL,
    CONSTRAINT fk_tenant_standing_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
