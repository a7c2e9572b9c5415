package org.athanor.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.athanor.appbox.Session;
import org.athanor.appbox.Tokens;

/**
 * CSRF tokens of the forms: for a signed-in user, an HMAC of the session id under {@code main.key} (nothing to store);
 * before sign-in, a random value also held in a cookie (double submit).
 */
final class Csrf {
    /** The form field that carries the token. */
    static final String FIELD = "_csrf";
    /** The header htmx requests carry the token in. */
    static final String HEADER = "X-CSRF-Token";
    /** The cookie that holds the token before sign-in. */
    static final String COOKIE = "athanor_csrf";

    private final byte[] key;

    Csrf(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Return the token of the forms of session {@code sessionId}. */
    String forSession(String sessionId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("csrf:" + sessionId).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }

    /** The CSRF token of this request's forms; before sign-in it is made and put in a cookie when missing. */
    String token(Context ctx) {
        Session s = SessionLoader.session(ctx);
        if (s != null) return forSession(s.id());
        String anonymous = ctx.attribute(COOKIE);
        if (anonymous == null) anonymous = ctx.cookie(COOKIE);
        if (anonymous == null || anonymous.isBlank()) {
            anonymous = Tokens.random();
            ctx.cookie(SessionLoader.cookie(ctx, COOKIE, anonymous, -1));
        }
        ctx.attribute(COOKIE, anonymous);
        return anonymous;
    }

    /** Return true when {@code given} equals {@code expected}, in constant time. */
    static boolean matches(String expected, String given) {
        if (expected == null || given == null || expected.isEmpty()) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
