package org.athanor.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import org.athanor.Athanor;
import org.athanor.appbox.Session;
import org.athanor.appbox.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /login}, {@code /logout}, {@code /lang/{lang}}, {@code /account}: signing in and out, one's own sessions. */
final class LoginHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(LoginHandlers.class);

    private final Athanor athanor;
    private final Gate gate;
    private final Pages pages;

    LoginHandlers(Athanor athanor, Gate gate, Pages pages) {
        this.athanor = athanor;
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
        ctx.html(pages.render("login.jte", new LoginPage(gate.view(ctx), "", "")));
    }

    private void login(Context ctx) {
        String login = String.valueOf(ctx.formParam("login")).strip();
        String password = ctx.formParam("password");
        String ip = ctx.ip();
        View view = gate.view(ctx);
        if (athanor.loginThrottle().blocked(login, ip)) {
            LOG.warn("login refused for '{}' from {}: too many failures", login, ip);
            ctx.status(429).header("Retry-After", Long.toString(org.athanor.appbox.LoginThrottle.WINDOW.toSeconds()))
                    .html(pages.render("login.jte", new LoginPage(view, login, view.t("login.throttled"))));
            return;
        }
        Optional<User> user = password == null ? Optional.empty() : athanor.users().authenticate(login, password);
        if (user.isEmpty()) {
            athanor.loginThrottle().failed(login, ip);
            LOG.info("failed login for '{}' from {}", login, ip);
            ctx.status(401).html(pages.render("login.jte", new LoginPage(view, login, view.t("login.failed"))));
            return;
        }
        athanor.loginThrottle().succeeded(login, ip);
        athanor.sessions().purgeExpired();
        Session old = Gate.session(ctx);
        if (old != null) athanor.sessions().disconnect(old.id());
        gate.openSession(ctx, user.get().id(), user.get().admin() ? "admin" : "account", ctx.formParam("remember") != null);
        LOG.info("{} signed in from {}", user.get().login(), ip);
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
                SessionRow.all(athanor.sessions().ofUser(u.id()), current.id()))));
    }

    private void disconnectOthers(Context ctx) {
        Session current = Gate.session(ctx);
        int n = athanor.sessions().disconnectOthers(current.user(), current.id());
        LOG.info("{} ended {} other session(s) of their own", current.login(), n);
        ctx.redirect("/account");
    }

    static String home(User u) {
        return u.admin() ? "/admin/" : "/account";
    }
}
