package dev.postern.smtp;

/**
 * Every {@link DataReaderTest} again with a source that shows octets ahead ({@code peek}), as a
 * socket connection's buffer does: the reader scans them whole yet must consume exactly up to the
 * terminator, and store the same octets.
 */
class DataReaderPeekingTest extends DataReaderTest {

    @Override
    Bytes source(String text) {
        return new Bytes(text, true);
    }
}
