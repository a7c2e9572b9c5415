package org.athanor.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole of {@code config/configuration.yml}, typed and checked.
 *
 * <p>Read it with {@link ConfigLoader#load(Path)}. Relative paths in the file have already been resolved
 * against {@link #baseDir()}, the folder that holds the configuration file's folder (the program folder
 * when the file is {@code <program>/config/configuration.yml}).
 *
 * @param file the configuration file this was read from, absolute
 * @param borderManager the checks of documents at ingest ({@code border-manager})
 */
public record AthanorConfig(Path file, String servername, LanguagesConfig languages, MainConfig main,
                            SessionConfig session, RegistryConfig registry, HttpConfig http,
                            BorderManagerConfig borderManager) {

    public AthanorConfig {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(servername, "servername");
        Objects.requireNonNull(languages, "languages");
        Objects.requireNonNull(main, "main");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(borderManager, "borderManager");
    }

    /** Return the folder relative paths of {@code file} are resolved against: the parent of the file's folder. */
    public Path baseDir() {
        return baseDirOf(file);
    }

    /** Return the folder relative paths of a configuration file at {@code file} are resolved against. */
    public static Path baseDirOf(Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        Path base = folder == null ? null : folder.getParent();
        return base != null ? base : folder != null ? folder : file.toAbsolutePath().getRoot();
    }
}
