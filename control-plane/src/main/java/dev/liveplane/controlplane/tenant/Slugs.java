package dev.liveplane.controlplane.tenant;

import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Turns a tenant's name into a DNS label ({@code "Acme Café, Inc."} becomes {@code acme-cafe-inc}): the slug in
 * each CNAME target, so it stays short and uses only lower-case letters, digits and inner hyphens.
 */
final class Slugs {

    private static final int MAX_BASE = 30;
    private static final char[] SUFFIX_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Slugs() {
    }

    static String of(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_BASE) {
            slug = slug.substring(0, MAX_BASE).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "tenant" : slug;
    }

    /** {@code slug} with a random suffix, for when another tenant already has it. */
    static String withSuffix(String slug) {
        StringBuilder suffixed = new StringBuilder(slug).append('-');
        for (int i = 0; i < 5; i++) {
            suffixed.append(SUFFIX_ALPHABET[RANDOM.nextInt(SUFFIX_ALPHABET.length)]);
        }
        return suffixed.toString();
    }
}
