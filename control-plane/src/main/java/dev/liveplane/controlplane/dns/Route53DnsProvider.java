package dev.liveplane.controlplane.dns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Turns {@link DnsProvider} calls into Route53 ChangeResourceRecordSets batches on the platform's hosted zone.
 *
 * <p>A name holds either one CNAME or address records (RFC 1034 3.6.2), so each upsert also deletes, in the same
 * atomic batch, the record sets the new ones cannot live beside. Route53 deletes only on an exact match of the
 * current values, so the record sets at the name are read first; a change made by someone else in between makes the
 * batch fail (InvalidChangeBatch), reported as a {@link DnsProviderException} that can simply be retried.
 */
public final class Route53DnsProvider implements DnsProvider {

    private static final long TTL_SECONDS = 60;
    private static final int COMMENT_MAX = 256;

    private final Route53Client client;
    private final String hostedZoneId;
    private final Name apex;

    /**
     * @param hostedZoneId the hosted zone's id, {@code Z...} (a {@code /hostedzone/} prefix is accepted)
     * @param zone the hosted zone's name, e.g. {@code live.example.net}
     */
    public Route53DnsProvider(Route53Client client, String hostedZoneId, String zone) {
        this.client = client;
        this.hostedZoneId = hostedZoneId;
        this.apex = DnsArguments.name(zone);
    }

    @Override
    public String zone() {
        return DnsArguments.text(apex);
    }

    @Override
    public void upsertCname(String name, String target) {
        Name owner = DnsArguments.nameBelow(apex, name);
        ResourceRecordSet cname = recordSet(owner, RRType.CNAME, List.of(DnsArguments.name(target).toString()));
        List<Change> changes = deletions(owner, set -> set.type() != RRType.CNAME);
        changes.add(change(ChangeAction.UPSERT, cname));
        apply("upsert CNAME " + DnsArguments.text(owner) + " -> " + target, changes);
    }

    @Override
    public void upsertAddresses(String name, List<String> addresses) {
        Name owner = DnsArguments.nameBelow(apex, name);
        List<InetAddress> parsed = DnsArguments.addresses(addresses);
        List<String> v4 = parsed.stream().filter(a -> a.getAddress().length == 4).map(InetAddress::getHostAddress)
                .toList();
        List<String> v6 = parsed.stream().filter(a -> a.getAddress().length == 16).map(InetAddress::getHostAddress)
                .toList();
        // Replaced: a CNAME, and an address type that is no longer wanted. A or AAAA sets still wanted are upserted.
        List<Change> changes = deletions(owner, set -> set.type() == RRType.CNAME
                || (set.type() == RRType.A && v4.isEmpty()) || (set.type() == RRType.AAAA && v6.isEmpty()));
        if (!v4.isEmpty()) {
            changes.add(change(ChangeAction.UPSERT, recordSet(owner, RRType.A, v4)));
        }
        if (!v6.isEmpty()) {
            changes.add(change(ChangeAction.UPSERT, recordSet(owner, RRType.AAAA, v6)));
        }
        apply("upsert addresses " + DnsArguments.text(owner) + " -> " + addresses, changes);
    }

    @Override
    public void deleteRecords(String name) {
        Name owner = DnsArguments.nameBelow(apex, name);
        List<Change> changes = deletions(owner, set -> true);
        if (!changes.isEmpty()) {
            apply("delete records at " + DnsArguments.text(owner), changes);
        }
    }

    /** DELETE changes for the record sets now at {@code owner} that {@code doomed} selects, with their values. */
    private List<Change> deletions(Name owner, Predicate<ResourceRecordSet> doomed) {
        List<Change> changes = new ArrayList<>();
        for (ResourceRecordSet set : recordSetsAt(owner)) {
            if (doomed.test(set)) {
                changes.add(change(ChangeAction.DELETE, set));
            }
        }
        return changes;
    }

    private List<ResourceRecordSet> recordSetsAt(Name owner) {
        String fqdn = owner.toString();
        List<ResourceRecordSet> found = new ArrayList<>();
        ListResourceRecordSetsRequest.Builder request = ListResourceRecordSetsRequest.builder()
                .hostedZoneId(hostedZoneId).startRecordName(fqdn);
        try {
            while (true) {
                // Listing starts at the name and runs in name order, so the sets at the name come first.
                ListResourceRecordSetsResponse page = client.listResourceRecordSets(request.build());
                for (ResourceRecordSet set : page.resourceRecordSets()) {
                    if (!set.name().equalsIgnoreCase(fqdn)) {
                        return found;
                    }
                    found.add(set);
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return found;
                }
                request.startRecordName(page.nextRecordName()).startRecordType(page.nextRecordTypeAsString())
                        .startRecordIdentifier(page.nextRecordIdentifier());
            }
        } catch (SdkException e) {
            throw new DnsProviderException("list records at " + DnsArguments.text(owner) + " in Route53 zone "
                    + hostedZoneId + ": " + e.getMessage(), e);
        }
    }

    private void apply(String what, List<Change> changes) {
        String comment = "liveplane: " + what;
        try {
            client.changeResourceRecordSets(r -> r.hostedZoneId(hostedZoneId).changeBatch(b -> b
                    .comment(comment.substring(0, Math.min(comment.length(), COMMENT_MAX))).changes(changes)));
        } catch (SdkException e) {
            throw new DnsProviderException(what + " in Route53 zone " + hostedZoneId + ": " + e.getMessage(), e);
        }
    }

    private static ResourceRecordSet recordSet(Name owner, RRType type, List<String> values) {
        return ResourceRecordSet.builder().name(owner.toString()).type(type).ttl(TTL_SECONDS)
                .resourceRecords(values.stream().map(v -> ResourceRecord.builder().value(v).build()).toList())
                .build();
    }

    private static Change change(ChangeAction action, ResourceRecordSet set) {
        return Change.builder().action(action).resourceRecordSet(set).build();
    }
}
