package org.athanor.setup.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.ProcessRegistry;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.DatabaseServer;

/**
 * Refuses work that must not run beside the scheduler: the appbox row {@code scheduler_state} (id 1) says
 * {@code started} or {@code stopping} with a heartbeat younger than {@link #FRESH}.
 */
public final class SchedulerGuard {
    /** A heartbeat older than this is a scheduler that died without saying so. */
    public static final Duration FRESH = Duration.ofSeconds(10);

    private SchedulerGuard() {}

    /** The scheduler's state as the appbox records it. */
    record State(String actualStatus, Instant heartbeat) {}

    /**
     * Throw CONFLICT when the scheduler of the installation whose appbox is at {@code appbox} runs. An appbox that does
     * not exist yet, or holds no scheduler table, has no scheduler.
     */
    public static void refuseWhileRunning(BoxConnection appbox, Clock clock, String what) {
        if (!DatabaseServer.exists(appbox) || DatabaseServer.isEmpty(appbox)) return;
        Optional<State> state;
        try (Box box = Box.open(BoxKind.APPBOX, "appbox", appbox)) {
            state = box.jdbi().withHandle(h -> h.createQuery("SELECT actual_status, heartbeat FROM scheduler_state WHERE id = 1")
                    .map((rs, ctx) -> new State(rs.getString("actual_status"),
                            ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "heartbeat", ctx)))
                    .findOne());
        } catch (AthanorException e) {
            throw e;
        } catch (RuntimeException e) {
            return;   // no scheduler_state table: an appbox this program cannot run a scheduler on
        }
        state.filter(s -> isRunning(s, clock.instant())).ifPresent(s -> {
            throw new AthanorException(ErrorCode.CONFLICT, "The scheduler is " + s.actualStatus() + " (last heartbeat "
                    + Duration.between(s.heartbeat(), clock.instant()).toSeconds() + " s ago): stop it with bin/console "
                    + "task-manager:scheduler:stop and wait until it has stopped, then " + what + " again. Nothing was changed.");
        });
    }

    /**
     * Throw CONFLICT when the scheduler or any other process of the installation whose appbox is at {@code appbox}
     * runs ({@code server:run}, recorded in {@code process_heartbeats}, see {@link ProcessRegistry}), naming each
     * process and how to stop it. An appbox that does not exist yet, or holds no such tables, has none.
     */
    public static void refuseWhileAnyRunning(BoxConnection appbox, Clock clock, String what) {
        refuseWhileRunning(appbox, clock, what);
        if (!DatabaseServer.exists(appbox) || DatabaseServer.isEmpty(appbox)) return;
        try (Box box = Box.open(BoxKind.APPBOX, "appbox", appbox)) {
            ProcessRegistry processes = new ProcessRegistry(box.jdbi(), clock);
            List<ProcessRegistry.AliveProcess> alive;
            try {
                alive = processes.alive();
            } catch (RuntimeException e) {
                return;   // no process_heartbeats table: an appbox older than the servers' heartbeats
            }
            if (!alive.isEmpty()) processes.refuseWhileAlive(what);
        }
    }

    static boolean isRunning(State s, Instant now) {
        boolean active = "started".equalsIgnoreCase(s.actualStatus()) || "stopping".equalsIgnoreCase(s.actualStatus());
        return active && s.heartbeat() != null && Duration.between(s.heartbeat(), now).compareTo(FRESH) < 0;
    }
}
