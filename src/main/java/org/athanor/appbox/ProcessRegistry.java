package org.athanor.appbox;

import java.net.InetAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Version;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running processes of an installation, as the appbox records them: {@code server:run} processes in
 * {@code process_heartbeats} (a row per process, heartbeat every {@link #BEAT}, removed on a graceful stop), the
 * scheduler in {@code scheduler_state} (heartbeat every second).
 *
 * <p>A process of another machine is alive while its heartbeat is younger than {@link #FRESH}; one of this machine
 * while its pid runs (a server stuck for a while is alive; one killed with {@code kill -9} is dead at once), unless its
 * heartbeat is older than {@link #PID_REUSED}.
 */
public final class ProcessRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessRegistry.class);
    /** How often a registered process writes its heartbeat. */
    public static final Duration BEAT = Duration.ofSeconds(10);
    /** A {@code process_heartbeats} row older than this, of another machine, is a process that died without saying so. */
    public static final Duration FRESH = Duration.ofSeconds(30);
    /** On this machine, a row whose pid runs but whose heartbeat is older than this is taken as dead (the pid was reused). */
    public static final Duration PID_REUSED = Duration.ofMinutes(5);
    /** The same for the scheduler, which beats every second. */
    public static final Duration SCHEDULER_FRESH = Duration.ofSeconds(10);
    /** The kind of {@code server:run}. */
    public static final String SERVER = "server";
    /** The kind of the scheduler ({@code task-manager:scheduler:run}, or {@code server:run --with-scheduler}). */
    public static final String SCHEDULER = "scheduler";

    private final Jdbi appbox;
    private final Clock clock;

    public ProcessRegistry(Jdbi appbox, Clock clock) {
        this.appbox = appbox;
        this.clock = clock;
    }

    /** One running process. */
    public record AliveProcess(String kind, String host, long pid, String version, Instant started, Instant heartbeat) {
        /** Describe it for messages: {@code server:run (pid 4242 on host dam1, Athanor 4.0.0, last heartbeat 3 s ago)}. */
        public String describe(Instant now) {
            String what = SERVER.equals(kind) ? "server:run" : SCHEDULER.equals(kind) ? "the scheduler" : kind;
            return what + " (pid " + pid + " on host " + host + (version == null ? "" : ", Athanor " + version)
                    + (heartbeat == null ? "" : ", last heartbeat " + Math.max(0, Duration.between(heartbeat, now).toSeconds()) + " s ago") + ")";
        }

        /** Say how to stop it. */
        public String howToStop() {
            if (SCHEDULER.equals(kind)) return "bin/console task-manager:scheduler:stop";
            return "kill -TERM " + pid + " on " + host + " (or systemctl stop athanor)";
        }
    }

    /**
     * Record this process as running with {@code kind} and keep its heartbeat until the returned registration is
     * closed (which removes the row).
     */
    public Registration register(String kind) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        appbox.useHandle(h -> h.createUpdate("""
                        INSERT INTO process_heartbeats (id, kind, host, pid, version, started_at, heartbeat)
                        VALUES (:id, :kind, :host, :pid, :version, :now, :now)""")
                .bind("id", id).bind("kind", kind).bind("host", hostName()).bind("pid", ProcessHandle.current().pid())
                .bind("version", Version.NUMBER).bind("now", now).execute());
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "process-heartbeat");
            t.setDaemon(true);
            return t;
        });
        beats.scheduleWithFixedDelay(() -> beat(id), BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
        return new Registration(id, beats);
    }

    private void beat(String id) {
        try {
            int n = appbox.withHandle(h -> h.createUpdate("UPDATE process_heartbeats SET heartbeat = :now WHERE id = :id")
                    .bind("now", clock.instant()).bind("id", id).execute());
            if (n == 0) LOG.warn("the heartbeat row {} of this process was removed from process_heartbeats; not written again", id);
        } catch (RuntimeException e) {
            LOG.warn("cannot write this process's heartbeat into the appbox: {}", e.getMessage());
        }
    }

    /**
     * Every process of the installation that is alive now: servers first, then the scheduler. Works on an appbox of an
     * earlier schema too (only the scheduler is known there).
     */
    public List<AliveProcess> alive() {
        Instant now = clock.instant();
        List<AliveProcess> found = new ArrayList<>();
        appbox.useHandle(h -> {
            if (hasHeartbeatTable(h)) {   // an appbox older than schema 4 (before an upgrade) has none: no server recorded
                for (AliveProcess p : h.createQuery("SELECT * FROM process_heartbeats ORDER BY started_at, id").map(ProcessRegistry::map).list()) {
                    if (isAlive(p, now, FRESH)) found.add(p);
                }
            }
            h.createQuery("SELECT actual_status, host, pid, heartbeat FROM scheduler_state WHERE id = 1")
                    .map((rs, ctx) -> new Object[] {rs.getString("actual_status"),
                            new AliveProcess(SCHEDULER, rs.getString("host"), rs.getLong("pid"), null, null,
                                    ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "heartbeat", ctx))})
                    .findOne()
                    .filter(row -> "started".equalsIgnoreCase((String) row[0]) || "stopping".equalsIgnoreCase((String) row[0]))
                    .map(row -> (AliveProcess) row[1])
                    .filter(p -> p.host() != null && isAlive(p, now, SCHEDULER_FRESH))
                    .ifPresent(found::add);
        });
        return found;
    }

    private static boolean hasHeartbeatTable(org.jdbi.v3.core.Handle h) {
        try {
            var meta = h.getConnection().getMetaData();
            for (String name : List.of("process_heartbeats", "PROCESS_HEARTBEATS")) {
                try (ResultSet rs = meta.getTables(h.getConnection().getCatalog(), null, name, new String[] {"TABLE"})) {
                    if (rs.next()) return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new AthanorException(ErrorCode.DATABASE_UNREACHABLE, "Cannot list the tables of the appbox to look for "
                    + "process_heartbeats: " + e.getMessage(), e);
        }
    }

    /**
     * Throw CONFLICT when a process of the installation is alive, naming each and how to stop it.
     *
     * @param what what the caller was about to do, e.g. {@code run system:restore-db}
     */
    public void refuseWhileAlive(String what) {
        List<AliveProcess> alive = alive();
        if (alive.isEmpty()) return;
        Instant now = clock.instant();
        StringBuilder m = new StringBuilder("Processes of this installation are running: ");
        for (int i = 0; i < alive.size(); i++) {
            AliveProcess p = alive.get(i);
            m.append(i == 0 ? "" : "; ").append(p.describe(now)).append(", stop it with ").append(p.howToStop());
        }
        m.append(". Stop them and wait until they have stopped, then ").append(what).append(" again. Nothing was changed.");
        throw new AthanorException(ErrorCode.CONFLICT, m.toString());
    }

    static boolean isAlive(AliveProcess p, Instant now, Duration fresh) {
        if (hostName().equals(p.host())) {
            // a live pid whose heartbeat stopped long ago is another program that got the pid of a killed one
            boolean recent = p.heartbeat() == null || Duration.between(p.heartbeat(), now).compareTo(PID_REUSED) < 0;
            return recent && ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false);
        }
        return p.heartbeat() != null && Duration.between(p.heartbeat(), now).compareTo(fresh) < 0;
    }

    private static AliveProcess map(ResultSet rs, StatementContext ctx) throws SQLException {
        var instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return new AliveProcess(rs.getString("kind"), rs.getString("host"), rs.getLong("pid"), rs.getString("version"),
                instant.map(rs, "started_at", ctx), instant.map(rs, "heartbeat", ctx));
    }

    /** The name of this machine as processes write it in the appbox (the scheduler's too). */
    public static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** This process's row; closing it stops the heartbeat and removes the row (a graceful stop). */
    public final class Registration implements AutoCloseable {
        private final String id;
        private final ScheduledExecutorService beats;

        private Registration(String id, ScheduledExecutorService beats) {
            this.id = id;
            this.beats = beats;
        }

        /** The row's id. */
        public String id() {
            return id;
        }

        @Override public void close() {
            beats.shutdownNow();
            try {
                appbox.useHandle(h -> h.createUpdate("DELETE FROM process_heartbeats WHERE id = :id").bind("id", id).execute());
            } catch (RuntimeException e) {
                LOG.warn("cannot remove this process's row {} from process_heartbeats: {}; it counts as dead once its pid is gone",
                        id, e.getMessage());
            }
        }
    }
}
