package org.athanor.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.athanor.Athanor;
import org.athanor.appbox.ProcessRegistry;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import org.athanor.web.WaitingServer;
import org.athanor.web.WebServer;
import sun.misc.Signal;

/** Runs the web server in the foreground until SIGTERM or SIGINT, then stops it gracefully. */
final class ServerRunner {
    /** How long requests in flight may take to finish once a stop is asked. */
    static final Duration DRAIN_DEADLINE = Duration.ofSeconds(30);
    /**
     * While waiting for an upgrade, how often the databases are asked, on short-lived connections, whether it has
     * finished; between two, only the file the upgrade writes when it finishes is looked at (every 2 s).
     */
    static final Duration DATABASE_CHECK = Duration.ofSeconds(60);

    private ServerRunner() {}

    static int run(CliContext context, Athanor athanor, String host, int port) {
        return run(context, athanor, host, port, false);
    }

    /** Run the web server, and the scheduler in the same process when {@code withScheduler}; both stop gracefully together. */
    static int run(CliContext context, Athanor athanor, String host, int port, boolean withScheduler) {
        return run(context, athanor, host, port, withScheduler, stopOnSignal());
    }

    /**
     * Run until {@code stop} is counted down. The process is recorded in the appbox's {@code process_heartbeats}
     * while it runs (system:restore-db and system:upgrade refuse meanwhile); the row goes when it stops gracefully.
     */
    static int run(CliContext context, Athanor athanor, String host, int port, boolean withScheduler, CountDownLatch stop) {
        try (ProcessRegistry.Registration ignored = athanor.processes().register(ProcessRegistry.SERVER)) {
            return serve(context, athanor, host, port, withScheduler, stop);
        }
    }

    /**
     * Serve the maintenance page while the installation awaits {@code bin/setup system:upgrade} (see {@link WaitingServer}),
     * then open the installation — its configuration read again, as the upgrade may have migrated it — and serve it on
     * the same port, as {@link #run} does. SIGTERM or SIGINT while waiting stops at once.
     */
    static int runWaiting(CliContext context, String host, int port, boolean withScheduler, AwaitedUpgrade.Status status) {
        return runWaiting(context, host, port, withScheduler, status, stopOnSignal());
    }

    static int runWaiting(CliContext context, String host, int port, boolean withScheduler, AwaitedUpgrade.Status status,
                          CountDownLatch stop) {
        WaitingServer waiting = WaitingServer.start(registry(context), host, port, status,
                context.setup().upgradeFinished(context.configFile(), DATABASE_CHECK));
        context.say("The installation awaits its upgrade (" + status.detail() + "). Athanor " + org.athanor.core.Version.NUMBER
                + " serves the maintenance page on http://" + host + ":" + waiting.port() + "/ until bin/setup system:upgrade has "
                + "finished, then opens the installation by itself (SIGTERM or Ctrl-C stops it).");
        Thread stopper = new Thread(() -> {
            try {
                stop.await();
                waiting.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "upgrade-wait-stop");
        stopper.setDaemon(true);
        stopper.start();
        try {
            if (!waiting.awaitUpgrade()) {
                context.say("Stopped while waiting for the upgrade.");
                return 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            waiting.close();
            return 0;
        }
        stopper.interrupt();
        context.say("The upgrade has finished: opening the installation.");
        context.reloadConfig();
        return run(context, context.athanor(), host, waiting.port(), withScheduler, stop);
    }

    /** The maintenance page's title, message and Retry-After; the defaults while the configuration is Phraseanet's. */
    private static org.athanor.config.RegistryConfig registry(CliContext context) {
        try {
            return context.config().registry();
        } catch (RuntimeException notAthanorsYet) {
            return org.athanor.config.RegistryConfig.DEFAULT;
        }
    }

    private static CountDownLatch stopOnSignal() {
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        return stop;
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
        context.say("Athanor " + org.athanor.core.Version.NUMBER + " listening on http://" + host + ":" + server.port()
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
