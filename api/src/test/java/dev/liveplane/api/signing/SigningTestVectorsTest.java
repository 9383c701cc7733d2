package dev.liveplane.api.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SigningTestVectorsTest {

    private static final SigningTestVectors VECTORS = SigningTestVectors.load();

    static List<SigningTestVectors.SignCase> signCases() {
        return VECTORS.sign();
    }

    static List<SigningTestVectors.VerifyCase> verifyCases() {
        return VECTORS.verify();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signCases")
    void signsExactlyTheExpectedUrl(SigningTestVectors.SignCase c) {
        SigningPolicy policy = c.policy().policy();
        UrlSigner signer = c.secondaryKey() ? UrlSigner.secondary(policy) : UrlSigner.primary(policy);

        assertThat(signer.sign(c.url(), c.timestamp(), c.rand(), c.uid())).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signCases")
    void signedUrlVerifiesAtItsTimestamp(SigningTestVectors.SignCase c) {
        UrlVerifier verifier = new UrlVerifier(c.policy().policy(), VECTORS.clockSkew());
        StreamAction action = c.url().startsWith("rtmp") ? StreamAction.PUBLISH : StreamAction.PLAY;
        StreamAccess access = access(action, c.expected(), null);

        assertThat(verifier.verify(access, c.timestamp()).code()).isEqualTo("ALLOWED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifyCases")
    void reachesTheExpectedVerdict(SigningTestVectors.VerifyCase c) {
        UrlVerifier verifier = new UrlVerifier(c.policy().policy(), VECTORS.clockSkew());

        Verdict verdict = verifier.verify(access(c.action(), c.url(), c.clientIp()), c.now());

        assertThat(verdict.code()).as(verdict.toString()).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verifyCases")
    void sameVerdictTheSecondTime(SigningTestVectors.VerifyCase c) {
        UrlVerifier verifier = new UrlVerifier(c.policy().policy(), VECTORS.clockSkew());
        StreamAccess access = access(c.action(), c.url(), c.clientIp());
        verifier.verify(access, c.now());

        assertThat(verifier.verify(access, c.now()).code()).isEqualTo(c.expected());
    }

    /** The request a URL makes; a {@code vhost} parameter names the domain when the host is an address. */
    static StreamAccess access(StreamAction action, String url, String clientIp) {
        StreamUrl parsed = StreamUrl.parse(url);
        String domain = parsed.query().getOrDefault("vhost", parsed.host());
        return new StreamAccess(action, domain, parsed.app(), parsed.stream(), parsed.path(), parsed.query(),
                clientIp);
    }
}
