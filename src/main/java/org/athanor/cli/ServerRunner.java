package org.athanor.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.athanor.Athanor;
import org.athanor.appbox.ProcessRegistry;
import org.athanor.web.WebServer;
import sun.misc.Signal;

/** Runs the web server in the foreground until SIGTERM or SIGINT, then stops it gracefully. */
final class ServerRunner {
    /** How long requests in flight may take to finish once a stop is asked. */
    static final Duration DRAIN_DEADLINE = Duration.ofSeconds(30);

    private ServerRunner() {}

    static int run(CliContext context, Athanor athanor, String host, int port) {
        return run(context, athanor, host, port, false);
    }

    /** Run the web server, and the scheduler in the same process when {@code withScheduler}; both stop gracefully together. */
    static int run(CliContext context, Athanor athanor, String host, int port, boolean withScheduler) {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        return run(context, athanor, host, port, withScheduler, stop);
    }

    /**
     * Run until {@code stop} is counted down. The process is recorded in the appbox's {@code process_heartbeats}
     * while it runs (system:restore-db refuses meanwhile); the row goes when it stops gracefully.
     */
    static int run(CliContext context, Athanor athanor, String host, int port, boolean withScheduler, CountDownLatch stop) {
        try (ProcessRegistry.Registration ignored = athanor.processes().register(ProcessRegistry.SERVER)) {
            return serve(context, athanor, host, port, withScheduler, stop);
        }
    }

    private static int serve(CliContext context, Athanor athanor, String host, int port, boolean withScheduler, CountDownLatch stop) {
        org.athanor.tasks.Scheduler scheduler = withScheduler ? athanor.scheduler(SchedulerCommands.logDir(athanor)).start() : null;
        WebServer server;
        try {
            server = WebServer.create(athanor, host, port).start();
        } catch (RuntimeException e) {
            if (scheduler != null) scheduler.stop();
            throw e;
        }
        if (scheduler != null) {
            context.say("Scheduler running in this process; logs in " + SchedulerCommands.logDir(athanor));
            Thread stopper = new Thread(() -> {   // a stop asked from the admin page or task-manager:scheduler:stop
                try {
                    scheduler.awaitStopRequest();
                    scheduler.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "scheduler-stop-request");
            stopper.setDaemon(true);
            stopper.start();
        }
        context.say("Athanor " + org.athanor.Version.NUMBER + " listening on http://" + host + ":" + server.port()
                + "/ (SIGTERM or Ctrl-C stops it gracefully)");
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.say("Stopping: finishing the requests in flight (up to " + DRAIN_DEADLINE.toSeconds() + " s)…");
        server.stopGracefully(DRAIN_DEADLINE);
        if (scheduler != null) {
            context.say("Stopping the scheduler: every task finishes its item in hand…");
            scheduler.stop();
        }
        context.say("Stopped.");
        return 0;
    }
}
