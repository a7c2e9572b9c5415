package org.athanor.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Version;
import org.athanor.config.RegistryConfig;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server of an installation that awaits {@code bin/setup system:upgrade}: started by the new program before the
 * upgrade (the administrator reloads the web server first), it answers every request with 503 and {@code Retry-After}
 * — the maintenance page, {@code /health} saying the upgrade is pending, Phraseanet's JSON envelope under {@code /api/} —
 * opens no session and writes nothing. Every {@link #POLL} it reads the boxes' schema versions ({@link AwaitedUpgrade});
 * once the upgrade has finished it stops listening and {@link #awaitUpgrade()} returns, so that the caller opens the
 * installation and serves it on the same port.
 *
 * <p>It records no heartbeat and holds no database open between two readings: it does not count as a running server
 * for the upgrade's checks. On H2 it does not read while another process has the appbox file open (the upgrade at
 * work), so it never becomes the process that serves the files to the upgrade.
 */
public final class WaitingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WaitingServer.class);
    /** How often the boxes are read while waiting. */
    public static final Duration POLL = Duration.ofSeconds(2);

    private final Javalin app;
    private final ScheduledExecutorService poller;
    private final java.util.function.BooleanSupplier finished;
    private final CountDownLatch done = new CountDownLatch(1);
    private final String host;
    private volatile AwaitedUpgrade.Status status;
    private volatile boolean ready;
    private volatile boolean closed;
    private int port;

    private WaitingServer(RegistryConfig registry, String host, int port, java.util.function.BooleanSupplier finished,
                          AwaitedUpgrade.Status first) {
        this.host = host;
        this.finished = finished;
        this.status = first;
        Pages pages = new Pages();
        long retry = registry.maintenanceRetryAfter().toSeconds();
        String title = registry.title();
        String message = registry.maintenanceMessage();
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = host;
            c.jetty.port = port;
            c.staticFiles.enableWebjars();
            c.routes.before(ctx -> {
                if (ctx.path().startsWith("/webjars/")) return;
                throw new Halt(x -> answer(x, pages, title, message, retry));
            });
            c.routes.exception(Halt.class, (e, ctx) -> e.answer(ctx));
        });
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "upgrade-wait");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Start serving the maintenance page on {@code host:port} (0 = any free port) and asking {@code finished} every
     * {@link #POLL} whether the upgrade has finished.
     *
     * @param registry title, maintenance message and {@code Retry-After} of the pages ({@link RegistryConfig#DEFAULT}
     *     when the configuration is not Athanor's yet)
     * @param status what the boxes said at start, shown by {@code /health}
     * @throws AthanorException CONFLICT when the port is taken
     */
    public static WaitingServer start(RegistryConfig registry, String host, int port, AwaitedUpgrade.Status status,
                                      java.util.function.BooleanSupplier finished) {
        return start(registry, host, port, status, finished, POLL);
    }

    static WaitingServer start(RegistryConfig registry, String host, int port, AwaitedUpgrade.Status first,
                               java.util.function.BooleanSupplier finished, Duration poll) {
        WaitingServer s = new WaitingServer(registry, host, port, finished, first);
        try {
            s.app.start();
        } catch (RuntimeException e) {
            if (PortInUse.causes(e))
                throw new AthanorException(ErrorCode.PORT_IN_USE, "Port " + port + " on " + host + " is already in use. "
                        + "Stop the other process, or set http.port in config/configuration.yml (or pass --port).", e);
            throw e;
        }
        s.port = s.app.port();
        s.poller.scheduleWithFixedDelay(s::poll, poll.toMillis(), poll.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("waiting for bin/setup system:upgrade on port {}: {}", s.port(), first.detail());
        return s;
    }

    /** Return the port listened on (useful with port 0); the installation is served on the same one afterwards. */
    public int port() {
        return port;
    }

    /** Return what the last reading said. */
    public AwaitedUpgrade.Status status() {
        return status;
    }

    /**
     * Block until the upgrade has finished (then this server no longer listens: return true) or {@link #close()} was
     * called (return false).
     */
    public boolean awaitUpgrade() throws InterruptedException {
        done.await();
        return ready;
    }

    private void poll() {
        if (closed || ready) return;
        boolean over;
        try {
            over = finished.getAsBoolean();
        } catch (RuntimeException e) {
            LOG.warn("waiting for the upgrade: cannot tell whether it has finished ({}); asking again in {} s", e.getMessage(), POLL.toSeconds());
            return;
        }
        if (over) {
            LOG.info("the upgrade has finished: opening the installation on {}:{}", host, port());
            ready = true;
            app.stop();
            poller.shutdown();
            done.countDown();
        }
    }

    private void answer(Context ctx, Pages pages, String title, String message, long retry) {
        AwaitedUpgrade.Status s = status;
        ctx.status(503).header("Retry-After", Long.toString(retry)).header("Cache-Control", "no-store");
        boolean json = ctx.path().startsWith("/api/") || String.valueOf(ctx.header("Accept")).startsWith("application/json");
        if (ctx.path().equals("/health")) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "upgrade pending");
            body.put("version", Version.NUMBER);
            body.put("codename", Version.CODENAME);
            body.put("upgrade", s.state() == AwaitedUpgrade.State.UPGRADING ? "running" : "pending");
            body.put("detail", s.detail());
            body.put("command", "bin/setup system:upgrade");
            body.put("maintenance", true);
            ctx.json(body);
        } else if (json) {
            ctx.json(Map.of("meta", Map.of("http_code", 503, "error_message", "upgrade pending",
                    "error_details", "The installation awaits bin/setup system:upgrade; retry in " + retry + " s.")));
        } else {
            String lang = LanguageNegotiation.choose(ctx);
            Messages m = Messages.of(lang);
            View v = new View(lang, m, title, "", null, false, "", ctx.path());
            String detail = message == null || message.isBlank() ? m.get("upgrade.pending") : message;
            ctx.html(pages.render("message.jte", new MessagePage(v, m.get("maintenance.title"), m.get("maintenance.text"), detail)));
        }
    }

    /** Stop listening and reading; {@link #awaitUpgrade()} returns false. Safe to call twice. */
    @Override public void close() {
        if (closed) return;
        closed = true;
        poller.shutdownNow();
        if (!ready) app.stop();
        done.countDown();
    }
}
