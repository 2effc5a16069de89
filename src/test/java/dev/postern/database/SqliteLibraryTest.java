package dev.postern.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLibraryTest {

    private static final String RESOURCE = SqliteLibrary.resource();

    @TempDir
    Path dir;

    @Test
    void theLibraryIsInstalledOnceWholeAndPrivate() throws IOException {
        Path lib = dir.resolve("lib");

        Path installed = SqliteLibrary.install(RESOURCE, lib, "libsqlitejdbc-test.so");

        assertThat(installed).isEqualTo(lib.resolve("libsqlitejdbc-test.so"));
        try (var in = SqliteLibrary.class.getResourceAsStream(RESOURCE)) {
            assertThat(Files.readAllBytes(installed)).isEqualTo(in.readAllBytes());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lib))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(installed))).isEqualTo("rwx------");
        assertThat(listing(lib)).containsExactly("libsqlitejdbc-test.so"); // no temporary left

        Object inode = Files.readAttributes(installed, "unix:ino").get("ino");
        assertThat(SqliteLibrary.install(RESOURCE, lib, "libsqlitejdbc-test.so")).isEqualTo(installed);
        assertThat(Files.readAttributes(installed, "unix:ino").get("ino")).as("kept, not written again").isEqualTo(inode);
    }

    @Test
    void aPlatformTheJarHasNoLibraryForIsLeftToSqliteJdbc() throws IOException {
        assertThat(SqliteLibrary.install("/org/sqlite/native/Nowhere/none/libsqlitejdbc.so", dir.resolve("lib"),
                "libsqlitejdbc-test.so")).isNull();
        assertThat(dir.resolve("lib")).doesNotExist();
    }

    /** A fresh JVM, as every `postern` command is: SQLite loads from the data directory, nothing lands in /tmp. */
    @Test
    void aProcessOpeningTheDatabaseLeavesNoLibraryInItsTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path data = dir.resolve("data");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String code = "dev.postern.database.Database.open(\"jdbc:sqlite:" + data.resolve("postern.db")
                + "\", 1).dataSource().getConnection().close();";
        Path main = Files.writeString(dir.resolve("OpenDatabase.java"),
                "class OpenDatabase { public static void main(String[] a) throws Exception { " + code + " System.exit(0); } }");
        Process process = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                main.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertThat(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("out.txt"))).isZero();

        assertThat(listing(data.resolve("lib"))).singleElement().asString().matches("libsqlitejdbc-[0-9.]+\\.so");
        assertThat(listing(tmp)).as("sqlite-jdbc extracted nothing").noneMatch(name -> name.startsWith("sqlite-"));
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
