package dev.postern.check;

import java.util.List;

/**
 * A group of records every hosted domain should publish. {@code postern check} asks each source
 * in turn; adding a kind of record (DKIM keys, MTA-STS) is adding a source.
 */
public interface RecordSource {
    List<ExpectedRecord> expected(String domain);
}
