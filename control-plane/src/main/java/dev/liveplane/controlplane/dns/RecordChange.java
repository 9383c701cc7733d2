package dev.liveplane.controlplane.dns;

import java.util.List;

/** One change of a batch given to {@link DnsProvider#apply}: a name's addresses replaced, or the name removed. */
public sealed interface RecordChange {

    /** The name changed, inside the zone. */
    String name();

    /** Creates or replaces the A/AAAA records at {@code name}, as {@link DnsProvider#upsertAddresses} does. */
    record UpsertAddresses(String name, List<String> addresses) implements RecordChange {
    }

    /** Removes every record at {@code name}, as {@link DnsProvider#deleteRecords} does. */
    record DeleteRecords(String name) implements RecordChange {
    }
}
