package dev.liveplane.controlplane.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How LIVEPLANE_DNS_RESOLVER is read. */
class ResolverSettingTest {

    @ParameterizedTest
    @CsvSource({
        "127.0.0.1:5353, 127.0.0.1, 5353",
        "127.0.0.1, 127.0.0.1, 53",
        "' 10.0.0.2:53 ', 10.0.0.2, 53",
        "[::1]:5353, 0:0:0:0:0:0:0:1, 5353",
        "[2001:db8::53], 2001:db8:0:0:0:0:0:53, 53",
        "::1, 0:0:0:0:0:0:0:1, 53",
        "localhost:5300, 127.0.0.1, 5300",
    })
    void readsHostAndPort(String setting, String address, int port) {
        InetSocketAddress parsed = DnsJavaDomainChecker.parseResolver(setting);

        assertThat(parsed.getAddress().getHostAddress()).isEqualTo(address);
        assertThat(parsed.getPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "127.0.0.1:", "127.0.0.1:dns", "127.0.0.1:0", "127.0.0.1:65536", "[::1", "[::1]53",
        ":53", "no-such-host.invalid:53"})
    void refusesWhatIsNotHostPortAndSaysWhichSetting(String setting) {
        assertThatThrownBy(() -> DnsJavaDomainChecker.parseResolver(setting))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LIVEPLANE_DNS_RESOLVER");
    }
}
