package dev.liveplane.api.signing;

/** How a domain's URLs are signed (DESIGN.md, "Signing"). */
public enum SigningScheme {
    /** Alibaba Cloud type A: {@code auth_key={ts}-{rand}-{uid}-{md5hex(uri-ts-rand-uid-key)}}. */
    A,
    /** Tencent Cloud: {@code txSecret=md5hex(key + streamName + txTime)&txTime={hex expiry}}. */
    TX,
    /** The {@code A} shape with {@code hex(HMAC-SHA256(key, uri-ts-rand-uid))} in place of the MD5. */
    HMAC,
    /** An ES256 token in {@code ?token=}, signed offline with a private key the platform never holds. */
    JWT
}
