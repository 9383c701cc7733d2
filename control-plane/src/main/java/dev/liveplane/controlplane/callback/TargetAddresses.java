package dev.liveplane.controlplane.callback;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keeps webhooks off the platform's own network: tells whether a receiver's host is (or resolves to) a loopback,
 * private, link-local (cloud metadata), unique-local or unspecified address, which tenants must not make the
 * control plane call. Off on the local stack, where receivers run on the developer's machine.
 */
final class TargetAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private TargetAddresses() {
    }

    /** Why {@code host}, as written in a URL, is refused without a DNS lookup: an internal literal or localhost. */
    static Optional<String> literalRefusal(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.toLowerCase(Locale.ROOT).equals("localhost")) {
            return Optional.of("names this machine");
        }
        if (!IPV4.matcher(bare).matches() && !bare.contains(":")) {
            return Optional.empty();
        }
        try {
            // A literal: getByName parses it without asking DNS.
            return refusal(InetAddress.getByName(bare));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Why {@code host} is refused once resolved; empty when every address is public or the name does not resolve. */
    static Optional<String> resolvedRefusal(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                Optional<String> refusal = refusal(address);
                if (refusal.isPresent()) {
                    return refusal;
                }
            }
        } catch (UnknownHostException e) {
            // The HTTP client reports it as the attempt's error.
        }
        return Optional.empty();
    }

    private static Optional<String> refusal(InetAddress address) {
        boolean uniqueLocal = address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
        if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal) {
            return Optional.of("is the internal address " + address.getHostAddress());
        }
        return Optional.empty();
    }
}
