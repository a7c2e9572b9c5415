package org.athanor.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.athanor.core.Text;
import org.athanor.appbox.LoginThrottle;
import org.athanor.appbox.Session;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /login}, {@code /logout}, {@code /lang/{lang}}, {@code /account}: signing in and out, one's own sessions. */
final class LoginHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(LoginHandlers.class);

    /** Password checks (argon2id, 19 MiB each) running at once; a sign-in beyond them gets 429 at once. */
    static final int MAX_VERIFYING = 4;

    private final Semaphore verifying = new Semaphore(MAX_VERIFYING);
    private final LoginThrottle loginThrottle;
    private final UserService users;
    private final SessionService sessions;
    private final Gate gate;
    private final Pages pages;

    LoginHandlers(LoginThrottle loginThrottle, UserService users, SessionService sessions, Gate gate, Pages pages) {
        this.loginThrottle = loginThrottle;
        this.users = users;
        this.sessions = sessions;
        this.gate = gate;
        this.pages = pages;
    }

    void register(RoutesConfig routes) {
        routes.get("/login", this::loginForm);
        routes.post("/login", this::login);
        routes.post("/logout", this::logout);
        routes.get("/lang/{lang}", this::language);
        routes.get("/account", this::account);
        routes.post("/account/disconnect-others", this::disconnectOthers);
        routes.get("/", ctx -> {
            User u = Gate.user(ctx);
            ctx.redirect(u == null ? "/login" : u.admin() ? "/admin/" : "/account");
        });
    }

    private void loginForm(Context ctx) {
        User u = Gate.user(ctx);
        if (u != null) {
            ctx.redirect(home(u));
            return;
        }
        View view = gate.view(ctx);
        ctx.html(pages.render("login.jte", new LoginPage(view, "", "", maintenanceNotice(view))));
    }

    private String maintenanceNotice(View view) {
        return gate.maintenanceOn() ? view.t("login.maintenance") : "";
    }

    private void login(Context ctx) {
        String login = String.valueOf(ctx.formParam("login")).strip();
        String password = ctx.formParam("password");
        String ip = ctx.ip();
        View view = gate.view(ctx);
        if (!verifying.tryAcquire()) {
            LOG.warn("login refused for '{}' from {}: {} password checks already running", Text.forLog(login), Text.forLog(ip), MAX_VERIFYING);
            ctx.status(429).header("Retry-After", "5")
                    .html(pages.render("login.jte", new LoginPage(view, login, view.t("login.busy"), maintenanceNotice(view))));
            return;
        }
        Optional<User> user;
        try {
            Optional<LoginThrottle.Attempt> attempt = loginThrottle.begin(login, ip);
            if (attempt.isEmpty()) {
                LOG.warn("login refused for '{}' from {}: too many failures", Text.forLog(login), Text.forLog(ip));
                ctx.status(429).header("Retry-After", Long.toString(LoginThrottle.WINDOW.toSeconds()))
                        .html(pages.render("login.jte", new LoginPage(view, login, view.t("login.throttled"), maintenanceNotice(view))));
                return;
            }
            user = users.authenticate(login, password == null ? "" : password);
            if (user.isEmpty()) attempt.get().failed();
            else attempt.get().succeeded();
        } finally {
            verifying.release();
        }
        if (user.isEmpty()) {
            LOG.info("failed login for '{}' from {}", Text.forLog(login), Text.forLog(ip));
            ctx.status(401).html(pages.render("login.jte", new LoginPage(view, login, view.t("login.failed"), maintenanceNotice(view))));
            return;
        }
        if (gate.maintenanceOn() && !user.get().admin()) {
            LOG.info("{} may not sign in from {}: maintenance is on", Text.forLog(user.get().login()), Text.forLog(ip));
            throw gate.maintenance(ctx);
        }
        sessions.purgeExpired();
        Session old = Gate.session(ctx);
        if (old != null) sessions.disconnect(old.id());
        gate.openSession(ctx, user.get().id(), user.get().admin() ? "admin" : "account", ctx.formParam("remember") != null);
        LOG.info("{} signed in from {}", Text.forLog(user.get().login()), Text.forLog(ip));
        ctx.redirect(home(user.get()));
    }

    private void logout(Context ctx) {
        gate.closeSession(ctx);
        ctx.redirect("/login");
    }

    private void language(Context ctx) {
        String lang = ctx.pathParam("lang");
        if (Messages.LANGUAGES.contains(lang)) ctx.cookie(Gate.cookie(ctx, Gate.LANG_COOKIE, lang, 365 * 24 * 3600));
        ctx.redirect(SafeRedirect.localPath(ctx.queryParam("back")));
    }

    private void account(Context ctx) {
        Session current = Gate.session(ctx);
        User u = Gate.user(ctx);
        ctx.html(pages.render("account.jte", new AccountPage(gate.view(ctx),
                SessionRow.all(sessions.ofUser(u.id()), current.id()))));
    }

    private void disconnectOthers(Context ctx) {
        Session current = Gate.session(ctx);
        int n = sessions.disconnectOthers(current.user(), current.id());
        LOG.info("{} ended {} other session(s) of their own", Text.forLog(current.login()), n);
        ctx.redirect("/account");
    }

    static String home(User u) {
        return u.admin() ? "/admin/" : "/account";
    }
}
