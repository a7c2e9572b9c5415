package org.athanor.web;

import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.athanor.Athanor;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Text;
import org.athanor.config.AthanorConfig;
import org.athanor.config.ConfigWatcher;
import org.athanor.db.DatabaseHealth;
import org.athanor.web.RouteGroup.Access;
import org.athanor.web.RouteGroup.DuringMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Athanor's HTTP server: routes to capability handlers and maps domain exceptions to statuses.
 *
 * <p>Every answer carries {@link SecurityHeaders}; errors whose text may echo the request are answered by
 * {@link ErrorPages} (escaped page or JSON). Before its handler, every request goes through one before-handler per
 * concern: {@link LanguageNegotiation}, {@link SessionLoader}, {@link MaintenanceGate}, {@link AccessRule} and
 * {@link CsrfGuard}; the last four follow the request's group in {@link #ROUTE_GROUPS}. configuration.yml is watched
 * while the server runs, so that maintenance mode and its message change within 2 seconds.
 *
 * <p>{@link #stopGracefully(Duration)} stops accepting work (new requests get 503 with {@code Connection: close}),
 * waits for the requests in flight to finish, up to a deadline, then stops Jetty.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    /**
     * Who may reach which routes, and what maintenance mode does to them; a path belongs to the first group that holds
     * it. {@code session}: the visitor's session is read and their POSTs must carry the CSRF token.
     */
    static final RouteGroups ROUTE_GROUPS = new RouteGroups(
            //             name              paths                                    who may enter         during maintenance                     session
            new RouteGroup("infrastructure", List.of("/health", "/webjars/*"),        Access.ANYONE,        DuringMaintenance.OPEN,                false),
            new RouteGroup("sign-in",        List.of("/login", "/logout", "/lang/*"), Access.ANYONE,        DuringMaintenance.OPEN,                true),
            new RouteGroup("admin",          List.of("/admin", "/admin/*"),           Access.ADMINISTRATOR, DuringMaintenance.ADMINISTRATORS_ONLY, true),
            new RouteGroup("account",        List.of("/account", "/account/*"),       Access.SIGNED_IN,     DuringMaintenance.CLOSED,              true),
            // no API route yet: until API tokens come, /api/* follows the public rule; maintenance answers it in JSON
            new RouteGroup("api",            List.of("/api/*"),                       Access.ANYONE,        DuringMaintenance.CLOSED,              true),
            new RouteGroup("public",         List.of("*"),                            Access.ANYONE,        DuringMaintenance.CLOSED,              true));

    private final Javalin app;
    private final InFlightRequests inFlight = new InFlightRequests();
    private volatile boolean draining;
    private final String host;
    private final int requestedPort;
    private final ConfigWatcher configWatcher;
    private final AdminHandlers admin;

    /** {@code extraRoutes} lets tests add a route (e.g. one that blocks) beside the real ones. */
    WebServer(Athanor athanor, String host, int port, java.nio.file.Path logDir,
              java.util.function.Consumer<io.javalin.config.RoutesConfig> extraRoutes) {
        this.host = host;
        this.requestedPort = port;
        Pages pages = new Pages();
        this.configWatcher = athanor.liveConfig();
        Supplier<AthanorConfig> live = configWatcher::current;
        Csrf csrf = new Csrf(athanor.config().main().key());
        Views views = new Views(live, csrf);
        SessionLoader sessions = new SessionLoader(athanor.sessions(), athanor.rememberTokens(), athanor.users(), ROUTE_GROUPS);
        MaintenanceGate maintenance = new MaintenanceGate(live, ROUTE_GROUPS, views::of, pages);
        Gate gate = new Gate(views, sessions, maintenance);
        ErrorPages errors = new ErrorPages(gate, pages);
        DatabaseOutage outage = new DatabaseOutage(athanor.appboxHealth(), gate::view, pages);
        DataboxSummaries summaries = new DataboxSummaries(athanor.databoxes(), athanor.collections(), id -> athanor.recordStore(id).count());
        this.admin = new AdminHandlers(new AdminHandlers.Services(athanor.users(), athanor.rights(), athanor.databoxes(),
                athanor.collections(), summaries, athanor.sessions(), athanor.taskManager(), athanor.jobs(), athanor.adminLog(),
                athanor.maintenance()), gate, pages, live,
                new TaskManagerHandlers(athanor.taskManager(), athanor.jobs(), athanor.adminLog(), gate, pages, logDir));
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> server.setHandler(inFlight));   // Javalin mounts its handler inside
            config.routes.before(SecurityHeaders::apply);
            // ctx.ip() and ctx.scheme() believe X-Forwarded-* only from http.trusted_proxies
            config.contextResolver.ip = ctx -> ClientAddress.of(ctx, live.get().http().trustedProxies());
            config.contextResolver.scheme = ctx -> ClientAddress.https(ctx, live.get().http().trustedProxies()) ? "https" : ctx.req().getScheme();
            config.routes.before(ctx -> {
                if (draining) {
                    ctx.header("Connection", "close").header("Retry-After", "5");
                    throw new io.javalin.http.ServiceUnavailableResponse("This Athanor server is stopping; retry on another node.");
                }
            });
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {   // the console's style sheet: the CSP allows no inline style
                files.hostedPath = "/static";
                files.directory = "/public";
                files.location = io.javalin.http.staticfiles.Location.CLASSPATH;
            });
            config.routes.before(outage::check);
            // every request, in this order; the last four follow the request's group in ROUTE_GROUPS
            config.routes.before(new LanguageNegotiation());
            config.routes.before(sessions);                                              // who is signed in; "remember me"
            config.routes.before(maintenance);                                           // 503 + Retry-After
            config.routes.before(new AccessRule(ROUTE_GROUPS, views::of, pages));        // /login, or 403
            config.routes.before(new CsrfGuard(ROUTE_GROUPS, csrf, views::of, pages));   // POSTs carry the forms' token
            config.routes.get("/health", new HealthHandler(outage, live));
            config.routes.get("/about", new AboutHandler(athanor.config().registry().title(), summaries, pages));
            new LoginHandlers(athanor.loginThrottle(), athanor.users(), athanor.sessions(), gate, pages).register(config.routes);
            admin.register(config.routes);
            config.routes.exception(Halt.class, (e, ctx) -> e.answer(ctx));
            extraRoutes.accept(config.routes);
            config.routes.exception(DatabaseHealth.FAILURE, (e, ctx) -> {
                if (outage.isOutage(e)) {
                    outage.unavailable().answer(ctx);
                    return;
                }
                LOG.error("{} {} failed", ctx.method(), Text.forLog(ctx.path()), e);
                errors.answer(ctx, 500, "Server error", "SERVER_ERROR");
            });
            config.routes.exception(AthanorException.class, (e, ctx) -> {
                if (outage.isOutage(e)) {
                    outage.unavailable().answer(ctx);
                    return;
                }
                errors.answer(ctx, e.code().httpStatus(), e.getMessage(), e.code().name());
            });
            // Javalin's own page would put the message (which may echo the URL) into HTML unescaped
            config.routes.exception(io.javalin.http.HttpResponseException.class, (e, ctx) -> {
                errors.answer(ctx, e.getStatus(), e.getMessage(), e.getStatus() == 404 ? ErrorCode.NOT_FOUND.name() : "HTTP_" + e.getStatus());
            });
        });
    }

    /** Create the server for an opened installation; nothing listens until {@link #start()}. Port 0 picks a free port. */
    public static WebServer create(Athanor athanor, String host, int port) {
        return new WebServer(athanor, host, port, defaultLogDir(athanor), routes -> { });
    }

    /** The folder of the scheduler's and tasks' logs: {@code main.storage.log}, else the program folder's {@code logs/}. */
    static java.nio.file.Path defaultLogDir(Athanor athanor) {
        String home = System.getProperty("athanor.home");
        java.nio.file.Path program = (home == null || home.isBlank() ? java.nio.file.Path.of("") : java.nio.file.Path.of(home)).toAbsolutePath();
        return athanor.config().main().storage().logDir(program.resolve("logs"));
    }

    /** Start listening; returns once the port is bound. */
    public WebServer start() {
        try {
            app.start();
            configWatcher.start();
        } catch (RuntimeException e) {
            if (PortInUse.causes(e))
                throw new AthanorException(ErrorCode.PORT_IN_USE, "Port " + requestedPort + " on " + host + " is already in use. "
                        + "Stop the other process, or set http.port in config/configuration.yml (or pass --port).", e);
            throw e;
        }
        LOG.info("listening on {}", port());
        return this;
    }

    /** The port listened on (useful with port 0). */
    public int port() {
        return app.port();
    }

    /** The admin console's routes, as {@code "GET /admin/users/{id}"}. */
    java.util.List<String> adminRoutes() {
        return admin.routes();
    }

    /** Requests being served right now. */
    public int inFlight() {
        return inFlight.count();
    }

    /** Answer every new request with 503 from now on; requests in flight go on. */
    public void startDraining() {
        draining = true;
    }

    /** Stop accepting requests, let those in flight finish up to {@code deadline}, then stop; blocks until stopped. */
    public void stopGracefully(Duration deadline) {
        startDraining();
        long end = System.nanoTime() + deadline.toNanos();
        while (inFlight.count() > 0 && System.nanoTime() < end) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.count() > 0) LOG.warn("{} request(s) still running after {} s: stopping anyway", inFlight.count(), deadline.toSeconds());
        app.stop();
        configWatcher.close();
        LOG.info("stopped");
    }

    @Override public void close() {
        stopGracefully(Duration.ZERO);
    }
}
