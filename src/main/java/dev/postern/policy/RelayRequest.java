package dev.postern.policy;

import dev.postern.smtp.MailAddress;
import java.net.InetAddress;
import java.util.Optional;

/**
 * The facts the relay decision rests on, gathered by intake: the recipient, whether its domain is
 * hosted here, who the client proved to be (SMTP AUTH), its address, and whether it holds a
 * POP-before-SMTP grant.
 */
public record RelayRequest(MailAddress recipient, boolean hostedDomain, Optional<String> authenticatedUser,
                           InetAddress clientAddress, boolean popBeforeSmtpGrant) {
}
