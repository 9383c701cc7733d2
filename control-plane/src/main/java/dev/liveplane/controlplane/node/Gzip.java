package dev.liveplane.controlplane.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Compresses a body once for every node that accepts gzip (the JSON of a snapshot shrinks about five times). */
final class Gzip {

    private Gzip() {
    }

    static byte[] of(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot gzip a config body", e);
        }
        return out.toByteArray();
    }

    /** Whether an {@code Accept-Encoding} header accepts gzip (and does not refuse it with {@code q=0}). */
    static boolean accepted(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] coding = part.strip().split(";");
            String name = coding[0].strip().toLowerCase(java.util.Locale.ROOT);
            if (name.equals("gzip") || name.equals("x-gzip") || name.equals("*")) {
                return coding.length < 2 || !coding[1].replace(" ", "").matches("q=0(\\.0{0,3})?");
            }
        }
        return false;
    }
}
