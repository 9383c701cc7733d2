package dev.liveplane.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.sdk.generated.model.DomainAuth;
import dev.liveplane.sdk.generated.model.JwtKey;
import dev.liveplane.sdk.generated.model.SigningScheme;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every scheme signs on the classpath SDK users get, without Bouncy Castle (a surefire execution of its own). */
class WithoutBouncyCastleTest {

    private static final String PRIVATE_JWK = """
            {"kty":"EC","d":"xb1r_YLTSIntz8VyWlDxCgCl3au0frLEUGnSfvkbYYo","crv":"P-256","kid":"tenant-key-1",
             "x":"FhdK91KpWZ-A4UzUlxW2nrTfz89UOCicBErNupPnKkc","y":"4nMvpY-lQ_Fbwgx0x7xjWgzBFAkfnUvVzFhvABjwd4o"}""";

    @ParameterizedTest
    @EnumSource(value = SigningScheme.class, names = "UNKNOWN_DEFAULT_OPEN_API", mode = EnumSource.Mode.EXCLUDE)
    void signsWithTheJdkAlone(SigningScheme scheme) throws Exception {
        assertThatThrownBy(() -> Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider"))
                .isInstanceOf(ClassNotFoundException.class);
        ECKey key = ECKey.parse(PRIVATE_JWK);
        DomainAuth auth = new DomainAuth().scheme(scheme).validitySeconds(1800L)
                .primaryKey(scheme == SigningScheme.JWT ? null : "primaryKey-0123456789")
                .jwtKeys(List.of(new JwtKey().kid("tenant-key-1").jwk(key.toPublicJWK().toJSONString())));
        OfflineSigner signer = OfflineSigner.builder().domain("play.example.com").auth(auth)
                .playbackKey(scheme == SigningScheme.JWT ? key : null).build();

        String flv = signer.play("live", "demo").getPlay().getFlv();

        assertThat(flv).startsWith("http://play.example.com/live/demo.flv?");
        if (scheme == SigningScheme.JWT) {
            SignedJWT token = SignedJWT.parse(StreamUrl.parse(flv).query().get("token"));
            assertThat(token.getJWTClaimsSet().getExpirationTime().toInstant()).isAfter(Instant.now());
            assertThat(token.getHeader().getKeyID()).isEqualTo("tenant-key-1");
        }
    }
}
