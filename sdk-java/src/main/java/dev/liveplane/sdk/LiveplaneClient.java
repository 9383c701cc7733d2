package dev.liveplane.sdk;

/**
 * A thread-safe client of the Liveplane API, its operations grouped as the spec's tags are; build one, share it. Its
 * groups share one HTTP client (one connection pool), which {@link #close()} frees.
 */
public final class LiveplaneClient implements AutoCloseable {

    private final HttpTransport transport;
    private final Auth auth;
    private final ApiKeys apiKeys;
    private final Domains domains;
    private final Signing signing;
    private final Streams streams;
    private final StreamKeys streamKeys;
    private final Webhooks callbacks;
    private final Usage usage;
    private final Operator operator;
    private final Fleet fleet;
    private final Billing billing;
    private final Recordings recordings;

    LiveplaneClient(HttpTransport transport, Auth auth, ApiKeys apiKeys, Domains domains, Signing signing,
            Streams streams, StreamKeys streamKeys, Webhooks callbacks, Usage usage, Operator operator, Fleet fleet,
            Billing billing, Recordings recordings) {
        this.transport = transport;
        this.auth = auth;
        this.apiKeys = apiKeys;
        this.domains = domains;
        this.signing = signing;
        this.streams = streams;
        this.streamKeys = streamKeys;
        this.callbacks = callbacks;
        this.usage = usage;
        this.operator = operator;
        this.fleet = fleet;
        this.billing = billing;
        this.recordings = recordings;
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

    /** Online streams, forbid and resume. */
    public Streams streams() {
        return streams;
    }

    /** Persistent stream keys of push domains: create, list, revoke, rotate. */
    public StreamKeys streamKeys() {
        return streamKeys;
    }

    /** Webhooks to the tenant's own servers, and their delivery log. */
    public Webhooks callbacks() {
        return callbacks;
    }

    /** Metered traffic, bandwidth, viewers and streams of the tenant's domains, and monthly 95th percentiles. */
    public Usage usage() {
        return usage;
    }

    /** The platform operator's routes (operator credential). */
    public Operator operator() {
        return operator;
    }

    /** The tenant's money: packages on sale, purchases, the account, the ledger, monthly statements. */
    public Billing billing() {
        return billing;
    }

    /** Recording rules, manual recording, recorded files and sessions, thumbnails. */
    public Recordings recordings() {
        return recordings;
    }

    /** The operator's media nodes and their bootstrap tokens (operator credential). */
    public Fleet fleet() {
        return fleet;
    }

    /** Frees the connections and threads the client holds; calls made afterwards throw IllegalStateException. */
    @Override
    public void close() {
        transport.close();
    }
}
