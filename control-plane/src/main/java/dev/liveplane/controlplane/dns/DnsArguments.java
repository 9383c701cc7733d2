package dev.liveplane.controlplane.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.xbill.DNS.Address;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Turns the strings callers pass to the DNS classes into absolute names and addresses, refusing the malformed. */
final class DnsArguments {

    // Host-name labels plus '_' (challenge names). Anything else would be escaped differently by dnsjava (\DDD
    // decimal) and Route53 (\ooo octal), and the names read back for a delete would no longer match.
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private DnsArguments() {
    }

    /** Parses a host name, with or without its trailing dot, into an absolute lower-case name. */
    static Name name(String text) {
        String lower = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        String relative = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        for (String label : relative.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("not a DNS host name: '" + text + "'");
            }
        }
        try {
            return Name.fromString(relative, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS host name: '" + text + "' (" + e.getMessage() + ")", e);
        }
    }

    /** Parses {@code text} and checks it lies strictly below {@code apex}: the apex keeps its SOA and NS alone. */
    static Name nameBelow(Name apex, String text) {
        Name name = name(text);
        if (!name.subdomain(apex) || name.equals(apex)) {
            throw new IllegalArgumentException("'" + text + "' is not a name inside the zone " + text(apex));
        }
        return name;
    }

    /** Parses IP literals, dropping duplicates; host names are refused rather than resolved. */
    static List<InetAddress> addresses(List<String> literals) {
        if (literals == null || literals.isEmpty()) {
            throw new IllegalArgumentException("no addresses given; use deleteRecords to remove a name");
        }
        Set<InetAddress> parsed = new LinkedHashSet<>();
        for (String literal : literals) {
            try {
                parsed.add(Address.getByAddress(literal == null ? "" : literal.strip()));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an IPv4 or IPv6 address: '" + literal + "'", e);
            }
        }
        return List.copyOf(parsed);
    }

    /**
     * The changes of a batch by the name each changes, parsed by {@code owner}, in the batch's order. A name twice is
     * refused: Route53 would refuse the batch (one change per record set), and which change wins would be a guess.
     */
    static Map<Name, RecordChange> byOwner(List<RecordChange> changes, Function<String, Name> owner) {
        Map<Name, RecordChange> byOwner = new LinkedHashMap<>();
        for (RecordChange change : changes) {
            if (byOwner.putIfAbsent(owner.apply(change.name()), change) != null) {
                throw new IllegalArgumentException("'" + change.name() + "' is changed twice in one batch");
            }
        }
        return byOwner;
    }

    /** The name as callers write it: lower case, no trailing dot. */
    static String text(Name name) {
        return name.toString(true).toLowerCase(Locale.ROOT);
    }
}
