package dev.postern.spf;

/** RFC 7208 §4.6.1: a record is a list of terms, mechanisms and modifiers. */
sealed interface Term {

    /** §4.6.2: what a matching mechanism yields. */
    enum Qualifier {
        PASS, FAIL, SOFTFAIL, NEUTRAL;

        static Qualifier of(char c) {
            return switch (c) {
                case '-' -> FAIL;
                case '~' -> SOFTFAIL;
                case '?' -> NEUTRAL;
                default -> PASS;
            };
        }

        SpfResult result() {
            return SpfResult.valueOf(name());
        }
    }

    /** §5: all, include, a, mx, ptr, ip4, ip6, exists; prefix lengths of -1 mean the full address. */
    record Mechanism(Qualifier qualifier, String name, String domainSpec, int cidr4, int cidr6) implements Term {}

    /** §6.1 redirect=, §6.2 exp= (kept for the duplicate rule; the explanation is not fetched). */
    record Modifier(String name, String value) implements Term {}
}
