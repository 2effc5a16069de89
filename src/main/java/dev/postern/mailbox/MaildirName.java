package dev.postern.mailbox;

import java.util.OptionalLong;

/**
 * A Maildir file name taken apart: the base (what Dovecot's uidlist keys on), the info after
 * {@code :2,} (the flags), and the sizes the delivering agent put in the name ({@code S=} the file
 * size, {@code W=} the size with CRLF line endings, which is what POP3 reports).
 */
record MaildirName(String fileName, String base, String flags, OptionalLong fileSize, OptionalLong wireSize) {

    static MaildirName parse(String fileName) {
        int colon = fileName.indexOf(':');
        String base = colon < 0 ? fileName : fileName.substring(0, colon);
        String info = colon < 0 ? "" : fileName.substring(colon + 1);
        String flags = info.startsWith("2,") ? info.substring(2) : "";
        return new MaildirName(fileName, base, flags, field(base, ",S="), field(base, ",W="));
    }

    /** The name in cur/ with the given flags, sorted as Dovecot writes them (ASCII order). */
    String withFlags(String newFlags) {
        return base + ":2," + newFlags.chars().sorted().distinct()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
    }

    String withFlag(char flag) {
        return withFlags(flags + flag);
    }

    boolean hasFlag(char flag) {
        return flags.indexOf(flag) >= 0;
    }

    /** The seconds before the first dot, for Dovecot's sort order of new files; 0 when absent. */
    long seconds() {
        int dot = base.indexOf('.');
        String head = dot < 0 ? base : base.substring(0, dot);
        try {
            return Long.parseLong(head);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static OptionalLong field(String base, String key) {
        int at = base.indexOf(key);
        if (at < 0) {
            return OptionalLong.empty();
        }
        int start = at + key.length();
        int end = start;
        while (end < base.length() && Character.isDigit(base.charAt(end))) {
            end++;
        }
        if (end == start || end - start > 18) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(base.substring(start, end)));
    }
}
