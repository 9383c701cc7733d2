package dev.liveplane.media.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Host headers, tcUrl hosts and vhost parameters into the domain a client addressed. */
class DomainResolverTest {

    @ParameterizedTest(name = "Host {0}")
    @CsvSource({
        "example.com,             example.com",
        "example.com.,            example.com",
        "EXAMPLE.com.,            example.com",
        "example.com.:8081,       example.com",
        "play.example.com:80,     play.example.com",
        "_svc.example.com,        _svc.example.com",
        "localhost,               default",
        "localhost.,              default",
        "localhost:8081,          default",
        "127.0.0.1:8081,          default",
        "'[::1]:8081',            default",
        "'',                      default",
    })
    void theHostNamesTheDomainWithoutItsPortCaseOrTrailingDot(String host, String domain) {
        assertThat(DomainResolver.resolve(host, Map.of())).isEqualTo(domain);
    }

    @ParameterizedTest(name = "tcUrl {0}")
    @CsvSource({"rtmp://example.com.:1935/live, example.com", "rtmp://Example.COM/live/, example.com",
        "rtmp://127.0.0.1:1935/live, default", "rtmp://[::1]/live, default", "not a url, default"})
    void anRtmpTcUrlNamesItsHostTheSameWay(String tcUrl, String domain) {
        assertThat(DomainResolver.resolve(DomainResolver.hostOf(tcUrl), Map.of())).isEqualTo(domain);
    }

    @ParameterizedTest(name = "vhost {0}")
    @CsvSource({"example.com., example.com", "Example.COM, example.com", "' example.com. ', example.com"})
    void aVhostParameterNamesItTheSameWay(String vhost, String domain) {
        assertThat(DomainResolver.resolve("127.0.0.1", Map.of("vhost", vhost))).isEqualTo(domain);
        assertThat(DomainResolver.resolve("other.example.net", Map.of("domain", vhost))).isEqualTo(domain);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example.com..", ".example.com", "a..b", "exa mple.com", "example.com/x",
        "exa\nmple.com", "café.example", "*.example.com", "example.com%2F", "a:b:c."})
    void aNameThatIsNoHostNameIsRefused(String name) {
        assertThatThrownBy(() -> DomainResolver.resolve("127.0.0.1", Map.of("vhost", name)))
                .isInstanceOf(StreamAddressException.class).hasMessageContaining("a domain is a host name")
                .hasMessageNotContaining("\n");
        if (!name.contains(":")) {
            assertThatThrownBy(() -> DomainResolver.resolve(name, Map.of())).isInstanceOf(
                    StreamAddressException.class);
        }
    }

    @ParameterizedTest(name = "{0} characters")
    @ValueSource(ints = {64, 254})
    void overlongLabelsAndNamesAreRefused(int length) {
        String name = length == 64 ? "a".repeat(64) + ".com" : ("a".repeat(62) + ".").repeat(4) + "ab";
        assertThatThrownBy(() -> DomainResolver.resolve(name, Map.of())).isInstanceOf(StreamAddressException.class);
        String fits = length == 64 ? "a".repeat(63) + ".com" : ("a".repeat(62) + ".").repeat(4) + "a";
        assertThat(DomainResolver.resolve(fits, Map.of())).isEqualTo(fits);
    }
}
