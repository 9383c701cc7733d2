-- Metered usage (issue 14). Runs on MySQL 8, MariaDB and H2 in MySQL mode. Times are UTC; a bucket_start is the
-- start of its 5-minute, hour or day (UTC) bucket. Byte counts are exact: nodes send deltas, ingestion adds them.
-- protocol: rtmp | http_flv | hls (viewer egress, billed) | relay (node to node, never billed) | ingest (publisher).

-- Raw records as nodes sent them; (node_id, record_id) is the idempotency key: a replayed record is not counted
-- again. The key is led by bucket_start: inserts append at the newest buckets' end of the index, and retention
-- deletes a range of it. A record id is unique per node and a replay carries the same bucket, so the bucket in the key
-- changes nothing; records older than the raw retention are refused at ingest (a replay could no longer be told).
-- record_id is the id's UTF-8 bytes (64 characters at most), binary so that ids compare exactly (no collation folds
-- case or trailing spaces). intake_id: the intake transaction that stored the row, which tells a replay from a record
-- stored now when INSERT IGNORE skipped some.
CREATE TABLE usage_records (
    bucket_start    DATETIME      NOT NULL,
    node_id         VARCHAR(32)   NOT NULL,
    record_id       VARBINARY(256) NOT NULL,
    tenant_id       VARCHAR(32)   NOT NULL,
    domain          VARCHAR(253)  NOT NULL,
    app             VARCHAR(64)   NOT NULL,
    stream          VARCHAR(128)  NOT NULL,
    protocol        VARCHAR(8)    NOT NULL,
    bytes           BIGINT        NOT NULL,
    viewer_seconds  BIGINT        NOT NULL,
    peak_viewers    INT           NOT NULL,
    intake_id       BIGINT        NOT NULL,
    PRIMARY KEY (bucket_start, node_id, record_id)
);

-- The raw rows each intake stored, for the roller to fold (below): one key per intake transaction, so each intake adds
-- its entries at one place of the index.
CREATE INDEX ix_usage_records_intake ON usage_records (intake_id);

-- Per node, stream and protocol and 5-minute bucket: the node's records added up (bytes, viewer_seconds) and the
-- largest peak_viewers. Written by the roller only, from the raw rows of the intakes it folds; the stream rollups are
-- sums of it over nodes. Kept as long as the raw records.
CREATE TABLE usage_node_5m (
    bucket_start    DATETIME      NOT NULL,
    tenant_id       VARCHAR(32)   NOT NULL,
    domain          VARCHAR(253)  NOT NULL,
    app             VARCHAR(64)   NOT NULL,
    stream          VARCHAR(128)  NOT NULL,
    protocol        VARCHAR(8)    NOT NULL,
    node_id         VARCHAR(32)   NOT NULL,
    bytes           BIGINT        NOT NULL,
    viewer_seconds  BIGINT        NOT NULL,
    peak_viewers    INT           NOT NULL,
    PRIMARY KEY (tenant_id, domain, bucket_start, app, stream, protocol, node_id)
);
CREATE INDEX ix_usage_node_5m_bucket ON usage_node_5m (bucket_start);

-- The intakes not folded yet, with the (tenant, domain, 5-minute bucket)s whose rollups each changed: every intake
-- appends its marks (plain INSERT, no lock on a shared row, so concurrent intakes never wait on each other) in the
-- records' transaction, one per (tenant, domain, bucket) of the group, not per record. The roller reads whole intakes'
-- committed marks, adds their raw rows (by intake_id) to usage_node_5m, rebuilds the marked buckets and deletes the
-- marks it read by id, in one transaction; an intake committed meanwhile stays for its next round.
CREATE TABLE usage_rollup_pending (
    id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    intake_id       BIGINT        NOT NULL,
    tenant_id       VARCHAR(32)   NOT NULL,
    domain          VARCHAR(253)  NOT NULL,
    bucket_start    DATETIME      NOT NULL
);

-- One row per job that must run on one control plane instance at a time (roller, pruner): the instance that holds
-- the row's lock (SELECT ... FOR UPDATE) runs it; the others skip their turn.
CREATE TABLE usage_jobs (
    name            VARCHAR(32)   NOT NULL PRIMARY KEY,
    last_run_at     DATETIME(3)   NULL
);
INSERT INTO usage_jobs (name) VALUES ('roller');
INSERT INTO usage_jobs (name) VALUES ('pruner');

-- Per stream and protocol, at 5 minutes, 1 hour and 1 day. peak_viewers: the sum over nodes of each node's peak
-- (an upper bound of the true peak when viewers of one stream sit on several nodes).
CREATE TABLE usage_stream_5m (
    tenant_id       VARCHAR(32)  NOT NULL,
    domain          VARCHAR(253) NOT NULL,
    bucket_start    DATETIME     NOT NULL,
    app             VARCHAR(64)  NOT NULL,
    stream          VARCHAR(128) NOT NULL,
    protocol        VARCHAR(8)   NOT NULL,
    bytes           BIGINT       NOT NULL,
    viewer_seconds  BIGINT       NOT NULL,
    peak_viewers    INT          NOT NULL,
    PRIMARY KEY (tenant_id, domain, bucket_start, app, stream, protocol)
);
CREATE TABLE usage_stream_1h (
    tenant_id       VARCHAR(32)  NOT NULL,
    domain          VARCHAR(253) NOT NULL,
    bucket_start    DATETIME     NOT NULL,
    app             VARCHAR(64)  NOT NULL,
    stream          VARCHAR(128) NOT NULL,
    protocol        VARCHAR(8)   NOT NULL,
    bytes           BIGINT       NOT NULL,
    viewer_seconds  BIGINT       NOT NULL,
    peak_viewers    INT          NOT NULL,
    PRIMARY KEY (tenant_id, domain, bucket_start, app, stream, protocol)
);
CREATE TABLE usage_stream_1d (
    tenant_id       VARCHAR(32)  NOT NULL,
    domain          VARCHAR(253) NOT NULL,
    bucket_start    DATETIME     NOT NULL,
    app             VARCHAR(64)  NOT NULL,
    stream          VARCHAR(128) NOT NULL,
    protocol        VARCHAR(8)   NOT NULL,
    bytes           BIGINT       NOT NULL,
    viewer_seconds  BIGINT       NOT NULL,
    peak_viewers    INT          NOT NULL,
    PRIMARY KEY (tenant_id, domain, bucket_start, app, stream, protocol)
);

-- Per domain, all its streams: egress_bytes = rtmp + http_flv + hls (billed), relay and ingest apart.
-- peak_egress_5m_bytes: the largest 5-minute egress_bytes inside the bucket (the 5-minute table: egress_bytes
-- itself), so peak bandwidth over any interval is max(peak_egress_5m_bytes) * 8 / 300 bit/s.
-- peak_viewers: the largest sum of the streams' peak_viewers of one 5-minute bucket inside the bucket.
CREATE TABLE usage_domain_5m (
    tenant_id             VARCHAR(32)  NOT NULL,
    domain                VARCHAR(253) NOT NULL,
    bucket_start          DATETIME     NOT NULL,
    egress_bytes          BIGINT       NOT NULL,
    relay_bytes           BIGINT       NOT NULL,
    ingest_bytes          BIGINT       NOT NULL,
    peak_egress_5m_bytes  BIGINT       NOT NULL,
    viewer_seconds        BIGINT       NOT NULL,
    peak_viewers          INT          NOT NULL,
    PRIMARY KEY (tenant_id, domain, bucket_start)
);
CREATE TABLE usage_domain_1h (
    tenant_id             VARCHAR(32)  NOT NULL,
    domain                VARCHAR(253) NOT NULL,
    bucket_start          DATETIME     NOT NULL,
    egress_bytes          BIGINT       NOT NULL,
    relay_bytes           BIGINT       NOT NULL,
    ingest_bytes          BIGINT       NOT NULL,
    peak_egress_5m_bytes  BIGINT       NOT NULL,
    viewer_seconds        BIGINT       NOT NULL,
    peak_viewers          INT          NOT NULL,
    PRIMARY KEY (tenant_id, domain, bucket_start)
);
CREATE TABLE usage_domain_1d (
    tenant_id             VARCHAR(32)  NOT NULL,
    domain                VARCHAR(253) NOT NULL,
    bucket_start          DATETIME     NOT NULL,
    egress_bytes          BIGINT       NOT NULL,
    relay_bytes           BIGINT       NOT NULL,
    ingest_bytes          BIGINT       NOT NULL,
    peak_egress_5m_bytes  BIGINT       NOT NULL,
    viewer_seconds        BIGINT       NOT NULL,
    peak_viewers          INT          NOT NULL,
    PRIMARY KEY (tenant_id, domain, bucket_start)
);

-- Retention deletes by bucket_start (UsagePruner).
CREATE INDEX ix_usage_stream_5m_bucket ON usage_stream_5m (bucket_start);
CREATE INDEX ix_usage_stream_1h_bucket ON usage_stream_1h (bucket_start);
CREATE INDEX ix_usage_stream_1d_bucket ON usage_stream_1d (bucket_start);
CREATE INDEX ix_usage_domain_5m_bucket ON usage_domain_5m (bucket_start);
CREATE INDEX ix_usage_domain_1h_bucket ON usage_domain_1h (bucket_start);
CREATE INDEX ix_usage_domain_1d_bucket ON usage_domain_1d (bucket_start);

-- Billable egress not charged yet: written by ingestion in the transaction that counts the records, taken by the
-- charger (SELECT ... FOR UPDATE SKIP LOCKED, deleted in the transaction that writes the charges), so each byte is
-- charged exactly once, on one instance. bucket_start: the 5-minute bucket, which fixes the month it is billed in.
CREATE TABLE usage_billable (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tenant_id     VARCHAR(32)  NOT NULL,
    bucket_start  DATETIME     NOT NULL,
    bytes         BIGINT       NOT NULL,
    created_at    DATETIME(3)  NOT NULL
);
CREATE INDEX ix_usage_billable_tenant ON usage_billable (tenant_id, id);

-- Publish sessions (history): one row per publish the nodes reported, closed by its unpublish. Built from the stream
-- events (publish opens, unpublish or the stream ending elsewhere closes); the unique (stream, node, start)
-- key makes a replayed publish open no second session, and a closed session is never reopened.
CREATE TABLE publish_sessions (
    id              VARCHAR(32)   NOT NULL PRIMARY KEY,
    tenant_id       VARCHAR(32)   NOT NULL,
    domain          VARCHAR(253)  NOT NULL,
    app             VARCHAR(64)   NOT NULL,
    stream          VARCHAR(128)  NOT NULL,
    node_id         VARCHAR(32)   NOT NULL,
    started_at      DATETIME(3)   NOT NULL,
    ended_at        DATETIME(3)   NULL,
    end_reason      VARCHAR(200)  NULL,
    client_address  VARCHAR(64)   NULL,
    video_codec     VARCHAR(32)   NULL,
    video_width     INT           NULL,
    video_height    INT           NULL,
    video_frame_rate DOUBLE       NULL,
    audio_codec     VARCHAR(32)   NULL,
    audio_sample_rate INT         NULL,
    audio_channels  INT           NULL,
    peak_viewers    INT           NOT NULL DEFAULT 0
);
CREATE INDEX ix_publish_sessions_tenant ON publish_sessions (tenant_id, started_at, id);
-- One session per (stream, node, start): a replayed publish event finds its session and inserts nothing.
CREATE UNIQUE INDEX ux_publish_sessions_stream ON publish_sessions (domain, app, stream, node_id, started_at);
