package dev.liveplane.controlplane.dns;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Turns a DNS query packet into the authoritative answer from a {@link ZoneStore}, in wire format. */
final class QueryResponder {

    static final int TCP_MAX = 65_535;
    private static final int UDP_CLASSIC_MAX = 512;
    // The EDNS buffer size DNS Flag Day 2020 settled on: it avoids IP fragmentation on common paths.
    private static final int UDP_EDNS_MAX = 1232;
    private static final int HEADER_LENGTH = 12;
    private static final int MAX_CNAME_HOPS = 8;

    private final ZoneStore store;

    QueryResponder(ZoneStore store) {
        this.store = store;
    }

    /**
     * Answers one query.
     *
     * @param udp whether the answer goes back over UDP, where it is truncated (TC) to what the client can take
     * @return the answer's wire form, or null when the packet deserves none (a response, or too short to answer)
     */
    byte[] respond(byte[] packet, int length, boolean udp) {
        if (length < HEADER_LENGTH || (packet[2] & 0x80) != 0) {
            return null;
        }
        Message query;
        try {
            query = new Message(Arrays.copyOf(packet, length));
        } catch (IOException | RuntimeException e) {
            return formatError(packet).toWire();
        }
        Message response = answer(query);
        if (!udp) {
            return response.toWire(TCP_MAX);
        }
        OPTRecord opt = query.getOPT();
        int limit = opt == null ? UDP_CLASSIC_MAX
                : Math.max(UDP_CLASSIC_MAX, Math.min(opt.getPayloadSize(), UDP_EDNS_MAX));
        return response.toWire(limit);
    }

    private Message answer(Message query) {
        Header header = query.getHeader();
        Message response = new Message(header.getID());
        response.getHeader().setFlag(Flags.QR);
        response.getHeader().setOpcode(header.getOpcode());
        if (header.getFlag(Flags.RD)) {
            response.getHeader().setFlag(Flags.RD);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        questions.forEach(q -> response.addRecord(q, Section.QUESTION));
        if (query.getOPT() != null) {
            response.addRecord(new OPTRecord(UDP_EDNS_MAX, 0, 0), Section.ADDITIONAL);
        }
        if (header.getOpcode() != Opcode.QUERY) {
            response.getHeader().setRcode(Rcode.NOTIMP);
        } else if (questions.size() != 1) {
            response.getHeader().setRcode(Rcode.FORMERR);
        } else if (query.getOPT() != null && query.getOPT().getVersion() != 0) {
            // RFC 6891 6.1.3: an unknown EDNS version gets BADVERS, carried in the OPT record's extended rcode.
            response.removeAllRecords(Section.ADDITIONAL);
            response.addRecord(new OPTRecord(UDP_EDNS_MAX, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
        } else {
            resolve(response, questions.get(0));
        }
        return response;
    }

    private void resolve(Message response, Record question) {
        Name name = question.getName();
        int type = question.getType();
        Name zone = store.zoneOf(name);
        // Zone transfers are not offered: the zone lives in this process only.
        if (zone == null || (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)
                || type == Type.AXFR || type == Type.IXFR) {
            response.getHeader().setRcode(Rcode.REFUSED);
            return;
        }
        response.getHeader().setFlag(Flags.AA);
        Set<Name> visited = new HashSet<>();
        for (int hop = 0; hop < MAX_CNAME_HOPS && visited.add(name); hop++) {
            List<Record> owned = store.at(name);
            CNAMERecord cname = (CNAMERecord) owned.stream()
                    .filter(r -> r.getType() == Type.CNAME).findFirst().orElse(null);
            if (cname != null && type != Type.CNAME && type != Type.ANY) {
                // RFC 1034 4.3.2: restart at the target; a resolver follows it when it lies outside our zones.
                response.addRecord(cname, Section.ANSWER);
                name = cname.getTarget();
                zone = store.zoneOf(name);
                if (zone == null) {
                    return;
                }
                continue;
            }
            List<Record> matching = owned.stream().filter(r -> type == Type.ANY || r.getType() == type).toList();
            if (matching.isEmpty()) {
                // NXDOMAIN or NODATA; either way the SOA tells caches how long to remember it (RFC 2308).
                if (!store.exists(name)) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                response.addRecord(store.soa(zone), Section.AUTHORITY);
            }
            matching.forEach(r -> response.addRecord(r, Section.ANSWER));
            return;
        }
    }

    private static Message formatError(byte[] packet) {
        Message error = new Message(((packet[0] & 0xff) << 8) | (packet[1] & 0xff));
        error.getHeader().setFlag(Flags.QR);
        error.getHeader().setOpcode((packet[2] >>> 3) & 0x0f);
        error.getHeader().setRcode(Rcode.FORMERR);
        return error;
    }
}
