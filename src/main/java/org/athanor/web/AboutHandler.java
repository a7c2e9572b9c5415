package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import org.athanor.Athanor;
import org.athanor.Version;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.databox.CollectionInfo;

/** {@code GET /about}: the name and version; for signed-in users also the databoxes, collections and record counts. */
final class AboutHandler implements Handler {
    private final Athanor athanor;
    private final Pages pages;

    AboutHandler(Athanor athanor, Pages pages) {
        this.athanor = athanor;
        this.pages = pages;
    }

    @Override public void handle(Context ctx) {
        String title = athanor.config().registry().title();
        if (Gate.user(ctx) == null) {   // what the installation holds is not for anonymous visitors
            ctx.html(pages.render("about.jte", new AboutPage(Version.NUMBER, Version.CODENAME, title, false, List.of())));
            return;
        }
        List<CollectionInfo> collections = athanor.collections().list();
        List<AboutPage.Databox> boxes = athanor.databoxes().list().stream()
                .map((RegisteredDatabox d) -> new AboutPage.Databox(d.id().value(), d.name(), athanor.records(d.id()).count(),
                        collections.stream().filter(c -> c.databox().equals(d.id()))
                                .map(c -> new AboutPage.Collection(c.baseId().value(), c.name(), c.records())).toList()))
                .toList();
        AboutPage page = new AboutPage(Version.NUMBER, Version.CODENAME, title, true, boxes);
        ctx.html(pages.render("about.jte", page));
    }
}
