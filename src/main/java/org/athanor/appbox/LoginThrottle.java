package org.athanor.appbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jdbi.v3.core.Jdbi;

/**
 * Slows down password guessing: after {@link #MAX_PER_LOGIN} failures for one login from one IP, or
 * {@link #MAX_PER_IP} failures from one IP whatever the login, within {@link #WINDOW}, logins are refused until the
 * window has passed.
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

    /** Return true when a login attempt for {@code login} from {@code ip} must be refused without checking the password. */
    public boolean blocked(String login, String ip) {
        Instant since = Instant.now().minus(WINDOW);
        return appbox.withHandle(h -> {
            int perLogin = h.createQuery("SELECT COUNT(*) FROM login_failures WHERE login = :l AND ip = :ip AND failed_at > :since")
                    .bind("l", norm(login)).bind("ip", ip(ip)).bind("since", since).mapTo(Integer.class).one();
            if (perLogin >= MAX_PER_LOGIN) return true;
            return h.createQuery("SELECT COUNT(*) FROM login_failures WHERE ip = :ip AND failed_at > :since")
                    .bind("ip", ip(ip)).bind("since", since).mapTo(Integer.class).one() >= MAX_PER_IP;
        });
    }

    /** Count a failed attempt. */
    public void failed(String login, String ip) {
        appbox.useHandle(h -> h.createUpdate("INSERT INTO login_failures (login, ip, failed_at) VALUES (:l, :ip, :now)")
                .bind("l", norm(login)).bind("ip", ip(ip)).bind("now", Instant.now()).execute());
    }

    /** Forget the failures of a login from an IP after a success, and failures older than the window. */
    public void succeeded(String login, String ip) {
        appbox.useHandle(h -> {
            h.createUpdate("DELETE FROM login_failures WHERE login = :l AND ip = :ip").bind("l", norm(login)).bind("ip", ip(ip)).execute();
            h.createUpdate("DELETE FROM login_failures WHERE failed_at < :old").bind("old", Instant.now().minus(WINDOW)).execute();
        });
    }

    private static String norm(String login) {
        return SessionService.cut(login == null ? "" : login.strip().toLowerCase(Locale.ROOT), 128);
    }

    private static String ip(String ip) {
        return SessionService.cut(ip == null ? "" : ip, 64);
    }
}
