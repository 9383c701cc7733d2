package dev.liveplane.controlplane.dns;

import java.util.List;

/** Creates and removes records in the platform's own DNS zone (Route53 in AWS, the embedded server locally). */
public interface DnsProvider {

    /** The zone apex, lower case, without a trailing dot, e.g. "liveplane.test". */
    String zone();

    /** Creates or replaces the CNAME record at {@code name} (a name inside the zone) pointing at {@code target}. */
    void upsertCname(String name, String target);

    /** Creates or replaces the A/AAAA records at {@code name} with {@code addresses} (IPv4 and/or IPv6 literals). */
    void upsertAddresses(String name, List<String> addresses);

    /** Removes every record at {@code name}; removing an absent name is not an error. */
    void deleteRecords(String name);
}
