package org.athanor.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest good {@code configuration.yml} of a running process: polls the file's modification time and size
 * every {@link #PERIOD} and reloads it when they change, so that {@code main.maintenance} and the maintenance message
 * reach running servers within a second.
 *
 * <p>A file that does not load (malformed YAML, wrong value, missing) is logged once per change and the last good
 * configuration stays current.
 */
public final class ConfigWatcher implements AutoCloseable {
    /** How often the file is looked at. */
    public static final Duration PERIOD = Duration.ofMillis(500);
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Consumer<AthanorConfig> onChange;
    private volatile AthanorConfig current;
    private String stamp;
    private ScheduledExecutorService poller;

    /** Watch {@code initial.file()}, starting from {@code initial}; {@code onChange} gets each newly loaded configuration. */
    public ConfigWatcher(AthanorConfig initial, Consumer<AthanorConfig> onChange) {
        this.current = Objects.requireNonNull(initial, "initial");
        this.file = initial.file();
        this.onChange = onChange;
        this.stamp = stampOf(file);
    }

    /** Start polling in a daemon thread; returns at once. */
    public synchronized ConfigWatcher start() {
        if (poller != null) return this;
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "config-watcher");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The last configuration that loaded. */
    public AthanorConfig current() {
        return current;
    }

    /** Look at the file now and reload it when it changed; return true when a new configuration became current. */
    public synchronized boolean check() {
        String now = stampOf(file);
        if (Objects.equals(now, stamp)) return false;
        stamp = now;
        try {
            AthanorConfig loaded = ConfigLoader.load(file);
            boolean maintenanceChanged = loaded.main().maintenance() != current.main().maintenance();
            current = loaded;
            if (maintenanceChanged) LOG.info("{}: maintenance is now {}", file, loaded.main().maintenance() ? "on" : "off");
            else LOG.info("{} reloaded", file);
            if (onChange != null) onChange.accept(loaded);
            return true;
        } catch (RuntimeException e) {
            LOG.error("{} changed but cannot be used; keeping the configuration loaded before. Fix the file: {}", file, org.athanor.core.Text.forLog(e.getMessage()));
            return false;
        }
    }

    private static String stampOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override public synchronized void close() {
        if (poller != null) poller.shutdownNow();
        poller = null;
    }
}
