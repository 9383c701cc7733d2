package dev.liveplane.controlplane.dns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Holds one zone's records and turns a parsed DNS query into the authoritative answer. */
final class EmbeddedZone {

    static final long TTL = 60;
    /** The EDNS payload size we advertise: the 2020 DNS flag day's value, safe from IP fragmentation. */
    static final int EDNS_PAYLOAD = 1232;
    /** CNAME hops followed inside the zone before giving up on a chain (and on loops). */
    private static final int MAX_CHAIN = 8;
    /** A TXT character-string holds at most 255 bytes (RFC 1035 3.3.14); longer values are split. */
    private static final int TXT_STRING_MAX = 255;

    private final Name origin;
    private final Name nameServer;
    private final AtomicLong serial = new AtomicLong(System.currentTimeMillis() / 1000);
    /** Immutable record lists per owner name, replaced whole so readers never see half an update. */
    private final ConcurrentMap<Name, List<Record>> records = new ConcurrentHashMap<>();

    EmbeddedZone(String zone) {
        this.origin = DnsNames.absolute(zone);
        this.nameServer = DnsNames.absolute("ns." + DnsNames.text(origin));
    }

    Name origin() {
        return origin;
    }

    Name nameServer() {
        return nameServer;
    }

    void putCname(Name name, Name target) {
        if (name.equals(origin)) {
            throw new IllegalArgumentException("a CNAME cannot sit at the zone apex " + DnsNames.text(origin));
        }
        // A CNAME owns its name alone (RFC 1034 3.6.2), so it replaces everything there.
        records.put(name, List.of(new CNAMERecord(name, DClass.IN, TTL, target)));
        serial.incrementAndGet();
    }

    void putAddresses(Name name, List<InetAddress> addresses) {
        List<Record> fresh = new ArrayList<>();
        for (InetAddress address : new LinkedHashSet<>(addresses)) {
            fresh.add(address instanceof Inet4Address
                    ? new ARecord(name, DClass.IN, TTL, address)
                    : new AAAARecord(name, DClass.IN, TTL, address));
        }
        replace(name, r -> r.getType() == Type.A || r.getType() == Type.AAAA, fresh);
    }

    void putTxt(Name name, List<String> values) {
        List<Record> fresh = new ArrayList<>();
        for (String value : values) {
            fresh.add(new TXTRecord(name, DClass.IN, TTL, split(value)));
        }
        replace(name, r -> r.getType() == Type.TXT, fresh);
    }

    void delete(Name name) {
        if (records.remove(name) != null) {
            serial.incrementAndGet();
        }
    }

    /** Replaces the records {@code replaced} selects, and any CNAME, which cannot live beside other data. */
    private void replace(Name name, Predicate<Record> replaced, List<Record> fresh) {
        records.compute(name, (owner, old) -> {
            List<Record> next = new ArrayList<>(fresh);
            if (old != null) {
                old.stream().filter(r -> !replaced.test(r) && r.getType() != Type.CNAME).forEach(next::add);
            }
            return next.isEmpty() ? null : List.copyOf(next);
        });
        serial.incrementAndGet();
    }

    private static List<String> split(String value) {
        List<String> strings = new ArrayList<>();
        for (int start = 0; start < value.length(); start += TXT_STRING_MAX) {
            strings.add(value.substring(start, Math.min(value.length(), start + TXT_STRING_MAX)));
        }
        return strings.isEmpty() ? List.of("") : strings;
    }

    /** The response to {@code query}; always a message to send, never null. */
    Message answer(Message query) {
        Message response = new Message(query.getHeader().getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(EDNS_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        Record question = query.getQuestion();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
            return response;
        }
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
            return response;
        }
        response.addRecord(question, Section.QUESTION);
        if (question.getDClass() != DClass.IN || !question.getName().subdomain(origin)) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return response;
        }
        response.getHeader().setFlag(Flags.AA);
        resolve(question.getName(), question.getType(), response);
        return response;
    }

    private void resolve(Name qname, int qtype, Message response) {
        Set<Name> visited = new HashSet<>();
        Name name = qname;
        while (visited.add(name) && visited.size() <= MAX_CHAIN) {
            List<Record> here = recordsAt(name);
            if (here.isEmpty()) {
                // An empty non-terminal (a name with only names below it) exists: NODATA, not NXDOMAIN (RFC 8020).
                if (!hasNamesBelow(name)) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                response.addRecord(soa(), Section.AUTHORITY);
                return;
            }
            Record cname = here.stream().filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname != null && qtype != Type.CNAME && qtype != Type.ANY) {
                response.addRecord(cname, Section.ANSWER);
                name = ((CNAMERecord) cname).getTarget();
                if (!name.subdomain(origin)) {
                    return;
                }
                continue;
            }
            List<Record> matching = here.stream().filter(r -> qtype == Type.ANY || r.getType() == qtype).toList();
            if (matching.isEmpty()) {
                response.addRecord(soa(), Section.AUTHORITY);
            }
            matching.forEach(r -> response.addRecord(r, Section.ANSWER));
            return;
        }
    }

    private List<Record> recordsAt(Name name) {
        List<Record> stored = records.getOrDefault(name, List.of());
        if (!name.equals(origin)) {
            return stored;
        }
        List<Record> apex = new ArrayList<>(List.of(soa(), new NSRecord(origin, DClass.IN, TTL, nameServer)));
        apex.addAll(stored);
        return apex;
    }

    private boolean hasNamesBelow(Name name) {
        return records.keySet().stream().anyMatch(owner -> owner.subdomain(name));
    }

    private SOARecord soa() {
        Name admin = DnsNames.absolute("hostmaster." + DnsNames.text(origin));
        return new SOARecord(origin, DClass.IN, TTL, nameServer, admin, serial.get(), 3600, 600, 86400, TTL);
    }
}
