package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.Function;
import org.athanor.appbox.User;

/**
 * Before every request: let in only who the request's {@link RouteGroup} admits ({@link RouteGroup.Access}); a visitor
 * who is not signed in is sent to {@code /login}, a signed-in user without the right gets a 403 page.
 */
final class AccessRule implements Handler {
    private final RouteGroups groups;
    private final Function<Context, View> views;
    private final Pages pages;

    AccessRule(RouteGroups groups, Function<Context, View> views, Pages pages) {
        this.groups = groups;
        this.views = views;
        this.pages = pages;
    }

    @Override public void handle(Context ctx) {
        User user = SessionLoader.user(ctx);
        switch (groups.of(ctx).access()) {
            case ANYONE -> { }
            case SIGNED_IN -> {
                if (user == null) throw Halt.redirect("/login");
            }
            case ADMINISTRATOR -> {
                if (user == null) throw Halt.redirect("/login");
                if (!user.admin()) throw Halt.html(403, pages.render("message.jte",
                        page(views.apply(ctx))));
            }
        }
    }

    private static MessagePage page(View v) {
        return new MessagePage(v, v.t("forbidden.title"), v.t("forbidden.text"), "");
    }
}
