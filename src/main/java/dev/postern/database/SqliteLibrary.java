package dev.postern.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.OSInfo;

/**
 * SQLite's native library, kept in {@code <data_dir>/lib/sqlite-<version>/} instead of extracted into {@code /tmp}
 * by every process (sqlite-jdbc's default: some 70 ms of each start and each CLI command, and a
 * 1 MB file left in {@code /tmp} by every process that is killed). Installed once per sqlite-jdbc
 * version, written to a temporary name and renamed, in a directory only Postern's user may write.
 * Anything unusual (a platform the jar has no library for, a directory that cannot be written, a
 * library that will not load from there) leaves sqlite-jdbc to its own way.
 */
final class SqliteLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteLibrary.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";

    private SqliteLibrary() {
    }

    /**
     * Points sqlite-jdbc at the library in {@code lib/sqlite-<version>/}, installing it there first
     * if needed. The file keeps sqlite-jdbc's own name, so that if it will not load, sqlite-jdbc's
     * next way (extracting its copy) still finds that name in the jar. Does nothing when the JVM
     * was told where the library is ({@code -Dorg.sqlite.lib.path}). Takes effect if called before
     * this JVM's first SQLite connection.
     */
    static synchronized void useFrom(Path lib) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        Path directory = lib.resolve("sqlite-" + SQLiteJDBCLoader.getVersion());
        try {
            Path library = install(resource(), directory, System.mapLibraryName("sqlitejdbc"));
            if (library != null) {
                System.setProperty(PATH_PROPERTY, directory.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("SQLite library not installed in {} ({}); sqlite-jdbc extracts its own", directory, e.toString());
        }
    }

    /** Where sqlite-jdbc's jar keeps the library for this platform. */
    static String resource() {
        return "/org/sqlite/native/" + OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
                + System.mapLibraryName("sqlitejdbc");
    }

    /** The installed library, or null when the jar holds none for this platform. */
    static Path install(String resource, Path directory, String name) throws IOException {
        Path library = directory.resolve(name);
        if (Files.isRegularFile(library)) {
            return library;
        }
        try (InputStream in = SqliteLibrary.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            createPrivateDirectory(directory);
            Path temporary = Files.createTempFile(directory, name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                try (OutputStream out = Files.newOutputStream(temporary)) { // keeps the file's mode
                    in.transferTo(out);
                }
                move(temporary, library);
            } finally {
                Files.deleteIfExists(temporary);
            }
        }
        return library;
    }

    /** The directory and its parent, each 0700 when this makes it. */
    private static void createPrivateDirectory(Path directory) throws IOException {
        for (Path each : new Path[] {directory.getParent(), directory}) {
            try {
                Files.createDirectory(each,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException exists) {
                // made earlier, or by another process starting at the same moment
            }
        }
    }

    /** Atomic: a reader sees no library or a whole one, never a half-written file. */
    private static void move(Path temporary, Path library) throws IOException {
        try {
            Files.move(temporary, library, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename within " + library.getParent(), e);
        }
    }
}
