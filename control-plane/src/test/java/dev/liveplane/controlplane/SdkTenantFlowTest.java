package dev.liveplane.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.liveplane.api.signing.SigningPolicy;
import dev.liveplane.api.signing.SigningScheme;
import dev.liveplane.api.signing.StreamAccess;
import dev.liveplane.api.signing.StreamAction;
import dev.liveplane.api.signing.StreamUrl;
import dev.liveplane.api.signing.UrlVerifier;
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.OfflineSigner;
import dev.liveplane.sdk.exception.ConflictException;
import dev.liveplane.sdk.exception.NotFoundException;
import dev.liveplane.sdk.generated.model.ApiKeyRequest;
import dev.liveplane.sdk.generated.model.Domain;
import dev.liveplane.sdk.generated.model.DomainAuth;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainStatus;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.DomainVerification;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import dev.liveplane.sdk.generated.model.SignedUrlRequest;
import dev.liveplane.sdk.generated.model.SignedUrls;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A tenant's whole first day, driven through the Java SDK against the running service: sign up, make an API key,
 * add a push and a pull domain, publish the DNS records the service asks for, verify, mint signed URLs (online and
 * offline) that the media node's verifier accepts, and meet the errors a tenant meets.
 */
@MicronautTest
class SdkTenantFlowTest extends ApiTestBase {

    @Test
    void tenantGoesFromSignUpToSignedUrlsThroughTheSdk() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        LiveplaneClient anonymous = Liveplane.builder().endpoint(server.getURI()).build();
        String session = anonymous.auth().signUp(new SignUpRequest().email("sdk-" + tag + "@example.com")
                .password("a long enough password").tenantName("SDK " + tag)).getAccessToken();
        String apiKey = Liveplane.builder().endpoint(server.getURI()).accessToken(session).build()
                .apiKeys().create(new ApiKeyRequest().name("ci")).getSecret();
        LiveplaneClient client = Liveplane.builder().endpoint(server.getURI()).apiKey(apiKey).build();

        String push = "push-" + tag + "." + PublicDns.ZONE;
        String play = "play-" + tag + "." + PublicDns.ZONE;
        Domain pushDomain = client.domains().create(new DomainRequest().name(push).type(DomainType.PUSH));
        Domain playDomain = client.domains().create(new DomainRequest().name(play).type(DomainType.PULL)
                .pushDomain(push));
        assertThat(pushDomain.getStatus()).isEqualTo(DomainStatus.PENDING_VERIFICATION);
        assertThat(client.domains().verify(play).getVerified()).isFalse();

        for (Domain domain : List.of(pushDomain, playDomain)) {
            PublicDns.server().putTxt(domain.getOwnership().getRecordName(), domain.getOwnership().getRecordValue());
            PublicDns.server().upsertCname(domain.getName(), domain.getCname());
            DomainVerification verification = client.domains().verify(domain.getName());
            assertThat(verification.getVerified()).as(verification.getMessage()).isTrue();
            assertThat(verification.getDomain().getStatus()).isEqualTo(DomainStatus.ACTIVE);
        }
        assertThat(client.domains().list(DomainType.PULL)).extracting(Domain::getName).contains(play);

        SignedUrls online = client.signing().signedUrls(push, new SignedUrlRequest().app("live").stream("demo")
                .ttlSeconds(600L));
        DomainAuth auth = client.signing().getAuth(push);
        UrlVerifier verifier = new UrlVerifier(new SigningPolicy(SigningScheme.valueOf(auth.getScheme().getValue()),
                auth.getPrimaryKey(), auth.getSecondaryKey(), Duration.ofSeconds(auth.getValiditySeconds()),
                List.of()));
        assertThat(verifier.verify(publish(online.getPush().getUrl()), Instant.now()).isAllowed()).isTrue();
        assertThat(online.getPush().getServer() + "/" + online.getPush().getStreamKey())
                .isEqualTo(online.getPush().getUrl());

        OfflineSigner offline = client.signing().offlineSigner(push);
        SignedUrls offlineUrls = offline.push("live", "demo", Duration.ofMinutes(5));
        assertThat(verifier.verify(publish(offlineUrls.getPush().getUrl()), Instant.now()).isAllowed()).isTrue();

        client.signing().rotateKey(push);
        assertThat(verifier.verify(publish(online.getPush().getUrl()), Instant.now()).isAllowed())
                .as("verifier still holds the old keys").isTrue();
        DomainAuth rotated = client.signing().getAuth(push);
        assertThat(rotated.getSecondaryKey()).isEqualTo(auth.getPrimaryKey());

        assertThatThrownBy(() -> client.domains().create(new DomainRequest().name(push).type(DomainType.PUSH)))
                .isInstanceOfSatisfying(ConflictException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.type()).isEqualTo("https://liveplane.dev/problems/domain-taken");
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> client.domains().delete(push)).isInstanceOf(ConflictException.class);

        LiveplaneClient other = Liveplane.builder().endpoint(server.getURI()).accessToken(anonymous.auth()
                .signUp(new SignUpRequest().email("other-" + tag + "@example.com")
                        .password("another long password").tenantName("Other " + tag)).getAccessToken()).build();
        assertThatThrownBy(() -> other.domains().get(push)).isInstanceOf(NotFoundException.class);
        assertThat(other.domains().list()).isEmpty();
    }

    private static StreamAccess publish(String url) {
        return StreamAccess.of(StreamAction.PUBLISH, StreamUrl.parse(url), null);
    }
}
