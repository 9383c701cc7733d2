package dev.liveplane.controlplane;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Recognises IPv4 and IPv6 address literals without ever asking DNS. */
public final class IpLiterals {

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
            + "(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    // Only hex digits, colons and a dotted tail: such text is an IPv6 literal to InetAddress, never a DNS lookup.
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private IpLiterals() {
    }

    /** A dotted quad, each part 0-255 without leading zeros. */
    public static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    /** An IPv6 literal (with colons; an embedded dotted quad allowed), without zone id or brackets. */
    public static boolean isIpv6(String text) {
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
