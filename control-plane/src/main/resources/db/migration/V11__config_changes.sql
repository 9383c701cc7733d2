-- What each config version changed, keyed as the nodes' ConfigDelta is (a domain by id, a forbidden stream by
-- domain/app/stream, a stream key by id, the suspensions and the recording section whole), written in the transaction
-- that bumps config_version. A delta from any version still covered is then the keys changed since, read at their
-- current value, so every control-plane instance answers any node alike. changes_from is the oldest version from which
-- the log is complete: nothing was logged before this migration, and the pruner raises it as it deletes old rows.
CREATE TABLE config_changes (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    version     BIGINT       NOT NULL,
    kind        VARCHAR(16)  NOT NULL,
    change_key  VARCHAR(640) NOT NULL,
    changed_at  TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
);
CREATE INDEX ix_config_changes_version ON config_changes (version);

ALTER TABLE config_version ADD COLUMN changes_from BIGINT NOT NULL DEFAULT 0;
UPDATE config_version SET changes_from = version;
