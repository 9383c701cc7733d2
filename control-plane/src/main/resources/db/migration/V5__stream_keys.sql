-- Persistent stream keys of push domains (POST /v1/domains/{name}/stream-keys): the SHA-256 of each key's secret,
-- never the secret. They go with their domain; the config snapshot carries the active ones to the nodes.
CREATE TABLE stream_keys (
    id           VARCHAR(32)   NOT NULL PRIMARY KEY,
    tenant_id    VARCHAR(32)   NOT NULL,
    domain_id    VARCHAR(32)   NOT NULL,
    app          VARCHAR(64)   NOT NULL,
    stream       VARCHAR(128)  NOT NULL,
    description  VARCHAR(200)  NULL,
    secret_hash  VARCHAR(64)   NOT NULL,
    created_at   DATETIME(3)   NOT NULL,
    CONSTRAINT fk_stream_keys_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);
CREATE INDEX ix_stream_keys_domain ON stream_keys (domain_id, id);
