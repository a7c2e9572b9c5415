package org.athanor.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.athanor.Athanor;
import org.athanor.web.WebServer;
import sun.misc.Signal;

/** Runs the web server in the foreground until SIGTERM or SIGINT, then stops it gracefully. */
final class ServerRunner {
    /** How long requests in flight may take to finish once a stop is asked. */
    static final Duration DRAIN_DEADLINE = Duration.ofSeconds(30);

    private ServerRunner() {}

    static int run(CliContext context, Athanor athanor, String host, int port) {
        WebServer server = WebServer.create(athanor, host, port).start();
        context.say("Athanor " + org.athanor.Version.NUMBER + " listening on http://" + host + ":" + server.port()
                + "/ (SIGTERM or Ctrl-C stops it gracefully)");
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.say("Stopping: finishing the requests in flight (up to " + DRAIN_DEADLINE.toSeconds() + " s)…");
        server.stopGracefully(DRAIN_DEADLINE);
        context.say("Stopped.");
        return 0;
    }
}
