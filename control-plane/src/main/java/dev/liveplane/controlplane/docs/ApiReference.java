package dev.liveplane.controlplane.docs;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of the API reference, read from the jar once, answered with its content type, a strong {@code ETag} and
 * a short public cache lifetime (a deploy shows within minutes; a revalidation costs a 304).
 */
record ApiReference(byte[] bytes, String contentType, String etag) {

    private static final String CACHE_CONTROL = "public, max-age=300";

    static ApiReference load(String resource, String contentType) {
        try (InputStream in = ApiReference.class.getResourceAsStream(resource)) {
            if (in == null) {
                // The build puts both files beside this class (control-plane/pom.xml); a jar without them is broken.
                throw new IllegalStateException("the API reference " + resource + " is missing from the jar");
            }
            byte[] bytes = in.readAllBytes();
            return new ApiReference(bytes, contentType, '"' + sha256(bytes) + '"');
        } catch (IOException e) {
            throw new UncheckedIOException("read the API reference " + resource, e);
        }
    }

    MutableHttpResponse<byte[]> answer(HttpRequest<?> request) {
        boolean unchanged = request.getHeaders().get(HttpHeaders.IF_NONE_MATCH, String.class)
                .map(etag::equals).orElse(false);
        MutableHttpResponse<byte[]> response = unchanged ? HttpResponse.status(HttpStatus.NOT_MODIFIED)
                : HttpResponse.ok(bytes).contentType(contentType);
        return response.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL)
                .header("X-Content-Type-Options", "nosniff");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
