package dev.liveplane.controlplane.dns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Turns a tenant domain's TXT and CNAME records, asked of one resolver with dnsjava, into a {@link DomainCheck}. */
public final class DnsJavaDomainChecker implements DomainChecker {

    private static final int DEFAULT_PORT = 53;

    private final SimpleResolver resolver;
    private final String resolverText;

    /**
     * @param resolver the resolver to ask, {@code host:port} as {@link #parseResolver} reads it
     * @param timeout how long one lookup may take before the check fails with {@link DnsLookupException}
     */
    public DnsJavaDomainChecker(String resolver, Duration timeout) {
        InetSocketAddress address = parseResolver(resolver);
        // SimpleResolver asks over UDP and repeats the query over TCP when the answer comes back truncated.
        this.resolver = new SimpleResolver(address);
        this.resolver.setTimeout(timeout);
        this.resolverText = resolver.strip();
    }

    /**
     * Reads the {@code LIVEPLANE_DNS_RESOLVER} form: {@code host}, {@code host:port}, {@code [ipv6]:port} or a bare
     * IPv6 literal; the port defaults to 53. A host name is resolved once, here.
     */
    public static InetSocketAddress parseResolver(String hostPort) {
        String text = hostPort == null ? "" : hostPort.strip();
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && text.charAt(close + 1) != ':')) {
                throw badResolver(hostPort, "an IPv6 address goes in brackets: [::1]:53");
            }
            host = text.substring(1, close);
            port = close + 1 < text.length() ? text.substring(close + 2) : null;
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw badResolver(hostPort, "no host");
        }
        InetSocketAddress address = new InetSocketAddress(host, port == null ? DEFAULT_PORT : port(hostPort, port));
        if (address.isUnresolved()) {
            throw badResolver(hostPort, "cannot resolve " + host);
        }
        return address;
    }

    @Override
    public DomainCheck check(String domain, String challengeName, String challengeValue, String expectedCname) {
        Name domainName = DnsArguments.name(domain);
        Name expected = DnsArguments.name(expectedCname);
        List<String> values = new ArrayList<>();
        // A challenge name that is itself a CNAME (delegated, as ACME allows) still counts: the TXT at the end of
        // the chain comes back in the same answer.
        for (Record record : lookup(DnsArguments.name(challengeName), Type.TXT)) {
            if (record instanceof TXTRecord txt) {
                values.add(joined(txt));
            }
        }
        List<Name> targets = new ArrayList<>();
        for (Record record : lookup(domainName, Type.CNAME)) {
            if (record instanceof CNAMERecord cname && cname.getName().equals(domainName)) {
                targets.add(cname.getTarget());
            }
        }
        List<String> found = new ArrayList<>();
        values.forEach(value -> found.add("TXT \"" + value + "\""));
        targets.forEach(target -> found.add("CNAME " + DnsArguments.text(target)));
        return new DomainCheck(ownership(values, challengeValue), cname(targets, expected), found);
    }

    private static DomainCheck.Ownership ownership(List<String> values, String token) {
        if (values.isEmpty()) {
            return DomainCheck.Ownership.TXT_MISSING;
        }
        return values.contains(token) ? DomainCheck.Ownership.OK : DomainCheck.Ownership.TXT_WRONG;
    }

    private static DomainCheck.Cname cname(List<Name> targets, Name expected) {
        if (targets.isEmpty()) {
            return DomainCheck.Cname.CNAME_MISSING;
        }
        // Name equality ignores case, and both names are absolute, so "X.lv.test." matches "x.lv.test".
        return targets.contains(expected) ? DomainCheck.Cname.OK : DomainCheck.Cname.CNAME_ELSEWHERE;
    }

    /** The answer section; empty for NXDOMAIN and NODATA, which say the record is missing, not that DNS failed. */
    private List<Record> lookup(Name name, int type) {
        String what = Type.string(type) + " " + DnsArguments.text(name) + " via " + resolverText;
        Message response;
        try {
            response = resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
        } catch (IOException e) {
            throw new DnsLookupException("no answer to " + what + ": " + e, e);
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            return List.of();
        }
        if (rcode != Rcode.NOERROR) {
            throw new DnsLookupException("the resolver answered " + Rcode.string(rcode) + " to " + what);
        }
        return response.getSection(Section.ANSWER);
    }

    // A TXT record's strings form one value (RFC 7208 3.3 reads SPF that way; challenge tokens the same).
    private static String joined(TXTRecord txt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        txt.getStringsAsByteArrays().forEach(bytes::writeBytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int port(String hostPort, String port) {
        try {
            int number = Integer.parseInt(port);
            if (number >= 1 && number <= 65_535) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below with the rest of the bad input.
        }
        throw badResolver(hostPort, "the port must be a number from 1 to 65535");
    }

    private static IllegalArgumentException badResolver(String hostPort, String why) {
        return new IllegalArgumentException(
                "LIVEPLANE_DNS_RESOLVER '" + hostPort + "' is not host:port (" + why + ")");
    }
}
