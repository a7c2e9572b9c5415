package org.athanor.web;

import io.javalin.http.Context;
import java.util.function.Supplier;
import org.athanor.appbox.User;
import org.athanor.config.AthanorConfig;

/** Makes the frame of a page for a request: its language, the installation's title, the CSRF token, who is signed in. */
final class Views {
    private final Supplier<AthanorConfig> config;
    private final Csrf csrf;

    Views(Supplier<AthanorConfig> config, Csrf csrf) {
        this.config = config;
        this.csrf = csrf;
    }

    /** Return the frame of a page for this request. */
    View of(Context ctx) {
        String lang = LanguageNegotiation.language(ctx);
        User u = SessionLoader.user(ctx);
        return new View(lang, Messages.of(lang), config.get().registry().title(), csrf.token(ctx), u == null ? null : u.login(),
                u != null && u.admin(), "", ctx.path());
    }
}
