package dev.postern.smtp.server;

import dev.postern.smtp.MailParameters;
import dev.postern.smtp.Recipient;
import dev.postern.smtp.Reply;
import dev.postern.smtp.ReversePath;
import java.util.Optional;

/** One parsed command line (RFC 5321 §4.1.1 and the extensions Postern offers). */
sealed interface SmtpCommand {

    /** The verb for logs. */
    String verb();

    record Ehlo(String domain) implements SmtpCommand {
        public String verb() {
            return "EHLO";
        }
    }

    record Helo(String domain) implements SmtpCommand {
        public String verb() {
            return "HELO";
        }
    }

    record Mail(ReversePath from, MailParameters parameters) implements SmtpCommand {
        public String verb() {
            return "MAIL";
        }
    }

    /** {@code ascii} is false when the forward path needs SMTPUTF8 (RFC 6531 §3.4). */
    record Rcpt(Recipient to, boolean ascii) implements SmtpCommand {
        public String verb() {
            return "RCPT";
        }
    }

    record Data() implements SmtpCommand {
        public String verb() {
            return "DATA";
        }
    }

    /** RFC 3030 §2: {@code BDAT size [LAST]}. */
    record Bdat(long size, boolean last) implements SmtpCommand {
        public String verb() {
            return "BDAT";
        }
    }

    record Rset() implements SmtpCommand {
        public String verb() {
            return "RSET";
        }
    }

    record Noop() implements SmtpCommand {
        public String verb() {
            return "NOOP";
        }
    }

    record Quit() implements SmtpCommand {
        public String verb() {
            return "QUIT";
        }
    }

    record Vrfy(String argument) implements SmtpCommand {
        public String verb() {
            return "VRFY";
        }
    }

    record Help(String topic) implements SmtpCommand {
        public String verb() {
            return "HELP";
        }
    }

    record StartTls() implements SmtpCommand {
        public String verb() {
            return "STARTTLS";
        }
    }

    /** RFC 4954 §4: {@code AUTH mechanism [initial-response]}. */
    record Auth(String mechanism, Optional<String> initialResponse) implements SmtpCommand {
        public String verb() {
            return "AUTH";
        }
    }

    /** A line that is no valid command; {@code reply} says why. */
    record Invalid(String verb, Reply reply) implements SmtpCommand {}
}
