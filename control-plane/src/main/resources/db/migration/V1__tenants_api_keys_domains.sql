-- Runs on MySQL 8, MariaDB and H2 in MySQL mode: plain types only, indexes declared inline.

CREATE TABLE tenants (
    id          VARCHAR(32)  NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    slug        VARCHAR(63)  NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    CONSTRAINT uq_tenants_slug UNIQUE (slug)
);

CREATE TABLE users (
    id             VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id      VARCHAR(32)  NOT NULL,
    email          VARCHAR(254) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    created_at     DATETIME(3)  NOT NULL,
    CONSTRAINT uq_users_email UNIQUE (email),
    CONSTRAINT fk_users_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);

CREATE TABLE api_keys (
    id            VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id     VARCHAR(32)  NOT NULL,
    name          VARCHAR(100) NOT NULL,
    secret_hash   VARCHAR(64)  NOT NULL,
    created_at    DATETIME(3)  NOT NULL,
    last_used_at  DATETIME(3)  NULL,
    CONSTRAINT fk_api_keys_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id, id);

CREATE TABLE domains (
    id               VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id        VARCHAR(32)  NOT NULL,
    name             VARCHAR(253) NOT NULL,
    type             VARCHAR(8)   NOT NULL,
    push_domain      VARCHAR(253) NULL,
    enabled          BOOLEAN      NOT NULL,
    cname            VARCHAR(253) NOT NULL,
    cname_status     VARCHAR(32)  NOT NULL,
    challenge_token  VARCHAR(64)  NOT NULL,
    referer_allow    TEXT         NOT NULL,
    referer_deny     TEXT         NOT NULL,
    ip_allow         TEXT         NOT NULL,
    ip_deny          TEXT         NOT NULL,
    created_at       DATETIME(3)  NOT NULL,
    verified_at      DATETIME(3)  NULL,
    last_checked_at  DATETIME(3)  NULL,
    CONSTRAINT uq_domains_name UNIQUE (name),
    CONSTRAINT fk_domains_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id),
    CONSTRAINT fk_domains_push FOREIGN KEY (push_domain) REFERENCES domains (name)
);
CREATE INDEX ix_domains_tenant_name ON domains (tenant_id, name);

CREATE TABLE domain_signing (
    domain_id          VARCHAR(32)  NOT NULL PRIMARY KEY,
    scheme             VARCHAR(8)   NOT NULL,
    validity_seconds   BIGINT       NOT NULL,
    primary_key_sealed   VARCHAR(255) NULL,
    secondary_key_sealed VARCHAR(255) NULL,
    CONSTRAINT fk_domain_signing_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);

CREATE TABLE domain_jwt_keys (
    id          VARCHAR(32)   NOT NULL PRIMARY KEY,
    domain_id   VARCHAR(32)   NOT NULL,
    kid         VARCHAR(128)  NOT NULL,
    jwk         VARCHAR(4096) NOT NULL,
    created_at  DATETIME(3)   NOT NULL,
    CONSTRAINT uq_domain_jwt_keys_kid UNIQUE (domain_id, kid),
    CONSTRAINT fk_domain_jwt_keys_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);

CREATE TABLE idempotency_keys (
    id            VARCHAR(200) NOT NULL PRIMARY KEY,
    request_hash  VARCHAR(64)  NOT NULL,
    status        INT          NOT NULL,
    location      VARCHAR(512) NULL,
    body_sealed   TEXT         NOT NULL,
    created_at    DATETIME(3)  NOT NULL
);
CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at);
