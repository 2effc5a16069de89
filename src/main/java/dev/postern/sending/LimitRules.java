package dev.postern.sending;

import dev.postern.config.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The limits that apply to one sender domain: the {@code limits.*} settings with that domain's
 * overrides from the database, and the arithmetic on them (cPanel's rules, docs/LIMITS.md). Pure.
 *
 * @param maxDeferFailPercentage empty = off: the count alone trips the block
 * @param maxEmailsPerHour       empty = off: no hourly cap
 */
public record LimitRules(Window window, int minDeferFailToTrigger, OptionalInt maxDeferFailPercentage,
                         OptionalInt maxEmailsPerHour, int deferCutoffPercentage, OnBlock onBlock,
                         boolean countRetries) {

    /** {@code limits.window}. */
    public enum Window { CLOCK_HOUR, ROLLING }

    /** {@code limits.on_block}: what becomes of mail already queued for a blocked domain. */
    public enum OnBlock { DEFER, FAIL }

    /** Where a message stands against the hourly cap. */
    public enum Cap { SEND, HOLD, REFUSE }

    /** The names {@code postern limits set DOMAIN name=value} takes (the keys without {@code limits.}). */
    public static final List<String> OVERRIDABLE = List.of("min_defer_fail_to_trigger", "max_defer_fail_percentage",
            "max_emails_per_hour", "defer_cutoff_percentage", "on_block", "count_retries");

    public static LimitRules from(Settings.Limits s) {
        return new LimitRules(Window.valueOf(s.window().name()), s.minDeferFailToTrigger(), s.maxDeferFailPercentage(),
                s.maxEmailsPerHour(), s.deferCutoffPercentage(), OnBlock.valueOf(s.onBlock().name()), s.countRetries());
    }

    /**
     * cPanel's rule: blocked when deferred+failed this hour is at least the trigger and, when a
     * percentage is set, at least that percent of all deliveries this hour (compared exactly, in
     * integers: 9 of 16 is 56.25 %, over 55 %).
     */
    public boolean trips(Tally tally) {
        int n = tally.deferFail();
        if (n < minDeferFailToTrigger) {
            return false;
        }
        return maxDeferFailPercentage.isEmpty() || (long) n * 100 >= (long) maxDeferFailPercentage.getAsInt() * tally.total();
    }

    /** The most messages accepted in a window before the next is refused: the cap times the cutoff. */
    public OptionalInt cutoff() {
        return maxEmailsPerHour.isEmpty() ? OptionalInt.empty()
                : OptionalInt.of((int) ((long) maxEmailsPerHour.getAsInt() * deferCutoffPercentage / 100));
    }

    /**
     * For the {@code ordinal}-th message of the window (1 = the first): sent up to the cap, held
     * up to the cutoff, refused past it.
     */
    public Cap cap(int ordinal) {
        if (maxEmailsPerHour.isEmpty() || ordinal <= maxEmailsPerHour.getAsInt()) {
            return Cap.SEND;
        }
        return ordinal <= cutoff().getAsInt() ? Cap.HOLD : Cap.REFUSE;
    }

    /** {@code part} as a truncated percentage of {@code whole} (0 when whole is 0), as cPanel prints it. */
    public static int percent(long part, long whole) {
        return whole == 0 ? 0 : (int) (part * 100 / whole);
    }

    /** These rules with a domain's overrides applied; a bad stored value is an error naming it. */
    public LimitRules with(Map<String, String> overrides) {
        LimitRules rules = this;
        for (var e : overrides.entrySet()) {
            rules = rules.with(e.getKey(), e.getValue());
        }
        return rules;
    }

    /** One override, {@code name} as in {@link #OVERRIDABLE}; throws IllegalArgumentException on a bad value. */
    public LimitRules with(String name, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "min_defer_fail_to_trigger" -> new LimitRules(window, positive(name, v), maxDeferFailPercentage,
                    maxEmailsPerHour, deferCutoffPercentage, onBlock, countRetries);
            case "max_defer_fail_percentage" -> new LimitRules(window, minDeferFailToTrigger, percentOrOff(name, v),
                    maxEmailsPerHour, deferCutoffPercentage, onBlock, countRetries);
            case "max_emails_per_hour" -> new LimitRules(window, minDeferFailToTrigger, maxDeferFailPercentage,
                    v.equals("off") ? OptionalInt.empty() : OptionalInt.of(positive(name, v)), deferCutoffPercentage,
                    onBlock, countRetries);
            case "defer_cutoff_percentage" -> new LimitRules(window, minDeferFailToTrigger, maxDeferFailPercentage,
                    maxEmailsPerHour, atLeast100(name, v), onBlock, countRetries);
            case "on_block" -> new LimitRules(window, minDeferFailToTrigger, maxDeferFailPercentage,
                    maxEmailsPerHour, deferCutoffPercentage, onBlock(name, v), countRetries);
            case "count_retries" -> new LimitRules(window, minDeferFailToTrigger, maxDeferFailPercentage,
                    maxEmailsPerHour, deferCutoffPercentage, onBlock, bool(name, v));
            default -> throw new IllegalArgumentException("unknown limit '" + name + "': one of "
                    + String.join(", ", OVERRIDABLE));
        };
    }

    /** The value of {@code name} as it would be written in the config file. */
    public String value(String name) {
        return switch (name) {
            case "min_defer_fail_to_trigger" -> Integer.toString(minDeferFailToTrigger);
            case "max_defer_fail_percentage" -> off(maxDeferFailPercentage);
            case "max_emails_per_hour" -> off(maxEmailsPerHour);
            case "defer_cutoff_percentage" -> Integer.toString(deferCutoffPercentage);
            case "on_block" -> onBlock.name().toLowerCase(Locale.ROOT);
            case "count_retries" -> Boolean.toString(countRetries);
            default -> throw new IllegalArgumentException("unknown limit '" + name + "'");
        };
    }

    private static String off(OptionalInt n) {
        return n.isPresent() ? Integer.toString(n.getAsInt()) : "off";
    }

    private static int positive(String name, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        throw new IllegalArgumentException(name + " must be a whole number of at least 1: '" + v + "'");
    }

    private static OptionalInt percentOrOff(String name, String v) {
        if (v.equals("off")) {
            return OptionalInt.empty();
        }
        int n = positive(name, v);
        if (n > 100) {
            throw new IllegalArgumentException(name + " must be a percentage from 1 to 100, or off: '" + v + "'");
        }
        return OptionalInt.of(n);
    }

    private static int atLeast100(String name, String v) {
        int n = positive(name, v);
        if (n < 100) {
            throw new IllegalArgumentException(name + " must be at least 100: '" + v + "'");
        }
        return n;
    }

    private static OnBlock onBlock(String name, String v) {
        return switch (v) {
            case "defer" -> OnBlock.DEFER;
            case "fail" -> OnBlock.FAIL;
            default -> throw new IllegalArgumentException(name + " must be defer or fail: '" + v + "'");
        };
    }

    private static boolean bool(String name, String v) {
        return switch (v) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException(name + " must be true or false: '" + v + "'");
        };
    }
}
