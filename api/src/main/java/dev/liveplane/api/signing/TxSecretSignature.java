package dev.liveplane.api.signing;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The Tencent Cloud compatible {@code txSecret=md5hex(key + streamName + txTime)&txTime={hex expiry}} signature.
 * {@code txTime} is hashed exactly as written (Tencent's own URLs use upper-case hex).
 */
final class TxSecretSignature {

    static final String SECRET = "txSecret";
    static final String TIME = "txTime";
    static final TxSecretSignature INSTANCE = new TxSecretSignature();

    private static final Pattern TX_TIME = Pattern.compile("[0-9A-Fa-f]{1,12}");

    private TxSecretSignature() {
    }

    String sign(String key, String stream, long expiresAt) {
        String txTime = Long.toHexString(expiresAt).toUpperCase(Locale.ROOT);
        return SECRET + "=" + Digests.HEX.formatHex(Digests.md5(key + stream + txTime)) + "&" + TIME + "=" + txTime;
    }

    Verdict verify(SigningPolicy policy, String stream, String txSecret, String txTime, long now, long skew) {
        if (txSecret == null || txTime == null) {
            return Verdict.refused(Refusal.MISSING, "needs both " + SECRET + " and " + TIME);
        }
        if (!TX_TIME.matcher(txTime).matches()) {
            return Verdict.refused(Refusal.MALFORMED, TIME + " is not a hex Unix time");
        }
        byte[] presented = Digests.parseHex(txSecret, 32);
        if (presented == null) {
            return Verdict.refused(Refusal.MALFORMED, SECRET + " is not 32 hex digits");
        }
        boolean matches = false;
        for (String key : policy.sharedKeys()) {
            matches |= Digests.equal(Digests.md5(key + stream + txTime), presented);
        }
        if (!matches) {
            return Verdict.refused(Refusal.BAD_SIGNATURE, "signature does not match stream " + stream
                    + " under the domain's keys");
        }
        long expiresAt = Long.parseLong(txTime, 16);
        if (now > expiresAt + skew) {
            return Verdict.refused(Refusal.EXPIRED, "expired at " + expiresAt + ", now " + now);
        }
        if (expiresAt > now + policy.validity().toSeconds() + skew) {
            return Verdict.refused(Refusal.NOT_YET_VALID, "expiry " + expiresAt
                    + " is further ahead than the domain's validity period");
        }
        return Verdict.allowed();
    }
}
