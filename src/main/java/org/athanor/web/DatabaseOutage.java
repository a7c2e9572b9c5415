package org.athanor.web;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.athanor.core.Text;
import org.athanor.db.DatabaseHealth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the web server does while the appbox does not answer: every request gets a 503 page (Phraseanet's JSON
 * envelope under {@code /api/}) at once instead of waiting for the pool, and the log gets one line when the outage
 * starts and one when it ends, instead of a stack trace per request.
 *
 * <p>An outage starts when a request fails for want of a connection. While it lasts, at most one request per
 * {@link #PROBE_EVERY} asks the database whether it answers again (waiting at most {@link #WAIT}); the others are
 * answered 503 without touching it.
 */
final class DatabaseOutage {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
    /** The longest a web request waits for a connection of the appbox. */
    static final Duration WAIT = Duration.ofMillis(800);
    /** How often, during an outage, one request checks whether the database is back. */
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final DatabaseHealth appbox;
    private final Function<Context, View> views;
    private final Pages pages;
    private final AtomicLong since = new AtomicLong();       // System.nanoTime() of the start; 0 when up
    private final AtomicLong nextProbe = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    DatabaseOutage(DatabaseHealth appbox, Function<Context, View> views, Pages pages) {
        this.appbox = appbox;
        this.views = views;
        this.pages = pages;
        appbox.limitConnectionWait(WAIT);
    }

    /** Return whether an outage is going on. */
    boolean isOn() {
        return since.get() != 0;
    }

    /** Before every request: during an outage answer 503 at once, unless it is time to check whether the database is back. */
    void check(Context ctx) {
        if (!isOn() || ctx.path().equals("/health") || ctx.path().startsWith("/webjars/")) return;
        if (!probeDue()) throw unavailable();
        if (appbox.answers(WAIT)) ended();
        else throw unavailable();
    }

    /** Return whether the database answers now, for {@code /health}; during an outage, without waiting between probes. */
    boolean databaseAnswers() {
        if (isOn() && !probeDue()) return false;
        if (appbox.answers(WAIT)) {
            if (isOn()) ended();
            return true;
        }
        started("the database does not answer /health's check within " + WAIT.toMillis() + " ms");
        return false;
    }

    /** Return true (and start the outage) when {@code e} comes from a connection that could not be had or was lost. */
    boolean isOutage(Throwable e) {
        String cause = DatabaseHealth.connectionFailure(e);
        if (cause == null) return false;
        started(cause);
        return true;
    }

    /** The 503 answer: a page, or the JSON envelope under {@code /api/} and for JSON clients. */
    Halt unavailable() {
        refused.incrementAndGet();
        return new Halt(ctx -> {
            ctx.status(503).header("Retry-After", "10");
            boolean api = ctx.path().startsWith("/api/") || String.valueOf(ctx.header("Accept")).startsWith("application/json");
            if (api) {
                ctx.json(Map.of("meta", Map.of("http_code", 503, "error_type", "ServiceUnavailable",
                        "error_message", "database unavailable", "error_details", "The database does not answer; retry later.")));
            } else {
                View v = views.apply(ctx);
                ctx.html(pages.render("message.jte", new MessagePage(v, v.t("unavailable.title"), v.t("unavailable.text"), "")));
            }
        });
    }

    private boolean probeDue() {
        long now = System.nanoTime();
        long next = nextProbe.get();
        return now - next >= 0 && nextProbe.compareAndSet(next, now + PROBE_EVERY.toNanos());
    }

    private void started(String cause) {
        long now = System.nanoTime();
        if (since.compareAndSet(0, now)) {
            nextProbe.set(now + PROBE_EVERY.toNanos());
            refused.set(0);
            LOG.error("{} does not answer: {}. Requests get 503 until it answers again (checked every {} s).",
                    appbox.describe(), Text.forLog(cause), PROBE_EVERY.toSeconds());
        }
    }

    private void ended() {
        long start = since.getAndSet(0);
        if (start != 0) LOG.warn("{} answers again after {} s; {} request(s) got 503 meanwhile.", appbox.describe(),
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), refused.get());
    }
}
