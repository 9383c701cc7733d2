package dev.liveplane.controlplane.signing;

import dev.liveplane.api.signing.SignedUrlLayout;
import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.UrlSigner;
import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Signs one stream's URLs for a domain, laid out by the {@code api} library ({@link SignedUrlLayout}): a push domain
 * gets its push URL, also split into OBS's "server" and "stream key" fields; a pull domain gets RTMP, HTTP-FLV and HLS
 * play URLs. The lifetime is the caller's, capped by the domain's validity period. {@link SigningController} maps
 * the result to the API's answer.
 */
final class SignedUrlMinter {

    private SignedUrlMinter() {
    }

    static MintedUrls mint(SigningService.Mintable domain, String app, String stream, @Nullable Long ttlSeconds,
            Instant now) {
        SigningSettings settings = domain.settings();
        if (settings.scheme() == SigningScheme.JWT) {
            throw new ProblemException(ProblemType.SIGNED_OFFLINE, domain.domain() + " uses the JWT scheme: sign "
                    + "playback tokens yourself with the private key of a registered JWT key (the SDK does this)");
        }
        for (String segment : List.of(app, stream)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw ProblemException.invalidField(ProblemType.VALIDATION_FAILED, segment.equals(app) ? "app"
                        : "stream", "'.' and '..' are not names");
            }
        }
        long lifetime = ttlSeconds == null ? settings.validitySeconds() : Math.min(ttlSeconds,
                settings.validitySeconds());
        Instant expiresAt = now.plusSeconds(lifetime);
        UrlSigner signer = UrlSigner.primary(new SigningPolicy(settings.scheme(), settings.primaryKey(),
                settings.secondaryKey(), Duration.ofSeconds(settings.validitySeconds()), List.of()));
        if (domain.push()) {
            return new MintedUrls(expiresAt, SignedUrlLayout.push(domain.domain(), app, stream,
                    url -> signer.signUntil(url, expiresAt)), null);
        }
        return new MintedUrls(expiresAt, null, SignedUrlLayout.play(domain.domain(), app, stream,
                url -> signer.signUntil(url, expiresAt)));
    }
}
