package dev.postern.spf;

/** The result for one identity: {@code domain} checked, {@code reason} for the log (never the client). */
public record SpfVerdict(SpfResult result, String domain, String reason) {}
