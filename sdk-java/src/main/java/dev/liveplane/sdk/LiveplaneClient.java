package dev.liveplane.sdk;

/** A thread-safe client of the Liveplane API, its operations grouped as the spec's tags are; build one, share it. */
public final class LiveplaneClient {

    private final Auth auth;
    private final ApiKeys apiKeys;
    private final Domains domains;
    private final Signing signing;
    private final Operator operator;

    LiveplaneClient(Auth auth, ApiKeys apiKeys, Domains domains, Signing signing, Operator operator) {
        this.auth = auth;
        this.apiKeys = apiKeys;
        this.domains = domains;
        this.signing = signing;
        this.operator = operator;
    }

    /** Sign-up and log-in. */
    public Auth auth() {
        return auth;
    }

    /** Credentials for programs. */
    public ApiKeys apiKeys() {
        return apiKeys;
    }

    /** Push and pull domains, ownership and CNAME checks. */
    public Domains domains() {
        return domains;
    }

    /** URL-signing settings, signed URLs and offline signers. */
    public Signing signing() {
        return signing;
    }

    /** The platform operator's routes (operator credential). */
    public Operator operator() {
        return operator;
    }
}
