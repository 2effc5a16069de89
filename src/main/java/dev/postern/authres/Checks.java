package dev.postern.authres;

import dev.postern.dkim.DkimVerifier;
import dev.postern.dmarc.DmarcCheck;
import dev.postern.spf.SpfCheck;

/** The inbound checks together: our authserv-id (the hostname), the three checks, the policy. */
public record Checks(String authservId, SpfCheck spf, DkimVerifier dkim, DmarcCheck dmarc, InboundPolicy policy) {}
