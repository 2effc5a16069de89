package dev.postern.smtp.client;

/** What every session shares: the name we give in EHLO (our FQDN, RFC 5321 §4.1.1.1) and the timeouts. */
public record ClientSettings(String heloName, Timeouts timeouts) {
}
