package org.athanor.appbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Web sessions as rows of the appbox, so that every server node sees a disconnection at the next request.
 *
 * <p>A session ends when its row is deleted, when it has been idle longer than {@code idle} (zero: never), or when
 * it is older than {@code lifetime}.
 */
public final class SessionService {
    private static final String SELECT = "SELECT s.id, s.user_id, u.login, s.ip, s.user_agent, s.module, s.created_at, s.last_seen,"
            + " s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id";

    private final Jdbi appbox;
    private final Duration idle;
    private final Duration lifetime;

    public SessionService(Jdbi appbox, Duration idle, Duration lifetime) {
        this.appbox = appbox;
        this.idle = idle;
        this.lifetime = lifetime;
    }

    /** A session just opened, with the token to put in the cookie (shown once, stored only as its hash). */
    public record Opened(String token, Session session) {}

    /** Open a session for {@code user}. */
    public Opened open(UserId user, String ip, String userAgent, String module) {
        String token = Tokens.random();
        String id = Tokens.hash(token);
        Instant now = Instant.now();
        appbox.useHandle(h -> h.createUpdate("""
                INSERT INTO sessions (id, user_id, ip, user_agent, module, created_at, last_seen, expires_at)
                VALUES (:id, :user, :ip, :ua, :module, :now, :now, :expires)""")
                .bind("id", id).bind("user", user.value()).bind("ip", cut(ip, 64)).bind("ua", cut(userAgent, 512))
                .bind("module", cut(module, 32)).bind("now", now).bind("expires", now.plus(lifetime)).execute());
        return new Opened(token, find(id).orElseThrow());
    }

    /** Return the live session of a cookie token and mark it seen now; an expired or idle session is deleted. */
    public Optional<Session> touch(String token, String module) {
        if (token == null || token.isBlank()) return Optional.empty();
        String id = Tokens.hash(token);
        Optional<Session> found = find(id);
        if (found.isEmpty()) return found;
        Session s = found.get();
        Instant now = Instant.now();
        if (!now.isBefore(s.expiresAt()) || (!idle.isZero() && s.lastSeen().plus(idle).isBefore(now))) {
            disconnect(id);
            return Optional.empty();
        }
        appbox.useHandle(h -> h.createUpdate("UPDATE sessions SET last_seen = :now, module = :module WHERE id = :id")
                .bind("now", now).bind("module", cut(module, 32)).bind("id", id).execute());
        return Optional.of(new Session(s.id(), s.user(), s.login(), s.ip(), s.userAgent(), module, s.createdAt(), now, s.expiresAt()));
    }

    /** Return the session with this id (the token's hash). */
    public Optional<Session> find(String id) {
        return appbox.withHandle(h -> h.createQuery(SELECT + " WHERE s.id = :id").bind("id", id).map(SessionService::map).findOne());
    }

    /** Every session, most recently seen first. */
    public List<Session> list() {
        return appbox.withHandle(h -> h.createQuery(SELECT + " ORDER BY s.last_seen DESC").map(SessionService::map).list());
    }

    /** The sessions of one user, most recently seen first. */
    public List<Session> ofUser(UserId user) {
        return appbox.withHandle(h -> h.createQuery(SELECT + " WHERE s.user_id = :u ORDER BY s.last_seen DESC")
                .bind("u", user.value()).map(SessionService::map).list());
    }

    /**
     * Return the session whose id is {@code idOrPrefix} or starts with it (8 characters at least).
     *
     * @throws AthanorException {@link ErrorCode#NOT_FOUND} when none matches, {@link ErrorCode#BAD_ARGUMENT} when several do
     */
    public Session require(String idOrPrefix) {
        String p = idOrPrefix == null ? "" : idOrPrefix.strip().toLowerCase(java.util.Locale.ROOT);
        if (!p.matches("[0-9a-f]{8,64}"))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "session id '" + idOrPrefix
                    + "': give the id shown by sessions:list (64 hex digits, or its first 8 or more)");
        List<Session> matching = list().stream().filter(s -> s.id().startsWith(p)).toList();
        if (matching.isEmpty()) throw new AthanorException(ErrorCode.NOT_FOUND,
                "No session with id " + p + ": it may have ended already. See bin/console sessions:list.");
        if (matching.size() > 1) throw new AthanorException(ErrorCode.BAD_ARGUMENT,
                matching.size() + " sessions have ids starting with " + p + ": give more digits.");
        return matching.get(0);
    }

    /** End one session; return whether it existed. */
    public boolean disconnect(String id) {
        return appbox.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE id = :id").bind("id", id).execute()) > 0;
    }

    /** End every session of a user, and forget their "remember me" tokens; return how many sessions ended. */
    public int disconnectUser(UserId user) {
        return appbox.inTransaction(h -> {
            h.createUpdate("DELETE FROM remember_tokens WHERE user_id = :u").bind("u", user.value()).execute();
            return h.createUpdate("DELETE FROM sessions WHERE user_id = :u").bind("u", user.value()).execute();
        });
    }

    /** End the sessions of a user except {@code keepId}; return how many ended. */
    public int disconnectOthers(UserId user, String keepId) {
        return appbox.withHandle(h -> h.createUpdate("DELETE FROM sessions WHERE user_id = :u AND id <> :keep")
                .bind("u", user.value()).bind("keep", keepId).execute());
    }

    /** End every session of everybody and forget every "remember me" token; return how many sessions ended. */
    public int disconnectAll() {
        return appbox.inTransaction(h -> {
            h.createUpdate("DELETE FROM remember_tokens").execute();
            return h.createUpdate("DELETE FROM sessions").execute();
        });
    }

    /** Delete the sessions past their lifetime or idle time; return how many. */
    public int purgeExpired() {
        Instant now = Instant.now();
        return appbox.withHandle(h -> {
            int n = h.createUpdate("DELETE FROM sessions WHERE expires_at <= :now").bind("now", now).execute();
            if (!idle.isZero()) n += h.createUpdate("DELETE FROM sessions WHERE last_seen < :limit").bind("limit", now.minus(idle)).execute();
            return n;
        });
    }

    private static Session map(ResultSet rs, StatementContext ctx) throws SQLException {
        var instant = ctx.findColumnMapperFor(Instant.class).orElseThrow();
        return new Session(rs.getString("id"), new UserId(rs.getLong("user_id")), rs.getString("login"), rs.getString("ip"),
                rs.getString("user_agent"), rs.getString("module"), instant.map(rs, "created_at", ctx),
                instant.map(rs, "last_seen", ctx), instant.map(rs, "expires_at", ctx));
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
