package dev.liveplane.controlplane.console;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's built files, read from the class path ({@code META-INF/liveplane-console/}, which the console-ui
 * module's jar carries) the first time each is asked for, then kept: the bundle is a fixed, small set of files.
 */
@Singleton
final class ConsoleAssets {

    private static final String ROOT = "META-INF/liveplane-console/";
    // Names a Vite build writes: no dot files, no "..", nothing a request could bend into another directory.
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("json", "application/json"),
            Map.entry("txt", "text/plain;charset=utf-8"),
            Map.entry("woff2", "font/woff2"));

    /** One file with its content type and a strong ETag. */
    record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    /** The built file at {@code path} (relative, e.g. {@code assets/index-3f2a.js}), if the bundle has it. */
    Optional<Asset> find(String path) {
        if (!FILE.matcher(path).matches() || path.contains("..")) {
            return Optional.empty();
        }
        Asset cached = loaded.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        // Misses are not remembered: any path may be asked for, and only the bundle's files may fill the map.
        Optional<Asset> asset = read(path);
        asset.ifPresent(a -> loaded.put(path, a));
        return asset;
    }

    private static Optional<Asset> read(String path) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, contentType(path), '"' + sha256(bytes) + '"'));
        } catch (IOException e) {
            throw new UncheckedIOException("read the console's " + path, e);
        }
    }

    private static String contentType(String path) {
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, "application/octet-stream");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
