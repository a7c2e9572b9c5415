package org.athanor.web;

import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Before every request: choose the language of the pages, from the {@code athanor_lang} cookie (set by
 * {@code /lang/{lang}}) or else from {@code Accept-Language}; English when neither names a language we have.
 */
final class LanguageNegotiation implements Handler {
    /** The cookie that keeps the language a visitor chose. */
    static final String LANG_COOKIE = "athanor_lang";
    private static final String LANG = "athanor.lang";

    @Override public void handle(Context ctx) {
        ctx.attribute(LANG, choose(ctx));
    }

    /** Return the request's language: as chosen before the handler, or chosen now when this handler did not run. */
    static String language(Context ctx) {
        String lang = ctx.attribute(LANG);
        return lang == null ? choose(ctx) : lang;
    }

    /** Return the language the cookie names, else the first of ours that {@code Accept-Language} names, else English. */
    static String choose(Context ctx) {
        String chosen = ctx.cookie(LANG_COOKIE);
        if (chosen != null && Messages.LANGUAGES.contains(chosen)) return chosen;
        return Messages.fromAcceptLanguage(ctx.header("Accept-Language"));
    }
}
