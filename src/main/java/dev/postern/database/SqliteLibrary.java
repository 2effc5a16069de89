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
 * SQLite's native library, kept in {@code <data_dir>/lib/} instead of extracted into {@code /tmp}
 * by every process (sqlite-jdbc's default: some 70 ms of each start and each CLI command, and a
 * 1 MB file left in {@code /tmp} by every process that is killed). Installed once per sqlite-jdbc
 * version, written to a temporary name and renamed, in a directory only Postern's user may write.
 * Anything unusual (a platform the jar has no library for, a directory that cannot be written, a
 * library that will not load from there) leaves sqlite-jdbc to its own way.
 */
final class SqliteLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteLibrary.class);
    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteLibrary() {
    }

    /**
     * Points sqlite-jdbc at the library in {@code directory}, installing it there first if needed.
     * Does nothing when the JVM was told where the library is ({@code -Dorg.sqlite.lib.path}).
     * Takes effect if called before this JVM's first SQLite connection.
     */
    static synchronized void useFrom(Path directory) {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        String name = System.mapLibraryName("sqlitejdbc-" + SQLiteJDBCLoader.getVersion());
        try {
            Path library = install(resource(), directory, name);
            if (library != null) {
                System.setProperty(PATH_PROPERTY, library.getParent().toString());
                System.setProperty(NAME_PROPERTY, library.getFileName().toString());
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

    private static void createPrivateDirectory(Path directory) throws IOException {
        try {
            Files.createDirectory(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException exists) {
            // made earlier, or by another process starting at the same moment
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
