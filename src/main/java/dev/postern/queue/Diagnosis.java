package dev.postern.queue;

import dev.postern.smtp.Reply;
import dev.postern.smtp.Status;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Why a recipient is not delivered yet: the reply and the server that gave it. Kept in the status
 * file as one line of text ({@code [remote said: ]code [x.y.z ]text}), the form Postfix logs, and
 * read back when a bounce or delay notice is written after a restart.
 */
public record Diagnosis(Reply reply, Optional<String> remoteMta) {

    private static final String SAID = " said: ";
    private static final Pattern FORM = Pattern.compile("^(?:(\\S+) said: )?([2-5]\\d\\d) (?:([2-5])\\.(\\d{1,3})\\.(\\d{1,3}) )?(.*)$",
            Pattern.DOTALL);

    public static Diagnosis of(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Delivered d -> new Diagnosis(Reply.of(250, Status.OTHER, "delivered"), Optional.empty());
            case Outcome.Deferred d -> new Diagnosis(d.reason(), d.remoteMta());
            case Outcome.Failed f -> new Diagnosis(f.reason(), f.remoteMta());
        };
    }

    public String encode() {
        String reply = (this.reply.code() + " " + this.reply.enhancedCode()).strip() + " " + this.reply.text();
        return remoteMta.map(r -> r + SAID + reply).orElse(reply);
    }

    /** Reads {@link #encode()}'s form back; text in another form becomes a 451 with that text. */
    public static Diagnosis decode(String text) {
        var m = FORM.matcher(text);
        if (!m.matches()) {
            return new Diagnosis(Reply.of(451, Status.OTHER, text.isEmpty() ? "unknown" : text), Optional.empty());
        }
        int code = Integer.parseInt(m.group(2));
        Status status = m.group(3) != null && Integer.parseInt(m.group(3)) == code / 100
                ? new Status(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5))) : Status.NONE;
        String rest = m.group(6).isEmpty() ? "(no text)" : m.group(6);
        return new Diagnosis(new Reply(code, status, List.of(rest)), Optional.ofNullable(m.group(1)));
    }

    /** The same diagnosis with more words after the reply text (e.g. why we gave up). */
    Diagnosis withNote(String note) {
        var lines = new java.util.ArrayList<>(reply.lines());
        int last = lines.size() - 1;
        lines.set(last, lines.get(last) + " " + note);
        return new Diagnosis(new Reply(reply.code(), reply.status(), lines), remoteMta);
    }
}
