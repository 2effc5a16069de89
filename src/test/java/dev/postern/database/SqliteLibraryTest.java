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
        Path version = lib.resolve("sqlite-test");

        Path installed = SqliteLibrary.install(RESOURCE, version, "libsqlitejdbc.so");

        assertThat(installed).isEqualTo(version.resolve("libsqlitejdbc.so"));
        try (var in = SqliteLibrary.class.getResourceAsStream(RESOURCE)) {
            assertThat(Files.readAllBytes(installed)).isEqualTo(in.readAllBytes());
        }
        for (Path each : List.of(lib, version, installed)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(each))).as(each.toString())
                    .isEqualTo("rwx------");
        }
        assertThat(listing(version)).containsExactly("libsqlitejdbc.so"); // no temporary left

        Object inode = Files.readAttributes(installed, "unix:ino").get("ino");
        assertThat(SqliteLibrary.install(RESOURCE, version, "libsqlitejdbc.so")).isEqualTo(installed);
        assertThat(Files.readAttributes(installed, "unix:ino").get("ino")).as("kept, not written again").isEqualTo(inode);
    }

    @Test
    void aPlatformTheJarHasNoLibraryForIsLeftToSqliteJdbc() throws IOException {
        assertThat(SqliteLibrary.install("/org/sqlite/native/Nowhere/none/libsqlitejdbc.so",
                dir.resolve("lib").resolve("sqlite-test"), "libsqlitejdbc.so")).isNull();
        assertThat(dir.resolve("lib")).doesNotExist();
    }

    /** A fresh JVM, as every `postern` command is: SQLite loads from the data directory, nothing lands in /tmp. */
    @Test
    void aProcessOpeningTheDatabaseLeavesNoLibraryInItsTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path data = dir.resolve("data");

        openDatabaseInAFreshJvm(data, tmp);

        assertThat(listing(data.resolve("lib"))).singleElement().asString().matches("sqlite-[0-9.]+");
        Path installed = data.resolve("lib").resolve(listing(data.resolve("lib")).getFirst());
        assertThat(listing(installed)).containsExactly("libsqlitejdbc.so");
        assertThat(listing(tmp)).as("sqlite-jdbc extracted nothing").noneMatch(name -> name.startsWith("sqlite-"));
    }

    /** A library in lib/ that will not load (damaged by hand, say): sqlite-jdbc extracts its own, SQLite works. */
    @Test
    void aLibraryThatWillNotLoadFallsBackToSqliteJdbcsOwnWay() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path data = dir.resolve("data");
        openDatabaseInAFreshJvm(data, tmp);
        Path installed = data.resolve("lib").resolve(listing(data.resolve("lib")).getFirst()).resolve("libsqlitejdbc.so");
        Files.writeString(installed, "not a shared library");

        openDatabaseInAFreshJvm(data, tmp);

        assertThat(Files.readString(installed)).isEqualTo("not a shared library"); // left as found, not rewritten
    }

    private void openDatabaseInAFreshJvm(Path data, Path tmp) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String code = "try (var c = dev.postern.database.Database.open(\"jdbc:sqlite:" + data.resolve("postern.db")
                + "\", 1).dataSource().getConnection(); var s = c.createStatement()) { s.execute(\"SELECT 1\"); }";
        Path main = Files.writeString(dir.resolve("OpenDatabase.java"),
                "class OpenDatabase { public static void main(String[] a) throws Exception { " + code + " System.exit(0); } }");
        Path out = dir.resolve("out.txt");
        Process process = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-cp", System.getProperty("java.class.path"),
                main.toString()).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(Files.readString(out)).isZero();
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
