package dev.liveplane.controlplane.dns;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Holds the records of the zones the embedded server is authoritative for; safe for concurrent use. */
final class ZoneStore {

    private static final long TTL = 60;
    private static final int TXT_STRING_MAX = 255;

    private final List<Zone> zones;
    // Canonical (RFC 4034 6.1) order keeps every name right before its descendants, which makes the empty
    // non-terminal test of exists() one ceiling lookup.
    private final ConcurrentNavigableMap<Name, List<Record>> records = new ConcurrentSkipListMap<>();
    private final AtomicLong serial = new AtomicLong(Instant.now().getEpochSecond());
    // Changes take the write lock and lookups the read lock, so a lookup sees all of a batch or none of it.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    /** Creates the zones, each with its SOA and NS at the apex and the name server's address at ns.{zone}. */
    ZoneStore(List<Name> apexes, InetAddress nameServerAddress) {
        if (apexes.isEmpty()) {
            throw new IllegalArgumentException("at least one zone is needed");
        }
        // Longest first, so a name finds the innermost zone when zones nest.
        this.zones = apexes.stream().distinct().sorted(Comparator.comparingInt(Name::labels).reversed())
                .map(Zone::of).toList();
        for (Zone zone : zones) {
            records.put(zone.nameServer(), List.of(address(zone.nameServer(), nameServerAddress)));
        }
    }

    /** The innermost zone apex above or at {@code name}, or null when the name is in none of the zones. */
    Name zoneOf(Name name) {
        return zones.stream().map(Zone::apex).filter(name::subdomain).findFirst().orElse(null);
    }

    /** Every record owned by {@code name}, the apex's SOA and NS included. */
    List<Record> at(Name name) {
        List<Record> stored = read(() -> records.getOrDefault(name, List.of()));
        Zone zone = zoneAt(name);
        if (zone == null) {
            return stored;
        }
        List<Record> all = new ArrayList<>(stored);
        all.add(soa(zone));
        all.add(new NSRecord(name, DClass.IN, TTL, zone.nameServer()));
        return all;
    }

    /** Whether {@code name} owns records or has descendants that do (an empty non-terminal, RFC 8020). */
    boolean exists(Name name) {
        if (zoneAt(name) != null) {
            return true;
        }
        Name next = read(() -> records.ceilingKey(name));
        return next != null && next.subdomain(name);
    }

    /** The SOA record of the zone whose apex is {@code apex}. */
    SOARecord soa(Name apex) {
        return soa(zoneAt(apex));
    }

    /** Replaces everything at {@code name} with one CNAME: a CNAME stands alone (RFC 1034 3.6.2). */
    void putCname(Name name, Name target) {
        write(() -> replace(name, any -> true, List.of(new CNAMERecord(name, DClass.IN, TTL, target))));
    }

    /**
     * Applies a batch at once: each name given addresses has its CNAME, A and AAAA records replaced with them (other
     * types stay); a name given none loses every record, TXT included.
     */
    void apply(Map<Name, List<InetAddress>> addressesByName) {
        write(() -> addressesByName.forEach((name, addresses) -> {
            if (addresses.isEmpty()) {
                records.remove(name);
            } else {
                replace(name, r -> r.getType() == Type.CNAME || r.getType() == Type.A || r.getType() == Type.AAAA,
                        addresses.stream().map(a -> address(name, a)).toList());
            }
        }));
    }

    /** Adds one TXT value to the name (kept once), split into 255-byte strings as RFC 1035 3.3.14 requires. */
    void addTxt(Name name, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        List<String> strings = new ArrayList<>();
        for (int i = 0; i == 0 || i < bytes.length; i += TXT_STRING_MAX) {
            strings.add(presentation(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + TXT_STRING_MAX))));
        }
        TXTRecord txt = new TXTRecord(name, DClass.IN, TTL, strings);
        write(() -> records.compute(name, (key, current) -> {
            List<Record> now = current == null ? List.of() : current;
            if (now.stream().anyMatch(r -> r.getType() == Type.CNAME)) {
                throw new IllegalStateException(DnsArguments.text(name) + " is a CNAME; it cannot hold TXT too");
            }
            List<Record> next = new ArrayList<>(now);
            if (!next.contains(txt)) {
                next.add(txt);
            }
            return List.copyOf(next);
        }));
    }

    private SOARecord soa(Zone zone) {
        return new SOARecord(zone.apex(), DClass.IN, TTL, zone.nameServer(), zone.hostmaster(), serial.get(),
                Duration.ofHours(1).toSeconds(), Duration.ofMinutes(10).toSeconds(), Duration.ofDays(1).toSeconds(),
                TTL);
    }

    private Zone zoneAt(Name apex) {
        return zones.stream().filter(z -> z.apex().equals(apex)).findFirst().orElse(null);
    }

    private void replace(Name name, Predicate<Record> dropped, List<Record> added) {
        records.compute(name, (key, current) -> {
            List<Record> next = new ArrayList<>();
            if (current != null) {
                current.stream().filter(dropped.negate()).forEach(next::add);
            }
            next.addAll(added);
            return next.isEmpty() ? null : List.copyOf(next);
        });
    }

    private <T> T read(Supplier<T> lookup) {
        Lock read = lock.readLock();
        read.lock();
        try {
            return lookup.get();
        } finally {
            read.unlock();
        }
    }

    /** Runs one change of the zone, or one batch, under the write lock, and bumps the SOA serial once for it. */
    private void write(Runnable change) {
        Lock write = lock.writeLock();
        write.lock();
        try {
            change.run();
            serial.incrementAndGet();
        } finally {
            write.unlock();
        }
    }

    // dnsjava's TXT constructor reads presentation format, where a backslash starts an escape (RFC 1035 5.1).
    private static String presentation(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 0x20 || c > 0x7e || c == '\\') {
                text.append(String.format("\\%03d", c));
            } else {
                text.append((char) c);
            }
        }
        return text.toString();
    }

    private static Record address(Name name, InetAddress address) {
        return address.getAddress().length == 4
                ? new ARecord(name, DClass.IN, TTL, address)
                : new AAAARecord(name, DClass.IN, TTL, address);
    }

    /** A zone's apex with the names its SOA and NS records point at. */
    private record Zone(Name apex, Name nameServer, Name hostmaster) {

        static Zone of(Name apex) {
            try {
                return new Zone(apex, Name.concatenate(Name.fromConstantString("ns"), apex),
                        Name.concatenate(Name.fromConstantString("hostmaster"), apex));
            } catch (NameTooLongException e) {
                throw new IllegalArgumentException("zone name too long: " + apex, e);
            }
        }
    }
}
