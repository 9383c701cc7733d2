package dev.liveplane.controlplane;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Makes object ids that sort by creation time: 10 characters of millisecond timestamp then 16 random ones, in
 * lower-case Crockford base32 (the ULID layout). Keyset pagination by id therefore lists oldest first, and the ids
 * hold no underscore, which API-key credentials use as their separator.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;

    private Ids() {
    }

    public static String next() {
        return next(Instant.now());
    }

    static String next(Instant now) {
        char[] id = new char[TIME_CHARS + RANDOM_CHARS];
        long time = now.toEpochMilli();
        for (int i = TIME_CHARS - 1; i >= 0; i--) {
            id[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        for (int i = TIME_CHARS; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
