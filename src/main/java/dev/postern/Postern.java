package dev.postern;

import dev.postern.config.Settings;

/** Starts the server from its settings (wired by the lead). */
public final class Postern {
    private Postern() {
    }

    public static void serve(Settings settings) throws Exception {
        throw new IllegalStateException("serve is wired by the lead");
    }
}
