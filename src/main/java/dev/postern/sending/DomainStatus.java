package dev.postern.sending;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One sender domain as {@code postern limits status} shows it: this window's counts, the limits
 * in force (with the names it overrides), and its block, if any.
 */
public record DomainStatus(String domain, Instant windowStart, Instant windowEnd, Tally tally, LimitRules rules,
                           Map<String, String> overrides, Optional<Block> block) {

    public DomainStatus {
        overrides = Map.copyOf(overrides);
    }

    /** Whether the next message would be refused for the hourly cap (past its cutoff). */
    public boolean overCap() {
        return rules.cap(tally.accepted() + 1) == LimitRules.Cap.REFUSE;
    }

    /** {@code blocked until 14:00 UTC (…)}, {@code over the hourly cap until …}, {@code held …} or {@code ok}. */
    public String state() {
        if (block.isPresent()) {
            return "blocked until " + LimitReplies.hhmm(block.get().until()) + " UTC (max defers and failures per hour: "
                    + tally.deferFail() + "/" + rules.minDeferFailToTrigger() + " (" + tally.percent() + "%))";
        }
        if (overCap()) {
            return "refusing until " + LimitReplies.hhmm(windowEnd) + " UTC (max emails per hour: " + tally.accepted()
                    + "/" + rules.maxEmailsPerHour().getAsInt() + ")";
        }
        if (rules.cap(tally.accepted()) == LimitRules.Cap.HOLD) {
            return "holding new mail until " + LimitReplies.hhmm(windowEnd) + " UTC (max emails per hour: "
                    + tally.accepted() + "/" + rules.maxEmailsPerHour().getAsInt() + ")";
        }
        return "ok";
    }
}
