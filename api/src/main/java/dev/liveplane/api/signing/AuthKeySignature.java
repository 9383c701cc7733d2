package dev.liveplane.api.signing;

import java.util.regex.Pattern;

/**
 * The {@code auth_key={ts}-{rand}-{uid}-{hash}} signature of the {@code A} scheme (MD5, Alibaba Cloud compatible) and
 * of the {@code HMAC} scheme (HMAC-SHA256 over the same fields, the key kept out of the hashed text).
 */
final class AuthKeySignature {

    static final String PARAMETER = "auth_key";
    static final AuthKeySignature TYPE_A = new AuthKeySignature(false);
    static final AuthKeySignature TYPE_HMAC = new AuthKeySignature(true);

    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    // rand is "0" or a hyphen-free UUID, uid "0" unless set; both bounded, so a huge value is malformed, not hashed.
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9_.]{1,64}");

    private final boolean hmac;

    private AuthKeySignature(boolean hmac) {
        this.hmac = hmac;
    }

    String sign(String key, String uri, long timestamp, String rand, String uid) {
        if (!FIELD.matcher(rand).matches() || !FIELD.matcher(uid).matches()) {
            throw new IllegalArgumentException("rand and uid must be 1-64 letters, digits, '_' or '.' (no '-')");
        }
        return timestamp + "-" + rand + "-" + uid + "-" + Digests.HEX.formatHex(hash(key, uri, timestamp, rand, uid));
    }

    Verdict verify(SigningPolicy policy, String uri, String authKey, long now, long skew) {
        if (authKey == null) {
            return Verdict.refused(Refusal.MISSING, "no " + PARAMETER + " parameter");
        }
        String[] fields = authKey.split("-", -1);
        if (fields.length != 4 || !TIMESTAMP.matcher(fields[0]).matches() || !FIELD.matcher(fields[1]).matches()
                || !FIELD.matcher(fields[2]).matches()) {
            return Verdict.refused(Refusal.MALFORMED, PARAMETER + " is not {ts}-{rand}-{uid}-{hash}");
        }
        byte[] presented = Digests.parseHex(fields[3], hmac ? 64 : 32);
        if (presented == null) {
            return Verdict.refused(Refusal.MALFORMED, PARAMETER + " hash is not " + (hmac ? 64 : 32) + " hex digits");
        }
        long timestamp = Long.parseLong(fields[0]);
        boolean matches = false;
        for (String key : policy.sharedKeys()) {
            matches |= Digests.equal(hash(key, uri, timestamp, fields[1], fields[2]), presented);
        }
        if (!matches) {
            return Verdict.refused(Refusal.BAD_SIGNATURE, "signature does not match uri " + uri
                    + " under the domain's keys");
        }
        long validity = policy.validity().toSeconds();
        if (now > timestamp + validity + skew) {
            return Verdict.refused(Refusal.EXPIRED, "expired at " + (timestamp + validity) + ", now " + now);
        }
        // Alibaba's CDN accepts a timestamp ahead of the clock (its samples sign with now + 1 h); one more validity
        // period is the most an honest generator needs, so anything later is refused as future-dated.
        if (timestamp > now + validity + skew) {
            return Verdict.refused(Refusal.NOT_YET_VALID, "timestamp " + timestamp + " is more than the validity "
                    + "period ahead of now " + now);
        }
        return Verdict.allowed();
    }

    private byte[] hash(String key, String uri, long timestamp, String rand, String uid) {
        String fields = uri + "-" + timestamp + "-" + rand + "-" + uid;
        return hmac ? Digests.hmacSha256(key, fields) : Digests.md5(fields + "-" + key);
    }
}
