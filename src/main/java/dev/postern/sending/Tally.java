package dev.postern.sending;

/**
 * One sender domain's counts in the current window: remote recipients delivered, deferred and
 * failed, and messages with remote recipients accepted from it.
 */
public record Tally(int delivered, int deferred, int failed, int accepted) {

    public static final Tally ZERO = new Tally(0, 0, 0, 0);

    /** cPanel's N: deferred plus failed. */
    public int deferFail() {
        return deferred + failed;
    }

    /** All deliveries: delivered + deferred + failed. */
    public int total() {
        return delivered + deferred + failed;
    }

    /** N as a truncated percentage of all deliveries. */
    public int percent() {
        return LimitRules.percent(deferFail(), total());
    }
}
