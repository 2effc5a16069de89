package dev.postern.mailbox;

/**
 * One message in a Maildir: its folder ({@code new} or {@code cur}), its file name, and its size
 * in octets (from {@code S=} when the name carries it). For POP3's STAT/LIST/RETR later.
 */
public record MaildirMessage(String folder, String name, long size) {

    /** The part of the name that stays the same when flags change (before {@code :2,}). */
    public String uniqueName() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }
}
