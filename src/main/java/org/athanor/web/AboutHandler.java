package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import org.athanor.core.Version;

/** {@code GET /about}: the name and version; for signed-in users also the databoxes, collections and record counts. */
final class AboutHandler implements Handler {
    private final String title;
    private final DataboxSummaries databoxes;
    private final Pages pages;

    /** @param title {@code registry.title}, as the server started with it */
    AboutHandler(String title, DataboxSummaries databoxes, Pages pages) {
        this.title = title;
        this.databoxes = databoxes;
        this.pages = pages;
    }

    @Override public void handle(Context ctx) {
        if (Gate.user(ctx) == null) {   // what the installation holds is not for anonymous visitors
            ctx.html(pages.render("about.jte", new AboutPage(Version.NUMBER, Version.CODENAME, title, false, List.of())));
            return;
        }
        AboutPage page = new AboutPage(Version.NUMBER, Version.CODENAME, title, true, databoxes.list());
        ctx.html(pages.render("about.jte", page));
    }
}
