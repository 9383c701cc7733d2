package dev.liveplane.controlplane.recording;

import dev.liveplane.controlplane.web.ProblemException;
import dev.liveplane.controlplane.web.ProblemType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an object key template before nodes expand it: it names only known placeholders, names {@code {start}} or
 * {@code {seq}} (else a stream's files overwrite each other), puts {@code {end}} only in the last path segment (a
 * file's directory must be known when it starts), and starts with {@code {domain}/} so that a tenant's files lie under
 * its own domains' prefixes: no template can write over, or point an index entry at, another tenant's objects.
 */
final class KeyTemplates {

    static final List<String> PLACEHOLDERS = List.of("{domain}", "{app}", "{stream}", "{start}", "{end}", "{seq}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^{}]*}");
    // Literal text: characters S3 keys, URLs and file systems all take as they are.
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9/_.~=+-]*");
    private static final String FIELD = "keyTemplate";

    private KeyTemplates() {
    }

    static void check(String template) {
        Matcher placeholders = PLACEHOLDER.matcher(template);
        StringBuilder literal = new StringBuilder();
        int last = 0;
        while (placeholders.find()) {
            if (!PLACEHOLDERS.contains(placeholders.group())) {
                throw refused("names " + placeholders.group() + ", which is none of " + String.join(" ",
                        PLACEHOLDERS));
            }
            literal.append(template, last, placeholders.start()).append('x');
            last = placeholders.end();
        }
        literal.append(template.substring(last));
        if (!LITERAL.matcher(literal).matches()) {
            throw refused("may hold only placeholders, letters, digits, '/' and _ . ~ = + - (no braces left open)");
        }
        if (!template.startsWith("{domain}/")) {
            throw refused("must start with {domain}/, so that files lie under the domain's own prefix");
        }
        if (!template.contains("{start}") && !template.contains("{seq}")) {
            throw refused("must name {start} or {seq}, or every file of a stream gets the same key");
        }
        int lastSlash = template.lastIndexOf('/');
        if (template.indexOf("{end}") >= 0 && template.indexOf("{end}") < lastSlash) {
            throw refused("may name {end} only after the last '/'");
        }
        for (String segment : template.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw refused("must not hold empty, '.' or '..' path segments or end with '/'");
            }
        }
    }

    private static ProblemException refused(String why) {
        return ProblemException.invalidField(ProblemType.VALIDATION_FAILED, FIELD, why);
    }
}
