package dev.liveplane.controlplane.dns;

import java.util.List;

/** Creates and removes records in the platform's own DNS zone (Route53 in AWS, the embedded server locally). */
public interface DnsProvider {

    /** The zone apex, lower case, without a trailing dot, e.g. "liveplane.test". */
    String zone();

    /** Creates or replaces the CNAME record at {@code name} (a name inside the zone) pointing at {@code target}. */
    void upsertCname(String name, String target);

    /** Creates or replaces the A/AAAA records at {@code name} with {@code addresses} (IPv4 and/or IPv6 literals). */
    default void upsertAddresses(String name, List<String> addresses) {
        apply(List.of(new RecordChange.UpsertAddresses(name, addresses)));
    }

    /** Removes every record at {@code name}; removing an absent name is not an error. */
    default void deleteRecords(String name) {
        apply(List.of(new RecordChange.DeleteRecords(name)));
    }

    /**
     * Makes every change, at most one per name, in as few provider requests as the provider's limits allow rather
     * than one or two per name: a fleet's worth of names costs a handful of requests. Each name's change is atomic;
     * the batch as a whole is atomic on the embedded server, while Route53 may have made the changes of some of its
     * requests when a later one fails. Either way a {@link DnsProviderException} means "retry the whole batch", which
     * is safe: every change says the state wanted, not a step towards it.
     *
     * @throws IllegalArgumentException for a malformed name or address, or a name changed twice, before any request
     */
    void apply(List<RecordChange> changes);
}
