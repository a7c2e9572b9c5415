package org.athanor.appbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.athanor.core.Text;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The log of administrators' actions (admin console and CLI): kept in the appbox and written to the log file. */
public final class AdminLog {
    private static final Logger LOG = LoggerFactory.getLogger(AdminLog.class);

    private final Jdbi appbox;
    private final Clock clock;

    public AdminLog(Jdbi appbox, Clock clock) {
        this.appbox = appbox;
        this.clock = clock;
    }

    /** The actor of an action taken from the command line: {@code cli:<system user>}, e.g. {@code cli:root}. */
    public static String cliActor() {
        return "cli:" + System.getProperty("user.name");
    }

    /** One action: who did what, from where, when. */
    public record Entry(long id, String actor, String action, String detail, String ip, Instant at) {}

    /** Record an action by {@code actor} (a login, or {@code cli:<system user>}). */
    public void record(String actor, String action, String detail, String ip) {
        LOG.info("admin action by {} from {}: {} {}", Text.forLog(actor), Text.forLog(ip), Text.forLog(action),
                detail == null ? "" : Text.forLog(detail));
        appbox.useHandle(h -> h.createUpdate("INSERT INTO admin_actions (actor, action, detail, ip, created_at) VALUES (:a, :act, :d, :ip, :now)")
                .bind("a", SessionService.cut(actor, 128)).bind("act", SessionService.cut(action, 64))
                .bind("d", SessionService.cut(detail, 1024)).bind("ip", SessionService.cut(ip, 64)).bind("now", clock.instant()).execute());
    }

    /** The latest {@code limit} actions, newest first. */
    public List<Entry> recent(int limit) {
        return appbox.withHandle(h -> h.createQuery("SELECT id, actor, action, detail, ip, created_at FROM admin_actions ORDER BY id DESC")
                .setMaxRows(limit)
                .map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getString("actor"), rs.getString("action"), rs.getString("detail"),
                        rs.getString("ip"), ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "created_at", ctx)))
                .list());
    }
}
