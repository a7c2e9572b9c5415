package org.athanor.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CSRF tokens of the forms: for a signed-in user, an HMAC of the session id under {@code main.key} (nothing to store);
 * before sign-in, a random value also held in a cookie (double submit).
 */
final class Csrf {
    /** The form field that carries the token. */
    static final String FIELD = "_csrf";
    /** The header htmx requests carry the token in. */
    static final String HEADER = "X-CSRF-Token";

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

    /** Return true when {@code given} equals {@code expected}, in constant time. */
    static boolean matches(String expected, String given) {
        if (expected == null || given == null || expected.isEmpty()) return false;
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
