package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.athanor.Athanor;
import org.athanor.appbox.RememberTokens;
import org.athanor.appbox.Session;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.Tokens;
import org.athanor.appbox.User;
import org.athanor.appbox.UserId;
import org.athanor.config.AthanorConfig;

/**
 * What every request goes through before its handler: language, session (checked in the appbox each time),
 * "remember me", maintenance mode, access to {@code /admin/} and {@code /account}, CSRF check of every POST.
 */
final class Gate {
    static final String SESSION_COOKIE = "athanor_session";
    static final String REMEMBER_COOKIE = "athanor_remember";
    static final String CSRF_COOKIE = "athanor_csrf";
    static final String LANG_COOKIE = "athanor_lang";
    private static final String SESSION = "athanor.session";
    private static final String USER = "athanor.user";
    private static final String LANG = "athanor.lang";

    private final Athanor athanor;
    private final Supplier<AthanorConfig> config;
    private final Csrf csrf;
    private final Pages pages;

    Gate(Athanor athanor, Supplier<AthanorConfig> config, Pages pages) {
        this.athanor = athanor;
        this.config = config;
        this.csrf = new Csrf(athanor.config().main().key());
        this.pages = pages;
    }

    /** Run the checks; throws {@link Halt} to answer instead of the handler. */
    void check(Context ctx) {
        String path = ctx.path();
        ctx.attribute(LANG, language(ctx));
        if (path.equals("/health") || path.startsWith("/webjars/")) return;
        resolveUser(ctx);
        User user = user(ctx);
        boolean adminPath = path.equals("/admin") || path.startsWith("/admin/");
        AthanorConfig c = config.get();
        if (c.main().maintenance() && !(adminPath && user != null && user.admin()) && !signingInOrOut(path)) throw maintenance(ctx, c);
        if (adminPath) {
            if (user == null) throw Halt.redirect("/login");
            if (!user.admin()) throw Halt.html(403, pages.render("message.jte",
                    new MessagePage(view(ctx), view(ctx).t("forbidden.title"), view(ctx).t("forbidden.text"), "")));
        }
        if ((path.equals("/account") || path.startsWith("/account/")) && user == null) throw Halt.redirect("/login");
        if (ctx.method().name().equals("POST")) {
            String given = ctx.formParam(Csrf.FIELD);
            if (given == null) given = ctx.header(Csrf.HEADER);
            if (!Csrf.matches(csrfToken(ctx), given)) {
                if (user == null && !path.equals("/login")) throw Halt.redirect("/login");
                throw Halt.html(403, pages.render("message.jte",
                        new MessagePage(view(ctx), view(ctx).t("csrf.title"), view(ctx).t("csrf.text"), "")));
            }
        }
    }

    /** During maintenance these still answer: signing out always works, and administrators may sign in. */
    private static boolean signingInOrOut(String path) {
        return path.equals("/login") || path.equals("/logout") || path.startsWith("/lang/");
    }

    /** Return whether maintenance mode is on now. */
    boolean maintenanceOn() {
        return config.get().main().maintenance();
    }

    /** The 503 answer of maintenance mode: the page with the message, or Phraseanet's JSON envelope under /api/. */
    Halt maintenance(Context ctx) {
        return maintenance(ctx, config.get());
    }

    private Halt maintenance(Context ctx, AthanorConfig c) {
        long retry = c.registry().maintenanceRetryAfter().toSeconds();
        String message = c.registry().maintenanceMessage();
        boolean api = ctx.path().startsWith("/api/") || String.valueOf(ctx.header("Accept")).startsWith("application/json");
        return new Halt(x -> {
            x.status(503).header("Retry-After", Long.toString(retry));
            if (api) x.json(Map.of("meta", Map.of("http_code", 503, "error_message", "maintenance", "error_details", message)));
            else {
                View v = view(x);
                x.html(pages.render("message.jte", new MessagePage(v, v.t("maintenance.title"), v.t("maintenance.text"), message)));
            }
        });
    }

    private void resolveUser(Context ctx) {
        SessionService sessions = athanor.sessions();
        String module = moduleOf(ctx.path());
        Optional<Session> s = sessions.touch(ctx.cookie(SESSION_COOKIE), module);
        if (s.isEmpty()) {
            String remember = ctx.cookie(REMEMBER_COOKIE);
            if (remember != null) {
                Optional<UserId> uid = athanor.rememberTokens().redeem(remember);
                if (uid.isPresent()) {
                    s = Optional.of(openSession(ctx, uid.get(), module, true));
                } else {
                    ctx.removeCookie(REMEMBER_COOKIE, "/");
                }
            }
            if (s.isEmpty() && ctx.cookie(SESSION_COOKIE) != null) ctx.removeCookie(SESSION_COOKIE, "/");
        }
        if (s.isPresent()) {
            Optional<User> u = athanor.users().findById(s.get().user());
            if (u.isPresent()) {
                ctx.attribute(SESSION, s.get());
                ctx.attribute(USER, u.get());
            }
        }
    }

    /** Open a session for a user who just proved who they are; set its cookie (and a new "remember me" cookie when asked). */
    Session openSession(Context ctx, UserId user, String module, boolean remember) {
        SessionService.Opened opened = athanor.sessions().open(user, ctx.ip(), ctx.userAgent(), module);
        ctx.cookie(cookie(ctx, SESSION_COOKIE, opened.token(), -1));
        if (remember) {
            String token = athanor.rememberTokens().issue(user);
            ctx.cookie(cookie(ctx, REMEMBER_COOKIE, token, (int) RememberTokens.LIFETIME.toSeconds()));
        }
        ctx.attribute(SESSION, opened.session());
        athanor.users().findById(user).ifPresent(u -> ctx.attribute(USER, u));
        return opened.session();
    }

    /** End the request's session: row, "remember me" token and cookies. */
    void closeSession(Context ctx) {
        Session s = session(ctx);
        if (s != null) athanor.sessions().disconnect(s.id());
        athanor.rememberTokens().forget(ctx.cookie(REMEMBER_COOKIE));
        forgetCookies(ctx);
    }

    /** Remove the session and "remember me" cookies from the browser. */
    static void forgetCookies(Context ctx) {
        ctx.removeCookie(SESSION_COOKIE, "/");
        ctx.removeCookie(REMEMBER_COOKIE, "/");
    }

    /**
     * The cookie attributes Athanor uses: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS (directly, or
     * as a trusted proxy says: {@link ClientAddress#https}).
     */
    static Cookie cookie(Context ctx, String name, String value, int maxAge) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme());
        return new Cookie(name, value, "/", maxAge, https, true, null, SameSite.LAX);
    }

    /** The CSRF token of this request's forms; before sign-in it is made and put in a cookie when missing. */
    String csrfToken(Context ctx) {
        Session s = session(ctx);
        if (s != null) return csrf.forSession(s.id());
        String anonymous = ctx.attribute(CSRF_COOKIE);
        if (anonymous == null) anonymous = ctx.cookie(CSRF_COOKIE);
        if (anonymous == null || anonymous.isBlank()) {
            anonymous = Tokens.random();
            ctx.cookie(cookie(ctx, CSRF_COOKIE, anonymous, -1));
        }
        ctx.attribute(CSRF_COOKIE, anonymous);
        return anonymous;
    }

    /** The frame of a page for this request. */
    View view(Context ctx) {
        String lang = ctx.attribute(LANG);
        if (lang == null) lang = language(ctx);
        User u = user(ctx);
        return new View(lang, Messages.of(lang), config.get().registry().title(), csrfToken(ctx), u == null ? null : u.login(),
                u != null && u.admin(), "", ctx.path());
    }

    static Session session(Context ctx) {
        return ctx.attribute(SESSION);
    }

    static User user(Context ctx) {
        return ctx.attribute(USER);
    }

    private static String language(Context ctx) {
        String chosen = ctx.cookie(LANG_COOKIE);
        if (chosen != null && Messages.LANGUAGES.contains(chosen)) return chosen;
        return Messages.fromAcceptLanguage(ctx.header("Accept-Language"));
    }

    private static String moduleOf(String path) {
        if (path.startsWith("/admin")) return "admin";
        if (path.startsWith("/api/")) return "api";
        return "account";
    }
}
