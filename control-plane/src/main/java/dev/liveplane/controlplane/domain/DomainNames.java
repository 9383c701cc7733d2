package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks that a tenant's domain is a real host name (RFC 1123 labels, at most 253 characters, at least two labels,
 * not an IP address) outside the platform zone, and answers it lower-cased without a trailing dot.
 */
public final class DomainNames {

    static final int MAX_LENGTH = 253;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");

    private DomainNames() {
    }

    /** The stored form of a name as a client typed it in a path: names are kept lower case. */
    public static String lookupName(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** The normalized name, or 422 {@code invalid-domain-name} on {@code field} saying what is wrong. */
    static String normalize(String raw, String field, String platformZone) {
        String name = raw.strip().toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String problem = problem(name, platformZone);
        if (problem != null) {
            throw ProblemException.invalidField(ProblemType.INVALID_DOMAIN_NAME, field, problem);
        }
        return name;
    }

    private static String problem(String name, String platformZone) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "is longer than 253 characters";
        }
        if (!name.chars().allMatch(c -> c < 128)) {
            return "holds non-ASCII characters; write an internationalized name in its xn-- (punycode) form";
        }
        String[] labels = name.split("\\.", -1);
        if (labels.length < 2) {
            return "needs at least two labels, e.g. live.example.com";
        }
        for (String label : labels) {
            if (label.isEmpty()) {
                return "has an empty label (two dots in a row)";
            }
            if (label.length() > 63) {
                return "has a label longer than 63 characters";
            }
            if (!LABEL.matcher(label).matches()) {
                return "has the label '" + label + "'; labels hold letters, digits and inner hyphens only";
            }
        }
        if (ALL_DIGITS.matcher(labels[labels.length - 1]).matches()) {
            return "is an IP address or ends in a numeric label; use a host name";
        }
        if (name.equals(platformZone) || name.endsWith("." + platformZone)) {
            return "is inside the platform zone " + platformZone + "; use a domain of your own";
        }
        return null;
    }
}
