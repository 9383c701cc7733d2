package dev.liveplane.controlplane.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A packaged jar run with {@code java -jar} the way an operator runs it, its output kept in a log file. */
final class JavaProcess implements AutoCloseable {

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path directory;
    private final Path log;
    private Process process;

    JavaProcess(String name, Path jar, List<String> arguments, Map<String, String> environment, Path directory)
            throws IOException {
        this.name = name;
        this.command = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                jar.toString()));
        this.command.addAll(arguments);
        this.environment = Map.copyOf(environment);
        this.directory = directory;
        this.log = directory.resolve(name + ".log");
        Files.createDirectories(directory);
    }

    JavaProcess start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        return this;
    }

    /** Waits until {@code ready} holds, failing with the log when the process dies or the time runs out. */
    void awaitReady(BooleanSupplier ready, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; its log:\n" + log());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " was not ready within " + within + "; its log:\n" + log());
    }

    /** SIGTERM, then SIGKILL after 10 s. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is said to anyone. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    String log() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A module's packaged jar; {@code mvn verify} builds every module's jar before this module's tests. */
    static Path jar(String module, String file) {
        Path jar = Path.of("..", module, "target", file).toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new AssertionError(jar + " is missing: run through ./mvnw verify, which packages it first");
        }
        return jar;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
