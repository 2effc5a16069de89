package dev.postern.queue;

import java.util.regex.Pattern;

/**
 * A queue ID: the arrival time in milliseconds (10 base32 digits) and a counter (3 digits), so IDs
 * sort by arrival, are unique within a process, and are safe as file names.
 */
public record QueueId(String value) implements Comparable<QueueId> {

    private static final String DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32
    private static final Pattern SYNTAX = Pattern.compile("[0-9A-HJKMNP-TV-Z]{13}");
    static final int COUNTER_LIMIT = 1 << 15;

    public QueueId {
        if (value == null || !SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("not a queue ID: " + value);
        }
    }

    static boolean valid(String name) {
        return SYNTAX.matcher(name).matches();
    }

    static QueueId of(long millis, int counter) {
        var out = new char[13];
        for (int i = 9; i >= 0; i--) {
            out[i] = DIGITS.charAt((int) (millis & 31));
            millis >>>= 5;
        }
        for (int i = 12; i >= 10; i--) {
            out[i] = DIGITS.charAt(counter & 31);
            counter >>>= 5;
        }
        return new QueueId(new String(out));
    }

    @Override
    public int compareTo(QueueId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
