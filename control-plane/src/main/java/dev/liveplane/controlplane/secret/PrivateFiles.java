package dev.liveplane.controlplane.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes a directory of the local stack (the embedded database, the generated secrets) its owner's only: the
 * directory 0700 and its files 0600, since they hold keys and tenants' data. A no-op where POSIX modes do not exist.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /** Creates {@code directory} (and its parents) 0700, or makes an existing one 0700; its files become 0600. */
    public static void directory(Path directory) {
        try {
            if (!posix(directory)) {
                Files.createDirectories(directory);
                return;
            }
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory.toAbsolutePath().getParent());
                try {
                    Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } catch (FileAlreadyExistsException raced) {
                    // Another process made it; its mode is set below.
                }
            }
            Files.setPosixFilePermissions(directory, DIRECTORY);
            files(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + directory + " private (0700)", e);
        }
    }

    /** Makes the regular files directly in {@code directory} 0600: those a library created with the umask's mode. */
    public static void files(Path directory) {
        if (!posix(directory) || !Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.filter(Files::isRegularFile).toList()) {
                Files.setPosixFilePermissions(file, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the files of " + directory + " private (0600)", e);
        }
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
