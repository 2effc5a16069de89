package dev.postern.cli;

import ch.qos.logback.classic.Level;
import dev.postern.config.Settings;
import dev.postern.config.SettingsLoader;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --config FILE}, mixed into every command. */
final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file of key = value lines (default: none, every key at its default).")
    Path file;

    Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** Loads the settings and applies {@code log.level} to the log. */
    Settings settings() {
        Settings settings = SettingsLoader.load(file());
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.toLevel(settings.log().level(), Level.INFO));
        }
        return settings;
    }
}
