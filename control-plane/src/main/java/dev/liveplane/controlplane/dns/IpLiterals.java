package dev.liveplane.controlplane.dns;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.Address;

/** Parses IPv4 and IPv6 literals without ever asking DNS, which {@code InetAddress.getByName} would for a name. */
final class IpLiterals {

    private IpLiterals() {
    }

    static InetAddress parse(String literal) {
        try {
            return Address.getByAddress(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + literal, e);
        }
    }
}
