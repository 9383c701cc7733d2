package example;

// README: from the next line to the end of the file is sdk-java/README.md's example, word for word (ReadmeExampleTest).
import dev.liveplane.sdk.Liveplane;
import dev.liveplane.sdk.LiveplaneClient;
import dev.liveplane.sdk.OfflineSigner;
import dev.liveplane.sdk.exception.ConflictException;
import dev.liveplane.sdk.exception.LiveplaneException;
import dev.liveplane.sdk.generated.model.ApiKeyRequest;
import dev.liveplane.sdk.generated.model.DomainRequest;
import dev.liveplane.sdk.generated.model.DomainType;
import dev.liveplane.sdk.generated.model.PlayUrls;
import dev.liveplane.sdk.generated.model.PushUrls;
import dev.liveplane.sdk.generated.model.Session;
import dev.liveplane.sdk.generated.model.SignUpRequest;
import dev.liveplane.sdk.generated.model.SignedUrlRequest;
import dev.liveplane.sdk.generated.model.StreamKeyCreated;
import dev.liveplane.sdk.generated.model.StreamKeyRequest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs up (or takes an API key), adds a push and a pull domain, makes a stream key, prints signed URLs, forbids and
 * resumes a stream.
 */
public class ReadmeExample {

    public static void main(String[] args) {
        URI endpoint = URI.create("http://localhost:8080");            // the local stack: bin/liveplane up
        try {
            String apiKey = System.getenv("LIVEPLANE_API_KEY");        // lpk_..., or sign up for one below
            if (apiKey == null) {
                apiKey = signUpForAnApiKey(endpoint, "ana@example.com", "a long password, 10+ chars");
                System.out.println("export LIVEPLANE_API_KEY=" + apiKey);   // shown this once
            }
            // Thread-safe and holding one connection pool: build one, share it, close it when done.
            try (LiveplaneClient client = Liveplane.builder().endpoint(endpoint).apiKey(apiKey).build()) {
                tour(client);
            }
        } catch (LiveplaneException e) {        // every API failure, unchecked: status(), detail(), requestId()...
            System.err.println(e.getMessage());  // e.g. "signUp: no response from http://localhost:8080 (...)"
        }
    }

    static void tour(LiveplaneClient client) {
        // A push domain takes publishes; a pull domain plays its streams.
        createIfNew(client, new DomainRequest().name("push.example.com").type(DomainType.PUSH));
        createIfNew(client, new DomainRequest().name("play.example.com").type(DomainType.PULL)
                .pushDomain("push.example.com"));

        // A persistent stream key, for an encoder set up once (OBS): it does not expire; revoke or rotate it.
        StreamKeyCreated key = client.streamKeys().create("push.example.com",
                new StreamKeyRequest().app("live").stream("studio").description("studio OBS"));
        System.out.println("OBS: server " + key.getServer() + ", stream key " + key.getStreamKey()); // shown once

        // Signed URLs, minted by the API: valid for the domain's validity period (30 min unless changed).
        PushUrls push = client.signing().signedUrls("push.example.com",
                new SignedUrlRequest().app("live").stream("demo")).getPush();
        System.out.println("ffmpeg: " + push.getUrl());
        System.out.println("OBS: server " + push.getServer() + ", stream key " + push.getStreamKey());
        // ...or offline: one GET for the domain's signing settings, then no network at all.
        OfflineSigner signer = client.signing().offlineSigner("play.example.com");
        PlayUrls play = signer.play("live", "demo", Duration.ofMinutes(10)).getPlay();
        System.out.println("play: " + play.getFlv() + " " + play.getHls() + " " + play.getRtmp());

        // Cut the publisher and refuse it for an hour, then let it back in.
        client.streams().forbid("push.example.com", "live", "demo",
                Instant.now().plus(Duration.ofHours(1)), "terms of service");
        client.streams().resume("push.example.com", "live", "demo");
    }

    /** Signs up (no credential needed), then makes an API key with the session the sign-up returns. */
    static String signUpForAnApiKey(URI endpoint, String email, String password) {
        try (LiveplaneClient anonymous = Liveplane.builder().endpoint(endpoint).build()) {
            Session session = anonymous.auth().signUp(new SignUpRequest().email(email).password(password)
                    .tenantName("Ana's streams"));
            try (LiveplaneClient signedIn = Liveplane.builder().endpoint(endpoint)
                    .accessToken(session.getAccessToken()).build()) {
                return signedIn.apiKeys().create(new ApiKeyRequest().name("readme example")).getSecret();
            }
        }
    }

    /** Creates a domain; one this tenant already has (a second run) is left as it is. */
    static void createIfNew(LiveplaneClient client, DomainRequest domain) {
        try {
            client.domains().create(domain);
        } catch (ConflictException e) {
            System.out.println(domain.getName() + ": " + e.detail());
        }
    }
}
