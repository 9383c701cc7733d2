package dev.liveplane.controlplane;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.support.DefaultTransactionDefinition;

/**
 * A write transaction at READ COMMITTED, for the high-rate writers several instances run at once (stream events,
 * heartbeats, charging, the usage roll). Under MySQL's default repeatable read their range updates and inserts take
 * gap locks that the others' inserts wait for, and two such writers deadlock; none of them needs a snapshot older
 * than each statement, since each write states its own condition.
 */
public final class ReadCommitted {

    private ReadCommitted() {
    }

    public static TransactionDefinition named(String name) {
        DefaultTransactionDefinition definition = new DefaultTransactionDefinition();
        definition.setIsolationLevel(TransactionDefinition.Isolation.READ_COMMITTED);
        definition.setName(name);
        return definition;
    }
}
