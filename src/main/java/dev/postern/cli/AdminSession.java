package dev.postern.cli;

import dev.postern.accounts.AccountStore;
import dev.postern.admin.Admin;
import dev.postern.config.Settings;
import java.util.function.Consumer;

/** Opens the account database for one command and closes it after, whether or not it succeeded. */
final class AdminSession {
    private AdminSession() {
    }

    static int run(ConfigOption config, Consumer<Admin> work) {
        Settings settings = config.settings();
        try (AccountStore store = AccountStore.open(settings.database())) {
            work.accept(new Admin(settings, store));
        }
        return 0;
    }
}
