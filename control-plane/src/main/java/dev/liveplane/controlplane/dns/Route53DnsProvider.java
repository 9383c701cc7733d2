package dev.liveplane.controlplane.dns;

import dev.liveplane.controlplane.dns.Route53ChangeRequests.NameChanges;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecord;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Turns {@link DnsProvider} calls into Route53 ChangeResourceRecordSets batches on the platform's hosted zone.
 *
 * <p>A name holds either one CNAME or address records (RFC 1034 3.6.2), so each upsert also deletes, in the same
 * atomic request, the record sets the new ones cannot live beside. Route53 deletes only on an exact match of the
 * current values, so the record sets at the names are read first ({@link Route53RecordReader}, a page of 300 at a
 * time for many names); a change made by someone else in between makes the request fail (InvalidChangeBatch),
 * reported as a {@link DnsProviderException} that can simply be retried. An upsert of exactly what a name already
 * holds is left out, so rewriting a whole fleet's names that are right costs the reads only. A batch goes out in
 * as few requests as Route53's limits allow ({@link Route53ChangeRequests}).
 */
public final class Route53DnsProvider implements DnsProvider {

    private static final long TTL_SECONDS = 60;
    private static final int COMMENT_MAX = 256;

    private final Route53Client client;
    private final String hostedZoneId;
    private final Name apex;
    private final Route53RecordReader reader;

    /**
     * @param hostedZoneId the hosted zone's id, {@code Z...} (a {@code /hostedzone/} prefix is accepted)
     * @param zone the hosted zone's name, e.g. {@code live.example.net}
     */
    public Route53DnsProvider(Route53Client client, String hostedZoneId, String zone) {
        this.client = client;
        this.hostedZoneId = hostedZoneId;
        this.apex = DnsArguments.name(zone);
        this.reader = new Route53RecordReader(client, hostedZoneId);
    }

    @Override
    public String zone() {
        return DnsArguments.text(apex);
    }

    @Override
    public void upsertCname(String name, String target) {
        Name owner = DnsArguments.nameBelow(apex, name);
        ResourceRecordSet cname = recordSet(owner, RRType.CNAME, List.of(DnsArguments.name(target).toString()));
        List<Change> changes = deletions(reader.at(List.of(owner)).get(owner), set -> set.type() != RRType.CNAME);
        changes.add(change(ChangeAction.UPSERT, cname));
        send(List.of(new NameChanges("upsert CNAME " + DnsArguments.text(owner) + " -> " + target, changes)));
    }

    @Override
    public void apply(List<RecordChange> batch) {
        Map<Name, RecordChange> byOwner = DnsArguments.byOwner(batch, name -> DnsArguments.nameBelow(apex, name));
        // Every address is parsed before the first request: a malformed one must not leave half a batch written.
        Map<Name, List<InetAddress>> addresses = new LinkedHashMap<>();
        byOwner.forEach((owner, change) -> {
            if (change instanceof RecordChange.UpsertAddresses upsert) {
                addresses.put(owner, DnsArguments.addresses(upsert.addresses()));
            }
        });
        Map<Name, List<ResourceRecordSet>> current = reader.at(byOwner.keySet());
        List<NameChanges> byName = new ArrayList<>();
        byOwner.forEach((owner, change) -> {
            NameChanges changes = addresses.containsKey(owner)
                    ? new NameChanges("upsert addresses " + DnsArguments.text(owner) + " -> "
                            + ((RecordChange.UpsertAddresses) change).addresses(),
                            addressChanges(owner, addresses.get(owner), current.get(owner)))
                    : new NameChanges("delete records at " + DnsArguments.text(owner),
                            deletions(current.get(owner), set -> true));
            if (!changes.changes().isEmpty()) {
                byName.add(changes);
            }
        });
        for (List<NameChanges> request : Route53ChangeRequests.pack(byName)) {
            send(request);
        }
    }

    private static List<Change> addressChanges(Name owner, List<InetAddress> wanted, List<ResourceRecordSet> now) {
        List<String> v4 = wanted.stream().filter(a -> a.getAddress().length == 4).map(InetAddress::getHostAddress)
                .toList();
        List<String> v6 = wanted.stream().filter(a -> a.getAddress().length == 16).map(InetAddress::getHostAddress)
                .toList();
        // Replaced: a CNAME, and an address type that is no longer wanted. A or AAAA sets still wanted are upserted.
        List<Change> changes = deletions(now, set -> set.type() == RRType.CNAME
                || (set.type() == RRType.A && v4.isEmpty()) || (set.type() == RRType.AAAA && v6.isEmpty()));
        upsertUnlessHeld(changes, owner, RRType.A, v4, now);
        upsertUnlessHeld(changes, owner, RRType.AAAA, v6, now);
        return changes;
    }

    private static void upsertUnlessHeld(List<Change> changes, Name owner, RRType type, List<String> values,
            List<ResourceRecordSet> now) {
        if (values.isEmpty()) {
            return;
        }
        if (now.stream().noneMatch(set -> set.type() == type && holds(set, values))) {
            changes.add(change(ChangeAction.UPSERT, recordSet(owner, type, values)));
        }
    }

    /** Whether {@code set} is already what an upsert of {@code values} would write (an alias set never is). */
    private static boolean holds(ResourceRecordSet set, List<String> values) {
        if (!Long.valueOf(TTL_SECONDS).equals(set.ttl()) || set.resourceRecords().isEmpty()) {
            return false;
        }
        // Compared as addresses: Route53 may write an IPv6 address otherwise than InetAddress does.
        List<String> held = set.resourceRecords().stream().map(ResourceRecord::value).toList();
        return new HashSet<>(DnsArguments.addresses(held)).equals(new HashSet<>(DnsArguments.addresses(values)));
    }

    /** DELETE changes for the record sets {@code now} at a name that {@code doomed} selects, with their values. */
    private static List<Change> deletions(List<ResourceRecordSet> now, Predicate<ResourceRecordSet> doomed) {
        List<Change> changes = new ArrayList<>();
        for (ResourceRecordSet set : now) {
            if (doomed.test(set)) {
                changes.add(change(ChangeAction.DELETE, set));
            }
        }
        return changes;
    }

    private void send(List<NameChanges> request) {
        String what = request.size() == 1 ? request.get(0).what()
                : "change " + request.size() + " names, " + request.get(0).what() + " and more";
        String comment = "liveplane: " + what;
        List<Change> changes = request.stream().flatMap(name -> name.changes().stream()).toList();
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
