package dev.postern.delivery;

/**
 * The port through which remote delivery reports every delivered, deferred and failed recipient
 * (for the per-domain "defers and failures per hour" limits). Called on delivery threads; it must
 * be quick and thread-safe, and must not throw.
 */
@FunctionalInterface
public interface DeliveryListener {

    void report(DeliveryReport report);

    DeliveryListener NONE = report -> { };
}
