package org.athanor.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code main.storage}: the folders of an installation's data, absolute once loaded.
 *
 * <p>Only {@code data} is required. A {@code null} component means "the default"; ask the {@code …Dir()}
 * accessors, which apply them: {@code <data>/cache}, {@code <data>/tmp}, {@code <data>/lazaret},
 * {@code <data>/download}, {@code <data>/backups}, and for logs the program folder's {@code logs/}.
 *
 * @param data root of documents and subdefinitions
 */
public record StorageConfig(Path data, Path cache, Path log, Path tmp, Path lazaret, Path download, Path backup) {

    public StorageConfig {
        Objects.requireNonNull(data, "main.storage.data is required. Example: data: /srv/athanor-data");
    }

    /** Return a storage with only {@code data} set and every other folder at its default. */
    public static StorageConfig under(Path data) {
        return new StorageConfig(data, null, null, null, null, null, null);
    }

    /** Return the cache folder: {@code cache}, or {@code <data>/cache}. */
    public Path cacheDir() {
        return cache != null ? cache : data.resolve("cache");
    }

    /** Return the log folder: {@code log}, or {@code programLogs} (the program folder's {@code logs/}) when unset. */
    public Path logDir(Path programLogs) {
        return log != null ? log : programLogs;
    }

    /** Return the folder of temporary files: {@code tmp}, or {@code <data>/tmp}. */
    public Path tmpDir() {
        return tmp != null ? tmp : data.resolve("tmp");
    }

    /** Return the quarantine folder of documents refused at ingest: {@code lazaret}, or {@code <data>/lazaret}. */
    public Path lazaretDir() {
        return lazaret != null ? lazaret : data.resolve("lazaret");
    }

    /** Return the folder where download archives are prepared: {@code download}, or {@code <data>/download}. */
    public Path downloadDir() {
        return download != null ? download : data.resolve("download");
    }

    /** Return the folder of backup sets: {@code backup}, or {@code <data>/backups}. */
    public Path backupDir() {
        return backup != null ? backup : data.resolve("backups");
    }
}
