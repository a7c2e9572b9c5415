package org.athanor.appbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Slows down password guessing: after {@link #MAX_PER_LOGIN} failures for one login from one IP, or
 * {@link #MAX_PER_IP} failures from one IP whatever the login, within {@link #WINDOW}, logins are refused until the
 * window has passed.
 *
 * <p>Check and count are one step, so that parallel attempts cannot all pass the check before any is counted: an
 * attempt first writes its failure row, then counts the rows of the window, its own included. An attempt whose row
 * is the sixth to be committed sees at least six rows whatever the order of the others, so at most
 * {@link #MAX_PER_LOGIN} passwords are checked, even across several servers sharing the appbox. The row stays when
 * the password is wrong, and goes when it is right or when the attempt is refused.
 */
public final class LoginThrottle {
    /** The period failures are counted over. */
    public static final Duration WINDOW = Duration.ofMinutes(15);
    /** Failures allowed for one login from one IP within the window. */
    public static final int MAX_PER_LOGIN = 5;
    /** Failures allowed from one IP within the window, all logins together. */
    public static final int MAX_PER_IP = 20;

    private final Jdbi appbox;

    public LoginThrottle(Jdbi appbox) {
        this.appbox = appbox;
    }

    /** One sign-in attempt let through to the password check; counted as a failure until {@link #succeeded()}. */
    public final class Attempt {
        private final long row;
        private final String login;
        private final String ip;

        private Attempt(long row, String login, String ip) {
            this.row = row;
            this.login = login;
            this.ip = ip;
        }

        /** The password was right: forget this login's failures from this IP, and failures older than the window. */
        public void succeeded() {
            appbox.useHandle(h -> {
                h.createUpdate("DELETE FROM login_failures WHERE id = :id OR (login = :l AND ip = :ip)")
                        .bind("id", row).bind("l", login).bind("ip", ip).execute();
                h.createUpdate("DELETE FROM login_failures WHERE failed_at < :old").bind("old", Instant.now().minus(WINDOW)).execute();
            });
        }

        /** The password was wrong: the attempt stays counted (nothing to write). */
        public void failed() {
            // the row written by begin() is the failure
        }
    }

    /**
     * Count an attempt for {@code login} from {@code ip} and return it, or return empty when the attempt must be
     * refused without checking the password (too many failures within the window).
     */
    public Optional<Attempt> begin(String login, String ip) {
        String l = norm(login);
        String a = ip(ip);
        Instant now = Instant.now();
        long row = appbox.withHandle(h -> h.createUpdate("INSERT INTO login_failures (login, ip, failed_at) VALUES (:l, :ip, :now)")
                .bind("l", l).bind("ip", a).bind("now", now)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        boolean refused = appbox.withHandle(h -> tooMany(h, l, a, now.minus(WINDOW)));
        if (refused) {
            appbox.useHandle(h -> h.createUpdate("DELETE FROM login_failures WHERE id = :id").bind("id", row).execute());
            return Optional.empty();
        }
        return Optional.of(new Attempt(row, l, a));
    }

    /** Return true when a login attempt for {@code login} from {@code ip} would be refused now (nothing is counted). */
    public boolean blocked(String login, String ip) {
        return appbox.withHandle(h -> {
            String l = norm(login);
            String a = ip(ip);
            Instant since = Instant.now().minus(WINDOW);
            return perLogin(h, l, a, since) >= MAX_PER_LOGIN || perIp(h, a, since) >= MAX_PER_IP;
        });
    }

    private static boolean tooMany(Handle h, String login, String ip, Instant since) {
        return perLogin(h, login, ip, since) > MAX_PER_LOGIN || perIp(h, ip, since) > MAX_PER_IP;
    }

    private static int perLogin(Handle h, String login, String ip, Instant since) {
        return h.createQuery("SELECT COUNT(*) FROM login_failures WHERE login = :l AND ip = :ip AND failed_at > :since")
                .bind("l", login).bind("ip", ip).bind("since", since).mapTo(Integer.class).one();
    }

    private static int perIp(Handle h, String ip, Instant since) {
        return h.createQuery("SELECT COUNT(*) FROM login_failures WHERE ip = :ip AND failed_at > :since")
                .bind("ip", ip).bind("since", since).mapTo(Integer.class).one();
    }

    private static String norm(String login) {
        return SessionService.cut(login == null ? "" : login.strip().toLowerCase(Locale.ROOT), 128);
    }

    private static String ip(String ip) {
        return SessionService.cut(ip == null ? "" : ip, 64);
    }
}
