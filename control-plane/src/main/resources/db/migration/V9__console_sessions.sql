-- The web console's browser sessions (POST /v1/auth/console/session): the cookie carries lpc_{id}_{secret}, the row
-- the SHA-256 of the secret, never the secret. Logging out deletes the row, so a copied cookie stops working at once.
CREATE TABLE console_sessions (
    id           VARCHAR(32)   NOT NULL PRIMARY KEY,
    secret_hash  VARCHAR(64)   NOT NULL,
    role         VARCHAR(16)   NOT NULL,
    tenant_id    VARCHAR(32)   NULL,
    email        VARCHAR(254)  NULL,
    created_at   DATETIME(3)   NOT NULL,
    expires_at   DATETIME(3)   NOT NULL,
    CONSTRAINT fk_console_sessions_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE
);
CREATE INDEX ix_console_sessions_expires ON console_sessions (expires_at);
