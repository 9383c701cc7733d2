-- Issue 5: the node fleet, online streams, forbids and webhooks. Same dialect rules as V1.

CREATE TABLE node_tokens (
    id           VARCHAR(32)  NOT NULL PRIMARY KEY,
    description  VARCHAR(200) NULL,
    secret_hash  VARCHAR(64)  NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    expires_at   DATETIME(3)  NOT NULL,
    revoked_at   DATETIME(3)  NULL
);

CREATE TABLE nodes (
    id                 VARCHAR(32)  NOT NULL PRIMARY KEY,
    token_id           VARCHAR(32)  NOT NULL,
    address            VARCHAR(64)  NOT NULL,
    rtmp_port          INT          NOT NULL,
    http_port          INT          NOT NULL,
    region             VARCHAR(64)  NOT NULL,
    max_viewers        INT          NULL,
    max_ingest_kbps    INT          NULL,
    version            VARCHAR(64)  NULL,
    -- HEALTHY, DRAINING or SILENT as the fleet last judged; revoked nodes keep their row with revoked_at set.
    status             VARCHAR(16)  NOT NULL,
    drain_requested    BOOLEAN      NOT NULL,
    registered_at      DATETIME(3)  NOT NULL,
    last_heartbeat_at  DATETIME(3)  NULL,
    config_version     BIGINT       NULL,
    streams            INT          NOT NULL,
    viewers            INT          NOT NULL,
    revoked_at         DATETIME(3)  NULL,
    CONSTRAINT fk_nodes_token FOREIGN KEY (token_id) REFERENCES node_tokens (id)
);

-- One row: the version of the config snapshot, bumped in the same transaction as any change a node must see.
CREATE TABLE config_version (
    id       INT     NOT NULL PRIMARY KEY,
    version  BIGINT  NOT NULL
);
INSERT INTO config_version (id, version) VALUES (1, 1);

CREATE TABLE online_streams (
    id              VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(32)  NOT NULL,
    domain          VARCHAR(253) NOT NULL,
    app             VARCHAR(64)  NOT NULL,
    stream          VARCHAR(128) NOT NULL,
    node_id         VARCHAR(32)  NOT NULL,
    started_at      DATETIME(3)  NOT NULL,
    client_address  VARCHAR(64)  NULL,
    video_codec     VARCHAR(16)  NULL,
    width           INT          NULL,
    height          INT          NULL,
    frame_rate      DOUBLE       NULL,
    audio_codec     VARCHAR(16)  NULL,
    sample_rate     INT          NULL,
    channels        INT          NULL,
    bitrate_kbps    INT          NULL,
    viewers         INT          NOT NULL,
    CONSTRAINT uq_online_streams_key UNIQUE (domain, app, stream)
);
CREATE INDEX ix_online_streams_tenant ON online_streams (tenant_id, domain, app, stream);
CREATE INDEX ix_online_streams_node ON online_streams (node_id);

-- Event ids a node already sent, so a retried batch is recorded once.
CREATE TABLE stream_event_ids (
    node_id      VARCHAR(32)  NOT NULL,
    event_id     VARCHAR(64)  NOT NULL,
    received_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (node_id, event_id)
);
CREATE INDEX ix_stream_event_ids_received ON stream_event_ids (received_at);

CREATE TABLE forbidden_streams (
    id          VARCHAR(32)  NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(32)  NOT NULL,
    domain      VARCHAR(253) NOT NULL,
    app         VARCHAR(64)  NOT NULL,
    stream      VARCHAR(128) NOT NULL,
    until_at    DATETIME(3)  NULL,
    reason      VARCHAR(200) NULL,
    created_at  DATETIME(3)  NOT NULL,
    CONSTRAINT uq_forbidden_streams_key UNIQUE (domain, app, stream),
    CONSTRAINT fk_forbidden_streams_tenant FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
CREATE INDEX ix_forbidden_streams_tenant ON forbidden_streams (tenant_id, domain, app, stream);

CREATE TABLE domain_callbacks (
    domain_id      VARCHAR(32)   NOT NULL PRIMARY KEY,
    url            VARCHAR(2048) NOT NULL,
    events         VARCHAR(64)   NOT NULL,
    secret_sealed  VARCHAR(255)  NOT NULL,
    updated_at     DATETIME(3)   NOT NULL,
    CONSTRAINT fk_domain_callbacks_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);

CREATE TABLE callback_deliveries (
    id                VARCHAR(32)   NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(32)   NOT NULL,
    domain            VARCHAR(253)  NOT NULL,
    event             VARCHAR(16)   NOT NULL,
    url               VARCHAR(2048) NOT NULL,
    body              TEXT          NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    attempts          INT           NOT NULL,
    last_status_code  INT           NULL,
    last_error        VARCHAR(500)  NULL,
    created_at        DATETIME(3)   NOT NULL,
    delivered_at      DATETIME(3)   NULL,
    next_attempt_at   DATETIME(3)   NULL
);
CREATE INDEX ix_callback_deliveries_tenant ON callback_deliveries (tenant_id, created_at);
CREATE INDEX ix_callback_deliveries_due ON callback_deliveries (status, next_attempt_at);

-- Viewers of each stream on each node, as that node's last heartbeat said; replaced whole on every heartbeat.
CREATE TABLE stream_viewers (
    node_id   VARCHAR(32)  NOT NULL,
    domain    VARCHAR(253) NOT NULL,
    app       VARCHAR(64)  NOT NULL,
    stream    VARCHAR(128) NOT NULL,
    viewers   INT          NOT NULL,
    PRIMARY KEY (node_id, domain, app, stream)
);
CREATE INDEX ix_stream_viewers_stream ON stream_viewers (domain, app, stream);
