package dev.liveplane.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Asks a DNS server on loopback one question over the wire, as {@code dig @127.0.0.1 -p PORT NAME TYPE} would. */
public final class Lookup {

    private Lookup() {
    }

    /** The answer's records of {@code type} at {@code name}, as text ("edge.liveplane.test.", "127.0.0.1"). */
    public static List<String> answers(int port, String name, int type) {
        try {
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
            resolver.setTimeout(Duration.ofSeconds(2));
            Message response = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name + "."), type,
                    DClass.IN)));
            return response.getSection(Section.ANSWER).stream().filter(r -> r.getType() == type)
                    .map(Record::rdataToString).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<String> cname(int port, String name) {
        return answers(port, name, Type.CNAME);
    }
}
