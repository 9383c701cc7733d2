-- Recording (issue 15): what push domains record (rules), the streams a manual rule records now, the files nodes
-- uploaded into the bucket (the index tenants list, download and delete), the sessions those files belong to, the
-- node reports already taken (so a replayed report is indexed once) and the storage the snapshot last described.

-- One rule per push domain, app and stream; '*' is "any" for app and stream. Goes with its domain.
CREATE TABLE recording_rules (
    id                          VARCHAR(32)   NOT NULL PRIMARY KEY,
    tenant_id                   VARCHAR(32)   NOT NULL,
    domain_id                   VARCHAR(32)   NOT NULL,
    app                         VARCHAR(64)   NOT NULL,
    stream                      VARCHAR(128)  NOT NULL,
    enabled                     BOOLEAN       NOT NULL,
    policy                      VARCHAR(16)   NOT NULL,
    formats                     VARCHAR(32)   NOT NULL,
    cycle_seconds               INT           NOT NULL,
    hls_segment_seconds         INT           NOT NULL,
    key_template                VARCHAR(512)  NOT NULL,
    reconnect_window_seconds    INT           NOT NULL,
    thumbnail_interval_seconds  INT           NOT NULL,
    updated_at                  DATETIME(3)   NOT NULL,
    CONSTRAINT uq_recording_rules_key UNIQUE (domain_id, app, stream),
    CONSTRAINT fk_recording_rules_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);

-- Streams under a manual rule that are recorded from recording/start until recording/stop.
CREATE TABLE manual_recordings (
    id          VARCHAR(32)   NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(32)   NOT NULL,
    domain_id   VARCHAR(32)   NOT NULL,
    app         VARCHAR(64)   NOT NULL,
    stream      VARCHAR(128)  NOT NULL,
    started_at  DATETIME(3)   NOT NULL,
    CONSTRAINT uq_manual_recordings_key UNIQUE (domain_id, app, stream),
    CONSTRAINT fk_manual_recordings_domain FOREIGN KEY (domain_id) REFERENCES domains (id) ON DELETE CASCADE
);

-- A publish and its reconnects, under the id its node chose (unique across the platform: the signed playlist URL
-- names the session alone). Kept when the domain goes: its files stay the tenant's until deleted.
CREATE TABLE recording_sessions (
    id          VARCHAR(64)   NOT NULL PRIMARY KEY,
    tenant_id   VARCHAR(32)   NOT NULL,
    domain_id   VARCHAR(64)   NOT NULL,
    domain      VARCHAR(253)  NOT NULL,
    app         VARCHAR(64)   NOT NULL,
    stream      VARCHAR(128)  NOT NULL,
    node_id     VARCHAR(32)   NOT NULL,
    started_at  DATETIME(3)   NOT NULL,
    ended_at    DATETIME(3)   NOT NULL,
    files       INT           NOT NULL,
    hls_files   INT           NOT NULL
);
CREATE INDEX ix_recording_sessions_tenant ON recording_sessions (tenant_id, started_at);

-- One row per file in the bucket (for hls, a cycle's playlist and segments), as its node reported it.
CREATE TABLE recordings (
    id                VARCHAR(32)    NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(32)    NOT NULL,
    domain_id         VARCHAR(64)    NOT NULL,
    domain            VARCHAR(253)   NOT NULL,
    app               VARCHAR(64)    NOT NULL,
    stream            VARCHAR(128)   NOT NULL,
    session_id        VARCHAR(64)    NOT NULL,
    sequence          INT            NOT NULL,
    format            VARCHAR(8)     NOT NULL,
    object_key        VARCHAR(1024)  NOT NULL,
    bytes             BIGINT         NOT NULL,
    duration_ms       BIGINT         NOT NULL,
    started_at        DATETIME(3)    NOT NULL,
    ended_at          DATETIME(3)    NOT NULL,
    video_codec       VARCHAR(32)    NULL,
    video_width       INT            NULL,
    video_height      INT            NULL,
    video_frame_rate  DOUBLE         NULL,
    audio_codec       VARCHAR(32)    NULL,
    audio_sample_rate INT            NULL,
    audio_channels    INT            NULL,
    node_id           VARCHAR(32)    NOT NULL,
    created_at        DATETIME(3)    NOT NULL
);
-- The tenant's list, newest start first (keyset on start and id), and a session's files in order.
CREATE INDEX ix_recordings_tenant ON recordings (tenant_id, started_at, id);
CREATE INDEX ix_recordings_session ON recordings (session_id, sequence);

-- Report ids each node already sent (file and failed alike), kept for good: a replay, however late, indexes nothing.
CREATE TABLE recording_reports (
    node_id      VARCHAR(32)  NOT NULL,
    report_id    VARCHAR(64)  NOT NULL,
    received_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (node_id, report_id)
);

-- What the config snapshot last said about the storage (a hash of it): a restart with other storage settings moves
-- the config version, so nodes long-polling on the old one fetch the new storage.
CREATE TABLE recording_storage_state (
    id           INT          NOT NULL PRIMARY KEY,
    fingerprint  VARCHAR(64)  NOT NULL
);

-- record_failed joins the webhook events: the list of every event no longer fits 64 characters, and domains that
-- took every event before take this one too (that is what leaving events out meant).
ALTER TABLE domain_callbacks MODIFY COLUMN events VARCHAR(128) NOT NULL;
UPDATE domain_callbacks SET events = CONCAT(events, ',record_failed')
    WHERE events = 'publish,unpublish,record_done,quota_low,suspended,resumed';
