package dev.liveplane.sdk;

import dev.liveplane.sdk.generated.ApiClient;
import dev.liveplane.sdk.generated.api.ApiKeysApi;
import dev.liveplane.sdk.generated.api.AuthApi;
import dev.liveplane.sdk.generated.api.BillingApi;
import dev.liveplane.sdk.generated.api.CallbacksApi;
import dev.liveplane.sdk.generated.api.DomainsApi;
import dev.liveplane.sdk.generated.api.FleetApi;
import dev.liveplane.sdk.generated.api.OperatorApi;
import dev.liveplane.sdk.generated.api.RecordingApi;
import dev.liveplane.sdk.generated.api.SigningApi;
import dev.liveplane.sdk.generated.api.StreamKeysApi;
import dev.liveplane.sdk.generated.api.StreamsApi;
import dev.liveplane.sdk.generated.api.UsageApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/** Configures a {@link LiveplaneClient}: where the API is, the credential, retries and timeouts. */
public final class LiveplaneClientBuilder {

    static final int DEFAULT_MAX_RETRIES = 3;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(200);
    static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(20);
    private static final String API_KEY_PREFIX = "lpk_";

    private URI endpoint;
    private String credential;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration baseDelay = DEFAULT_BASE_DELAY;
    private Duration maxDelay = DEFAULT_MAX_DELAY;

    LiveplaneClientBuilder() {
    }

    /** The API's base address, e.g. {@code http://localhost:8080} for the local stack. Required. */
    public LiveplaneClientBuilder endpoint(URI endpoint) {
        String scheme = endpoint.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the endpoint must be an http(s) URL with a host, such as "
                    + "http://localhost:8080, not " + endpoint);
        }
        this.endpoint = endpoint;
        return this;
    }

    /** Authenticates with an API key ({@code lpk_...}, from {@code apiKeys().create}). */
    public LiveplaneClientBuilder apiKey(String apiKey) {
        if (apiKey == null || !apiKey.startsWith(API_KEY_PREFIX)) {
            throw new IllegalArgumentException("an API key starts with " + API_KEY_PREFIX + "; use accessToken(...) "
                    + "for a session token or the operator credential");
        }
        this.credential = apiKey;
        return this;
    }

    /** Authenticates with a session token from {@code auth().logIn}, or (operator routes) the operator credential. */
    public LiveplaneClientBuilder accessToken(String accessToken) {
        this.credential = Objects.requireNonNull(accessToken, "accessToken");
        return this;
    }

    /** How many times a failed call is tried again (connection failures, 429, 502-504); 3 unless set, 0 for none. */
    public LiveplaneClientBuilder maxRetries(int maxRetries) {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        this.maxRetries = maxRetries;
        return this;
    }

    /** The limit on connecting and on each attempt's answer; 30 s unless set. */
    public LiveplaneClientBuilder timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        this.timeout = timeout;
        return this;
    }

    /**
     * The pause between retries: it starts near {@code baseDelay} and doubles per retry up to {@code maxDelay}
     * (200 ms and 20 s unless set). A {@code Retry-After} longer than {@code maxDelay} ends the retries.
     */
    public LiveplaneClientBuilder backoff(Duration baseDelay, Duration maxDelay) {
        this.baseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
        this.maxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
        return this;
    }

    public LiveplaneClient build() {
        if (endpoint == null) {
            throw new IllegalStateException("no endpoint: set one, e.g. http://localhost:8080 for the local stack");
        }
        String base = endpoint.toString().replaceAll("/+$", "");
        HttpTransport transport = new HttpTransport("https".equalsIgnoreCase(endpoint.getScheme()), timeout);
        // Sign-up and log-in go without the credential: an expired token must not stop a fresh log-in.
        ApiClient anonymous = transport.apiClient(base, null);
        ApiClient authenticated = transport.apiClient(base, credential);
        RetryingCaller caller = new RetryingCaller(new RetryPolicy(maxRetries, baseDelay, maxDelay),
                new ApiExceptionTranslator(authenticated.getObjectMapper(), base, Clock.systemUTC()));
        return new LiveplaneClient(transport, new Auth(new AuthApi(anonymous), caller),
                new ApiKeys(new ApiKeysApi(authenticated), caller),
                new Domains(new DomainsApi(authenticated), caller),
                new Signing(new SigningApi(authenticated), caller),
                new Streams(new StreamsApi(authenticated), caller),
                new StreamKeys(new StreamKeysApi(authenticated), caller),
                new Webhooks(new CallbacksApi(authenticated), caller),
                new Usage(new UsageApi(authenticated), caller),
                new Operator(new OperatorApi(authenticated), caller),
                new Fleet(new FleetApi(authenticated), caller),
                new Billing(new BillingApi(authenticated), caller),
                new Recordings(new RecordingApi(authenticated), caller));
    }
}
