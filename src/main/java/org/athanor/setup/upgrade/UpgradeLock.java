package org.athanor.setup.upgrade;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.athanor.ReleaseVersion;
import org.athanor.db.Box;
import org.athanor.setup.upgrade.UpgradeRefusedException.Reason;

/**
 * At most one {@code system:upgrade} per installation: row id 1 of the appbox table {@code upgrade_lock} (host, pid,
 * start, heartbeat), inserted by the owner (the primary key makes a second insert fail), its heartbeat refreshed every
 * {@link #HEARTBEAT}. A second upgrade is refused naming the first; {@code --force} takes over only a lock whose owner
 * is dead (same host, pid gone) or whose heartbeat is older than {@link #STALE}.
 */
final class UpgradeLock implements AutoCloseable {
    /** How often the owner refreshes its heartbeat. */
    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    /** A heartbeat older than this is an owner that died without saying so (possibly on another host). */
    static final Duration STALE = Duration.ofSeconds(60);

    /** Who holds the lock. */
    record Holder(String host, long pid, String from, String to, Instant startedAt, Instant heartbeatAt) {
        String describe(Instant now) {
            return "pid " + pid + " on " + host + ", upgrading " + from + " to " + to + ", started " + startedAt
                    + ", last heartbeat " + Duration.between(heartbeatAt, now).toSeconds() + " s ago";
        }
    }

    private final Box appbox;
    private final Clock clock;
    private final String host;
    private final long pid;
    private ScheduledExecutorService beat;

    private UpgradeLock(Box appbox, Clock clock, String host, long pid) {
        this.appbox = appbox;
        this.clock = clock;
        this.host = host;
        this.pid = pid;
    }

    static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** Return who holds the lock, if anybody. */
    static Optional<Holder> holder(Box appbox) {
        if (!UpgradeTables.exist(appbox)) return Optional.empty();
        return appbox.jdbi().withHandle(h -> h.createQuery("""
                SELECT host, pid, from_release, to_release, started_at, heartbeat_at FROM upgrade_lock WHERE id = 1""")
                .map((rs, ctx) -> new Holder(rs.getString("host"), rs.getLong("pid"), rs.getString("from_release"), rs.getString("to_release"),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "started_at", ctx),
                        ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "heartbeat_at", ctx)))
                .findOne());
    }

    /**
     * Take the lock for this process.
     *
     * @throws UpgradeRefusedException LOCKED naming the holder; with {@code force}, only when the holder is alive
     */
    static UpgradeLock acquire(Box appbox, ReleaseVersion from, ReleaseVersion to, boolean force, Clock clock) {
        UpgradeTables.ensure(appbox);
        String host = thisHost();
        long pid = ProcessHandle.current().pid();
        Instant now = clock.instant();
        Optional<Holder> held = holder(appbox);
        if (held.isPresent()) {
            Holder h = held.get();
            if (!force || !isDead(h, host, now)) throw refusal(h, host, now);
            int n = appbox.jdbi().withHandle(x -> x.createUpdate("""
                    UPDATE upgrade_lock SET host = :host, pid = :pid, from_release = :from, to_release = :to, started_at = :now, heartbeat_at = :now
                    WHERE id = 1 AND host = :oldHost AND pid = :oldPid""")
                    .bind("host", host).bind("pid", pid).bind("from", from.toString()).bind("to", to.toString()).bind("now", now)
                    .bind("oldHost", h.host()).bind("oldPid", h.pid()).execute());
            if (n != 1) return acquire(appbox, from, to, false, clock);       // somebody else took it meanwhile: report them
        } else {
            try {
                appbox.jdbi().useHandle(x -> x.createUpdate("""
                        INSERT INTO upgrade_lock (id, host, pid, from_release, to_release, started_at, heartbeat_at)
                        VALUES (1, :host, :pid, :from, :to, :now, :now)""")
                        .bind("host", host).bind("pid", pid).bind("from", from.toString()).bind("to", to.toString()).bind("now", now).execute());
            } catch (RuntimeException e) {
                if (holder(appbox).isPresent()) return acquire(appbox, from, to, false, clock);   // lost the race: name the winner
                throw e;
            }
        }
        UpgradeLock lock = new UpgradeLock(appbox, clock, host, pid);
        lock.startHeartbeat();
        return lock;
    }

    /**
     * Refuse, reading only, when another upgrade holds the lock: alive, or dead without {@code force}. Called first by
     * the preflight, so that a second upgrade is refused naming the first rather than for the connections the first holds.
     */
    static void refuseIfHeld(Box appbox, boolean force, Clock clock) {
        Optional<Holder> held = holder(appbox);
        if (held.isEmpty()) return;
        if (force && isDead(held.get(), thisHost(), clock.instant())) return;
        throw refusal(held.get(), thisHost(), clock.instant());
    }

    private static UpgradeRefusedException refusal(Holder h, String host, Instant now) {
        boolean dead = isDead(h, host, now);
        String how = dead
                ? "Its owner is gone (" + (h.host().equals(host) ? "no process " + h.pid() + " on this host" : "no heartbeat for "
                        + Duration.between(h.heartbeatAt(), now).toSeconds() + " s") + "): run bin/setup system:upgrade --force to take it over."
                : "Wait for it to finish (its log is in logs/upgrade-*.log), or stop it; --force takes over only a lock whose owner is "
                        + "dead or silent for " + STALE.toSeconds() + " s.";
        return new UpgradeRefusedException(Reason.LOCKED, "Another bin/setup system:upgrade holds the upgrade lock of this installation ("
                + h.describe(now) + "). " + how + " Nothing was changed.");
    }

    /** The holder is dead when it ran on this host and its process is gone, or when its heartbeat is stale. */
    static boolean isDead(Holder h, String host, Instant now) {
        if (h.host().equals(host) && ProcessHandle.of(h.pid()).map(p -> !p.isAlive()).orElse(true)) return true;
        return Duration.between(h.heartbeatAt(), now).compareTo(STALE) > 0;
    }

    private void startHeartbeat() {
        beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upgrade-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beat.scheduleAtFixedRate(() -> {
            try {
                appbox.jdbi().useHandle(h -> h.createUpdate("UPDATE upgrade_lock SET heartbeat_at = :now WHERE id = 1 AND host = :host AND pid = :pid")
                        .bind("now", clock.instant()).bind("host", host).bind("pid", pid).execute());
            } catch (RuntimeException ignored) {
                // a missed heartbeat is retried at the next tick; a long outage makes the lock stale, as it should
            }
        }, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Release the lock (delete the row), stopping the heartbeat. */
    @Override
    public void close() {
        if (beat != null) beat.shutdownNow();
        appbox.jdbi().useHandle(h -> h.createUpdate("DELETE FROM upgrade_lock WHERE id = 1 AND host = :host AND pid = :pid")
                .bind("host", host).bind("pid", pid).execute());
    }
}
