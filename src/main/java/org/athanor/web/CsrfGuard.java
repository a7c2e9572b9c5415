package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.Function;

/**
 * Before every POST of a group with sessions: refuse it unless it carries the CSRF token of its forms ({@link Csrf}),
 * in the {@code _csrf} field or the {@code X-CSRF-Token} header. A visitor who is not signed in is sent to
 * {@code /login} (their session has ended: the form was stale), except on {@code /login} itself; others get a 403 page.
 */
final class CsrfGuard implements Handler {
    private final RouteGroups groups;
    private final Csrf csrf;
    private final Function<Context, View> views;
    private final Pages pages;

    CsrfGuard(RouteGroups groups, Csrf csrf, Function<Context, View> views, Pages pages) {
        this.groups = groups;
        this.csrf = csrf;
        this.views = views;
        this.pages = pages;
    }

    @Override public void handle(Context ctx) {
        if (!ctx.method().name().equals("POST") || !groups.of(ctx).session()) return;
        String given = ctx.formParam(Csrf.FIELD);
        if (given == null) given = ctx.header(Csrf.HEADER);
        if (Csrf.matches(csrf.token(ctx), given)) return;
        if (SessionLoader.user(ctx) == null && !ctx.path().equals("/login")) throw Halt.redirect("/login");
        throw Halt.html(403, pages.render("message.jte",
                page(views.apply(ctx))));
    }

    private static MessagePage page(View v) {
        return new MessagePage(v, v.t("csrf.title"), v.t("csrf.text"), "");
    }
}
