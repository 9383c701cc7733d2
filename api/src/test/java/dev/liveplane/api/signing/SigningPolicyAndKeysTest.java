package dev.liveplane.api.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SigningPolicyAndKeysTest {

    private static final SigningTestVectors VECTORS = SigningTestVectors.load();
    private static final Pattern HEX_RUN = Pattern.compile("[0-9a-fA-F]{32,}");

    @Test
    void refusalsNeverCarryAKeyOrAHash() {
        for (SigningTestVectors.VerifyCase c : VECTORS.verify()) {
            SigningPolicy policy = c.policy().policy();
            Verdict verdict = new UrlVerifier(policy, VECTORS.clockSkew())
                    .verify(SigningTestVectorsTest.access(c.action(), c.url(), c.clientIp()), c.now());
            String detail = verdict.detail();
            for (String key : new String[] {policy.primaryKey(), policy.secondaryKey()}) {
                if (key != null) {
                    assertThat(detail).as(c.name()).doesNotContain(key);
                }
            }
            assertThat(HEX_RUN.matcher(detail).find()).as(c.name() + ": " + detail).isFalse();
        }
    }

    @Test
    void policyToStringHidesKeys() {
        SigningPolicy policy = new SigningPolicy(SigningScheme.A, "s3cretPrimary", "s3cretSecondary",
                Duration.ofMinutes(30), List.of());

        assertThat(policy.toString()).doesNotContain("s3cret").contains("secondaryKey=true");
    }

    @ParameterizedTest
    @EnumSource(value = SigningScheme.class, names = {"A", "TX", "HMAC"})
    void signUntilExpiresExactlyThen(SigningScheme scheme) {
        SigningPolicy policy = new SigningPolicy(scheme, "k", null, Duration.ofHours(1), List.of());
        Instant expiry = Instant.ofEpochSecond(1_800_000_000L);
        String url = UrlSigner.primary(policy).signUntil("rtmp://push.example.com/live/demo", expiry);
        UrlVerifier verifier = new UrlVerifier(policy, Duration.ZERO);
        StreamAccess access = StreamAccess.of(StreamAction.PUBLISH, StreamUrl.parse(url), null);

        assertThat(verifier.verify(access, expiry).isAllowed()).isTrue();
        assertThat(verifier.verify(access, expiry.plusSeconds(1)).refusal()).isEqualTo(Refusal.EXPIRED);
    }

    @Test
    void jwtKeysMustBePublicP256WithAKeyId() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();

        assertThat(JwtPublicKey.parse(key.toPublicJWK().toJSONString()).keyId()).isEqualTo("k1");
        assertThatThrownBy(() -> JwtPublicKey.parse(key.toJSONString())).hasMessageContaining("private key");
        assertThatThrownBy(() -> JwtPublicKey.parse(new ECKeyGenerator(Curve.P_256).generate().toPublicJWK()
                .toJSONString())).hasMessageContaining("kid");
        assertThatThrownBy(() -> JwtPublicKey.parse(new ECKeyGenerator(Curve.P_384).keyID("k").generate()
                .toPublicJWK().toJSONString())).hasMessageContaining("P-256");
        assertThatThrownBy(() -> JwtPublicKey.parse("{not json")).hasMessageContaining("not a JWK");
    }

    @Test
    void jwtDomainCannotBeSignedWithASharedKey() {
        SigningPolicy policy = VECTORS.policies().get("play-jwt").policy();

        assertThatThrownBy(() -> UrlSigner.primary(policy)).hasMessageContaining("offline");
    }

    @Test
    void policiesRefuseMissingKeys() {
        assertThatThrownBy(() -> new SigningPolicy(SigningScheme.A, "", null, Duration.ofMinutes(1), List.of()))
                .hasMessageContaining("primary key");
        assertThatThrownBy(() -> new SigningPolicy(SigningScheme.JWT, null, null, Duration.ofMinutes(1), List.of()))
                .hasMessageContaining("public key");
        assertThatThrownBy(() -> new SigningPolicy(SigningScheme.A, "k", null, Duration.ZERO, List.of()))
                .hasMessageContaining("validity");
    }

    @Test
    void streamUrlsKeepTheirEncodingAndQuery() {
        StreamUrl url = StreamUrl.parse("http://[::1]:8081/live/my%20show.m3u8?vhost=play.example.com");

        assertThat(url.host()).isEqualTo("[::1]");
        assertThat(url.stream()).isEqualTo("my%20show");
        assertThat(url.path()).isEqualTo("/live/my%20show.m3u8");
        assertThat(url.query()).containsEntry("vhost", "play.example.com");
        assertThatThrownBy(() -> StreamUrl.parse("rtmp://host/live")).hasMessageContaining("/{app}/{stream}");
        assertThatThrownBy(() -> StreamUrl.parse("http://host/live/demo.mp4")).hasMessageContaining(".flv");
    }
}
