package org.athanor.config;

import java.util.Objects;

/**
 * {@code main}: maintenance flag, secret key, appbox database, storage folders, search engine, task manager and binaries.
 *
 * @param maintenance when true the web server answers 503 with a maintenance page
 * @param key the installation's secret (32 characters or more), made by install; never printed
 */
public record MainConfig(boolean maintenance, String key, DatabaseConfig database, StorageConfig storage,
                         SearchEngineConfig searchEngine, TaskManagerConfig taskManager, BinariesConfig binaries) {
    /** The fewest characters {@code main.key} may have. */
    public static final int MIN_KEY_LENGTH = 32;

    public MainConfig {
        Objects.requireNonNull(key, "key");
        if (key.length() < MIN_KEY_LENGTH) {
            throw new ConfigException("main.key: expected a secret of at least " + MIN_KEY_LENGTH + " characters, found "
                    + key.length() + " characters. Generate one with: openssl rand -hex 32");
        }
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(searchEngine, "searchEngine");
        Objects.requireNonNull(taskManager, "taskManager");
        Objects.requireNonNull(binaries, "binaries");
    }

    /** Return this with {@code maintenance} changed. */
    public MainConfig withMaintenance(boolean on) {
        return new MainConfig(on, key, database, storage, searchEngine, taskManager, binaries);
    }

    /** Describe this without the secret key. */
    @Override
    public String toString() {
        return "MainConfig[maintenance=" + maintenance + ", key=(hidden), database=" + database + ", storage=" + storage
                + ", searchEngine=" + searchEngine + ", taskManager=" + taskManager + ", binaries=" + binaries + "]";
    }
}
