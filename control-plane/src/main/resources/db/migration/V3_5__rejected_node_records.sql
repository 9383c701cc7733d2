-- Stream events a node sent that the control plane could not take: set aside, with why, for the operator
-- (GET /admin/v1/nodes/{id}/rejected-events), so that one bad record never holds back the node's other events.
CREATE TABLE rejected_node_records (
    id           VARCHAR(32)   NOT NULL PRIMARY KEY,
    node_id      VARCHAR(32)   NOT NULL,
    received_at  DATETIME(3)   NOT NULL,
    event_id     VARCHAR(64)   NULL,
    reason       VARCHAR(500)  NOT NULL,
    record       TEXT          NOT NULL
);
CREATE INDEX ix_rejected_node_records_node ON rejected_node_records (node_id, received_at);
CREATE INDEX ix_rejected_node_records_received ON rejected_node_records (received_at);
