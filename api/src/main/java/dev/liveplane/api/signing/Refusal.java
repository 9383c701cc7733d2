package dev.liveplane.api.signing;

/** Why a signed URL was refused. For logs and metrics; clients are only ever told "forbidden". */
public enum Refusal {
    /** No signature parameter at all. */
    MISSING,
    /** The signature parameter does not have the scheme's shape. */
    MALFORMED,
    /** Well formed, but made with neither of the domain's keys, or for another URI or stream. */
    BAD_SIGNATURE,
    EXPIRED,
    /**
     * Dated further in the future than the domain allows (a token's {@code exp} more than the validity period
     * ahead), or a token's {@code nbf} / {@code iat} is ahead.
     */
    NOT_YET_VALID,
    /** A token whose header names anything but ES256 ({@code none}, HS256 keyed with the public key, ...). */
    BAD_ALGORITHM,
    /** A token whose {@code kid} names no key registered on the domain. */
    UNKNOWN_KEY,
    WRONG_DOMAIN,
    WRONG_STREAM,
    WRONG_ACTION,
    /** A token bound to another client address. */
    WRONG_CLIENT
}
