package dev.liveplane.media.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The referer and IP rules of a domain, as pure functions of the request's page and address. */
class FleetAccessRulesTest {

    @Test
    void noRulesAdmitEverything() {
        assertThat(RefererRules.NONE.refusal(null)).isNull();
        assertThat(RefererRules.NONE.refusal("https://anywhere.test/")).isNull();
        assertThat(IpRules.NONE.refusal(address("203.0.113.9"))).isNull();
    }

    @Test
    void refererAllowListAdmitsListedHostsAndWildcardSubdomainsOnly() {
        RefererRules rules = new RefererRules(List.of("example.com", "*.example.org"), List.of());
        assertThat(rules.refusal("https://example.com/watch?v=1")).isNull();
        assertThat(rules.refusal("https://EXAMPLE.com/")).isNull();
        assertThat(rules.refusal("https://www.example.org/")).isNull();
        assertThat(rules.refusal("https://a.b.example.org/x")).isNull();
        assertThat(rules.refusal("https://example.org/")).contains("not allowed"); // the wildcard is subdomains only
        assertThat(rules.refusal("https://www.example.com/")).contains("not allowed");
        assertThat(rules.refusal("https://evilexample.org/")).contains("not allowed");
        assertThat(rules.refusal(null)).contains("no referer");
        assertThat(rules.refusal("")).contains("no referer");
        assertThat(rules.refusal("www.example.org")).as("RTMP pageUrl without scheme").isNull();
    }

    @Test
    void aTrailingDotInTheRefererHostNamesTheSameHost() {
        // example.com. is example.com (RFC 1034 3.1): the dot must neither slip past a deny list nor fail an allow.
        RefererRules deny = new RefererRules(List.of(), List.of("pirate.test", "*.pirate.test"));
        assertThat(deny.refusal("http://pirate.test./embed")).contains("denied");
        assertThat(deny.refusal("https://www.PIRATE.test.:8443/")).contains("denied");
        RefererRules allow = new RefererRules(List.of("example.com."), List.of());
        assertThat(allow.refusal("https://example.com./watch")).isNull();
        assertThat(allow.refusal("https://example.com/watch")).isNull();
    }

    @Test
    void refererDenyListWinsAndAnEmptyRefererPassesADenyOnlyList() {
        RefererRules rules = new RefererRules(List.of("*.example.org"), List.of("bad.example.org"));
        assertThat(rules.refusal("https://bad.example.org/")).contains("denied");
        assertThat(rules.refusal("https://good.example.org/")).isNull();
        RefererRules denyOnly = new RefererRules(List.of(), List.of("*.pirate.test"));
        assertThat(denyOnly.refusal(null)).isNull();
        assertThat(denyOnly.refusal("http://www.pirate.test/embed")).contains("denied");
        assertThat(denyOnly.refusal("http://fine.test/")).isNull();
    }

    @Test
    void malformedRefererPatternsAreRejected() {
        for (String bad : List.of("", "*", "a*.example.com", "http://example.com/", "exa mple.com")) {
            assertThatThrownBy(() -> new RefererRules(List.of(bad), List.of())).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void ipv4BlocksAndSingleAddresses() {
        IpRules rules = IpRules.parse(List.of("10.0.0.0/8", "192.0.2.7"), List.of("10.9.0.0/16"));
        assertThat(rules.refusal(address("10.1.2.3"))).isNull();
        assertThat(rules.refusal(address("192.0.2.7"))).isNull();
        assertThat(rules.refusal(address("192.0.2.8"))).contains("not in the allowed");
        assertThat(rules.refusal(address("10.9.200.1"))).contains("denied");
        assertThat(rules.refusal(address("11.0.0.1"))).contains("not in the allowed");
    }

    @Test
    void oddPrefixLengthsCompareThePartialByte() {
        IpRules rules = IpRules.parse(List.of("198.51.100.64/26"), List.of());
        assertThat(rules.refusal(address("198.51.100.64"))).isNull();
        assertThat(rules.refusal(address("198.51.100.127"))).isNull();
        assertThat(rules.refusal(address("198.51.100.63"))).isNotNull();
        assertThat(rules.refusal(address("198.51.100.128"))).isNotNull();
        assertThat(IpRules.parse(List.of("0.0.0.0/0"), List.of()).refusal(address("203.0.113.1"))).isNull();
    }

    @Test
    void ipv6BlocksAndIpv4MappedAddresses() {
        IpRules rules = IpRules.parse(List.of("2001:db8::/32", "::1"), List.of("2001:db8:bad::/48"));
        assertThat(rules.refusal(address("2001:db8:1::5"))).isNull();
        assertThat(rules.refusal(address("::1"))).isNull();
        assertThat(rules.refusal(address("2001:db8:bad::1"))).contains("denied");
        assertThat(rules.refusal(address("2001:db9::1"))).contains("not in the allowed");
        assertThat(rules.refusal(address("10.0.0.1"))).as("IPv4 never matches an IPv6 block")
                .contains("not in the allowed");

        IpRules v4 = IpRules.parse(List.of("192.0.2.0/24"), List.of());
        assertThat(v4.refusal(address("::ffff:192.0.2.9"))).as("IPv4-mapped counts as IPv4").isNull();
        IpRules mappedBlock = IpRules.parse(List.of("::ffff:192.0.2.0/120"), List.of());
        assertThat(mappedBlock.refusal(address("192.0.2.200"))).isNull();
    }

    @Test
    void malformedAddressesAndPrefixesAreRejectedWithoutDnsLookups() {
        for (String bad : List.of("example.com", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/x", "10.0.0.0/-1",
                "", "localhost")) {
            assertThatThrownBy(() -> IpRules.Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
