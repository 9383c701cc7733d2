package dev.liveplane.controlplane.dns;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.xbill.DNS.Name;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * Reads the record sets now at a batch's names from a Route53 hosted zone, in ListResourceRecordSets pages: name by
 * name when few names share a parent, else one pass over all of the parent's names ({@code nodes.{zone}}).
 *
 * <p>Route53 lists a zone in name order with the labels reversed ({@code com.example.nodes.n1.}), so a name's record
 * sets come together, and so do all the names below a parent, starting at the parent itself.
 */
final class Route53RecordReader {

    /**
     * From this many names below one parent, one pass over the parent's names (300 record sets a page) is read
     * instead of a request per name: the same cost at 2,400 names below the parent, fewer requests below that.
     */
    static final int ONE_PASS_FROM = 8;

    private final Route53Client client;
    private final String hostedZoneId;

    Route53RecordReader(Route53Client client, String hostedZoneId) {
        this.client = client;
        this.hostedZoneId = hostedZoneId;
    }

    /** The record sets at each of {@code owners}, an empty list for a name that has none. */
    Map<Name, List<ResourceRecordSet>> at(Collection<Name> owners) {
        Map<String, List<ResourceRecordSet>> found = new LinkedHashMap<>();
        Map<Name, List<Name>> byParent = new LinkedHashMap<>();
        for (Name owner : owners) {
            found.put(fqdn(owner), new ArrayList<>());
            byParent.computeIfAbsent(new Name(owner, 1), parent -> new ArrayList<>()).add(owner);
        }
        byParent.forEach((parent, names) -> {
            if (names.size() < ONE_PASS_FROM) {
                names.forEach(owner -> list(owner, fqdn(owner)::equals, found,
                        "list records at " + DnsArguments.text(owner)));
            } else {
                String below = "." + fqdn(parent);
                list(parent, name -> name.equals(fqdn(parent)) || name.endsWith(below), found,
                        "list records below " + DnsArguments.text(parent));
            }
        });
        Map<Name, List<ResourceRecordSet>> byOwner = new LinkedHashMap<>();
        owners.forEach(owner -> byOwner.put(owner, found.get(fqdn(owner))));
        return byOwner;
    }

    /** Pages from {@code start} while the names listed are {@code inRange}, keeping the sets of the names wanted. */
    private void list(Name start, Predicate<String> inRange, Map<String, List<ResourceRecordSet>> wanted,
            String what) {
        ListResourceRecordSetsRequest.Builder request = ListResourceRecordSetsRequest.builder()
                .hostedZoneId(hostedZoneId).startRecordName(fqdn(start));
        try {
            while (true) {
                ListResourceRecordSetsResponse page = client.listResourceRecordSets(request.build());
                for (ResourceRecordSet set : page.resourceRecordSets()) {
                    String name = set.name().toLowerCase(Locale.ROOT);
                    if (!inRange.test(name)) {
                        return;
                    }
                    List<ResourceRecordSet> sets = wanted.get(name);
                    if (sets != null) {
                        sets.add(set);
                    }
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    return;
                }
                request.startRecordName(page.nextRecordName()).startRecordType(page.nextRecordTypeAsString())
                        .startRecordIdentifier(page.nextRecordIdentifier());
            }
        } catch (SdkException e) {
            throw new DnsProviderException(what + " in Route53 zone " + hostedZoneId + ": " + e.getMessage(), e);
        }
    }

    /** The name as Route53 writes it: absolute, with the trailing dot, lower case (DnsArguments made it so). */
    private static String fqdn(Name name) {
        return name.toString().toLowerCase(Locale.ROOT);
    }
}
