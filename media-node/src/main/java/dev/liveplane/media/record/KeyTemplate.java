package dev.liveplane.media.record;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a rule's object key template ({@code {domain}/{app}/{stream}/{start}_{seq}}) into one file's key, without
 * its extension. Times are UTC in ISO 8601's basic form ({@code 20261203T101542Z}), which sorts as it reads and holds
 * no character S3 keys make awkward.
 */
public record KeyTemplate(String template) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(domain|app|stream|start|end|seq)}");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** The spec's default. */
    public static final KeyTemplate DEFAULT = new KeyTemplate("{domain}/{app}/{stream}/{start}_{seq}");

    public KeyTemplate {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("key template is empty");
        }
    }

    /** Whether the template names {@code {end}}, which is known only once the file is finished. */
    public boolean needsEnd() {
        return template.contains("{end}");
    }

    /**
     * The key for one file.
     *
     * @param end the file's end, or null while it is not known: {@code {end}} then expands to nothing (the names of an
     *        HLS cycle's segments, written before the cycle ends)
     */
    public String expand(String domain, String app, String stream, Instant start, Instant end, int seq) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 64);
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "domain" -> domain;
                case "app" -> app;
                case "stream" -> stream;
                case "start" -> TIME.format(start);
                case "end" -> end == null ? "" : TIME.format(end);
                default -> Integer.toString(seq);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** UTC basic ISO 8601, as {@code {start}} expands. */
    public static String time(Instant instant) {
        return TIME.format(instant);
    }
}
