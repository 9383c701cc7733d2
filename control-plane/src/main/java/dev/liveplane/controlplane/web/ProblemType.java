package dev.liveplane.controlplane.web;

import io.micronaut.http.HttpStatus;

/**
 * The stable kinds of problem the API answers with. Each becomes the problem's {@code type},
 * {@code https://liveplane.dev/problems/{slug}}: clients may branch on it, so a slug never changes meaning.
 */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "The request is malformed"),
    INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, "A parameter is invalid"),
    INVALID_PAGE_TOKEN("invalid-page-token", HttpStatus.BAD_REQUEST, "The page token is not one this API issued"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "A valid credential is required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "This credential may not do this"),
    CSRF_TOKEN_INVALID("csrf-token-invalid", HttpStatus.FORBIDDEN,
            "A change made with the console's cookie needs the session's X-CSRF-Token"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "No acceptable representation"),
    INSUFFICIENT_BALANCE("insufficient-balance", HttpStatus.PAYMENT_REQUIRED,
            "The balance does not cover this purchase"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    EMAIL_TAKEN("email-taken", HttpStatus.CONFLICT, "This email already has an account"),
    DOMAIN_TAKEN("domain-taken", HttpStatus.CONFLICT, "This domain is already registered"),
    OWNERSHIP_PROOF_REQUIRED("ownership-proof-required", HttpStatus.CONFLICT,
            "Prove in DNS that this domain is yours to add it"),
    CONFIG_CHANGES_UNAVAILABLE("config-changes-unavailable", HttpStatus.CONFLICT,
            "The changes since this version are not available here"),
    DOMAIN_IN_USE("domain-in-use", HttpStatus.CONFLICT, "Pull domains are still bound to this push domain"),
    JWT_KEY_EXISTS("jwt-key-exists", HttpStatus.CONFLICT, "A JWT key with this kid is already registered"),
    JWT_KEY_LIMIT("jwt-key-limit", HttpStatus.CONFLICT, "The domain has as many JWT keys as it may"),
    JWT_KEY_IN_USE("jwt-key-in-use", HttpStatus.CONFLICT, "The domain's JWT scheme needs this key"),
    SIGNED_OFFLINE("signed-offline", HttpStatus.CONFLICT, "This domain's URLs are signed by the tenant"),
    NODE_DELETED("node-deleted", HttpStatus.GONE, "The operator deleted this node"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.REQUEST_ENTITY_TOO_LARGE, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "The body must be application/json"),
    VALIDATION_FAILED("validation-failed", HttpStatus.UNPROCESSABLE_ENTITY, "The request is not valid"),
    INVALID_DOMAIN_NAME("invalid-domain-name", HttpStatus.UNPROCESSABLE_ENTITY, "Not a domain name this API takes"),
    RESERVED_DOMAIN_NAME("reserved-domain-name", HttpStatus.UNPROCESSABLE_ENTITY,
            "This name is reserved and cannot be added"),
    INVALID_PUSH_DOMAIN("invalid-push-domain", HttpStatus.UNPROCESSABLE_ENTITY,
            "A pull domain must name a push domain of the same tenant"),
    NOT_A_PUSH_DOMAIN("not-a-push-domain", HttpStatus.UNPROCESSABLE_ENTITY,
            "Streams, forbids and webhooks belong to push domains"),
    INVALID_JWK("invalid-jwk", HttpStatus.UNPROCESSABLE_ENTITY, "Not a public ES256 key with a kid"),
    JWT_KEYS_REQUIRED("jwt-keys-required", HttpStatus.UNPROCESSABLE_ENTITY,
            "The JWT scheme needs a registered public key"),
    RECORDING_UNAVAILABLE("recording-unavailable", HttpStatus.UNPROCESSABLE_ENTITY,
            "This deployment has no recording storage"),
    NO_MANUAL_RULE("no-manual-rule", HttpStatus.UNPROCESSABLE_ENTITY,
            "No recording rule with policy manual covers this stream"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_ENTITY,
            "This Idempotency-Key was used for a different request"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many attempts"),
    DNS_UNAVAILABLE("dns-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "DNS did not answer"),
    PLATFORM_DNS_UNAVAILABLE("platform-dns-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "The platform DNS zone could not be changed"),
    SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "The service is unavailable"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side");

    private static final String BASE = "https://liveplane.dev/problems/";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return BASE + slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The generic kind for a status Micronaut itself answered with (no route, wrong method, bad JSON...). */
    static ProblemType forStatus(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> MALFORMED_REQUEST;
            case UNAUTHORIZED -> UNAUTHORIZED;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case METHOD_NOT_ALLOWED -> METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> NOT_ACCEPTABLE;
            case CONFLICT -> CONFLICT;
            case REQUEST_ENTITY_TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> UNSUPPORTED_MEDIA_TYPE;
            case UNPROCESSABLE_ENTITY -> VALIDATION_FAILED;
            case TOO_MANY_REQUESTS -> RATE_LIMITED;
            case SERVICE_UNAVAILABLE -> SERVICE_UNAVAILABLE;
            default -> status.getCode() < 500 ? MALFORMED_REQUEST : INTERNAL_ERROR;
        };
    }
}
