package dev.liveplane.controlplane.domain;

import dev.liveplane.controlplane.IpLiterals;
import dev.liveplane.controlplane.web.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates and normalizes a domain's referer patterns (host names, {@code *.example.com} wildcards) and IP
 * blocks (IPv4 or IPv6 addresses or CIDR blocks), collecting every bad entry before refusing.
 */
final class AccessLists {

    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Map<String, String> errors = new LinkedHashMap<>();

    List<String> referers(String field, List<String> patterns) {
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            String pattern = patterns.get(i).strip().toLowerCase(Locale.ROOT);
            if (isRefererPattern(pattern)) {
                normalized.add(pattern);
            } else {
                errors.put(field + "[" + i + "]",
                        "not a host name or *.wildcard pattern: " + printable(patterns.get(i)));
            }
        }
        return distinct(normalized);
    }

    List<String> cidrs(String field, List<String> blocks) {
        List<String> normalized = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String block = blocks.get(i).strip().toLowerCase(Locale.ROOT);
            if (isCidr(block)) {
                normalized.add(block);
            } else {
                errors.put(field + "[" + i + "]",
                        "not an IPv4/IPv6 address or CIDR block: " + printable(blocks.get(i)));
            }
        }
        return distinct(normalized);
    }

    /** Refuses (422) if any entry was bad. */
    void check() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors.size() + " list entries are invalid", errors);
        }
    }

    private static boolean isRefererPattern(String pattern) {
        String host = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (host.isEmpty() || host.length() > DomainNames.MAX_LENGTH) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!HOST_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCidr(String block) {
        int slash = block.indexOf('/');
        String address = slash < 0 ? block : block.substring(0, slash);
        int maxPrefix;
        if (IpLiterals.isIpv4(address)) {
            maxPrefix = 32;
        } else if (IpLiterals.isIpv6(address)) {
            maxPrefix = 128;
        } else {
            return false;
        }
        if (slash < 0) {
            return true;
        }
        String prefix = block.substring(slash + 1);
        return prefix.matches("\\d{1,3}") && Integer.parseInt(prefix) <= maxPrefix;
    }

    private static List<String> distinct(List<String> entries) {
        return List.copyOf(new LinkedHashSet<>(entries));
    }

    /** The entry as a client can read it back in a message: control characters shown as '?'. */
    private static String printable(String entry) {
        String shown = entry.length() > 64 ? entry.substring(0, 64) + "..." : entry;
        return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
