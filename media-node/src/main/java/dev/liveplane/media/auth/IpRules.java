package dev.liveplane.media.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Decides whether a client address may publish or play on a domain, from its allow and deny lists of IPv4 and IPv6
 * addresses and CIDR blocks. A denied address is refused; when the allow list is not empty, only its addresses are
 * admitted. An IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1}) counts as its IPv4 address.
 */
public record IpRules(List<Cidr> allow, List<Cidr> deny) {

    public static final IpRules NONE = new IpRules(List.of(), List.of());

    public IpRules {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    /** Parses lists of {@code 192.0.2.0/24}, {@code 2001:db8::/32} or single addresses. */
    public static IpRules parse(List<String> allow, List<String> deny) {
        return new IpRules(allow.stream().map(Cidr::parse).toList(), deny.stream().map(Cidr::parse).toList());
    }

    /** Why {@code address} may not publish or play, or null when it may. */
    public String refusal(InetAddress address) {
        if (allow.isEmpty() && deny.isEmpty()) {
            return null;
        }
        if (address == null) {
            return "client address unknown and the domain has IP rules";
        }
        byte[] bytes = normalize(address.getAddress());
        for (Cidr block : deny) {
            if (block.contains(bytes)) {
                return "address " + address.getHostAddress() + " is in denied " + block;
            }
        }
        if (!allow.isEmpty() && allow.stream().noneMatch(block -> block.contains(bytes))) {
            return "address " + address.getHostAddress() + " is not in the allowed addresses";
        }
        return null;
    }

    private static byte[] normalize(byte[] address) {
        if (address.length == 16) {
            boolean mapped = address[10] == (byte) 0xff && address[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = address[i] == 0;
            }
            if (mapped) {
                return new byte[] {address[12], address[13], address[14], address[15]};
            }
        }
        return address;
    }

    /** One address block: the network's bytes (4 or 16) and its prefix length. */
    public record Cidr(byte[] network, int prefix, String text) {

        // Literals only: a host name here would make parsing do a DNS lookup.
        private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

        public static Cidr parse(String raw) {
            String text = raw.trim();
            int slash = text.indexOf('/');
            String host = slash < 0 ? text : text.substring(0, slash);
            if (!LITERAL.matcher(host).matches() || !(host.contains(".") || host.contains(":"))) {
                throw new IllegalArgumentException("'" + raw + "' is not an IP address or CIDR block");
            }
            byte[] address;
            try {
                address = normalize(InetAddress.getByName(host).getAddress());
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + raw + "' is not an IP address or CIDR block");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + raw + "' has no valid prefix length");
                }
                if (host.contains(":") && address.length == 4) {
                    prefix -= 96; // an IPv4-mapped block written in IPv6 (::ffff:10.0.0.0/104)
                }
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("'" + raw + "' has a prefix outside 0.." + bits);
                }
            }
            return new Cidr(address, prefix, text);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
