package dev.liveplane.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Turns the tarballs the build made into services installed under a root directory, as bin/install does on a host. */
final class Tarballs {

    static final String VERSION = System.getProperty("liveplane.version", "0.1.0-SNAPSHOT");
    private static final Path TARGET = Path.of(System.getProperty("liveplane.tarballs", "target"));

    private static Path root;

    private Tarballs() {
    }

    /**
     * A root directory with both services installed by their bin/install, made afresh once per test run and shared by
     * the tests: {@code target/it-root}, which keeps the services' logs and state for a look after a failure.
     */
    static synchronized Path installedRoot() {
        if (root == null) {
            Path fresh = TARGET.resolve("it-root").toAbsolutePath();
            run(TARGET, "rm", "-rf", fresh.toString());
            try {
                Files.createDirectories(fresh.resolve("root"));
                root = fresh.resolve("root").toRealPath();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            install("control-plane", fresh);
            install("media-node", fresh);
        }
        return root;
    }

    /** The tarball of {@code service} ({@code control-plane} or {@code media-node}). */
    private static Path tarball(String service) {
        return TARGET.resolve("liveplane-" + service + "-" + VERSION + "-linux-x64.tar.gz");
    }

    /** Unpacks the service's tarball in {@code directory} and runs its bin/install with {@code --root} the root. */
    private static void install(String service, Path directory) {
        run(directory, "tar", "-xzf", tarball(service).toAbsolutePath().toString());
        Path unpacked = directory.resolve("liveplane-" + service + "-" + VERSION);
        run(directory, unpacked.resolve("bin/install").toString(), "--root", root.toString());
    }

    /**
     * The settings of a systemd EnvironmentFile, as systemd reads the subset the templates use: KEY=VALUE lines,
     * comments and blank lines skipped, one pair of double quotes around a value removed.
     */
    static Map<String, String> environmentFile(Path file) {
        Map<String, String> settings = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int equals = trimmed.indexOf('=');
                if (equals < 1) {
                    throw new IllegalStateException(file + ": not KEY=VALUE: " + line);
                }
                String value = trimmed.substring(equals + 1);
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                settings.put(trimmed.substring(0, equals), value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return settings;
    }

    /** Runs a command to its end in {@code directory}, failing with its output unless it exits 0. */
    static void run(Path directory, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", List.of(command)) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
