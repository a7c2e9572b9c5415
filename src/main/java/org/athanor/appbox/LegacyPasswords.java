package org.athanor.appbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks passwords against the hashes of Phraseanet 3.8.8, kept by the import until each user's first sign-in (then
 * replaced by an argon2id hash). Two schemes, as 3.8.8's PasswordEncoder and OldPasswordEncoder compute them:
 * <ul>
 *   <li>{@value #SALTED}{@code <nonce>$<hex>}: HMAC-SHA512 of password + nonce, keyed with {@code main.key}
 *       ({@code usr.salted_password = 1});</li>
 *   <li>{@value #UNSALTED}{@code <hex>}: SHA-256 of the password ({@code salted_password = 0}, accounts older than 3.7).</li>
 * </ul>
 */
public final class LegacyPasswords {
    /** Prefix of a salted 3.8.8 hash as the import stores it. */
    public static final String SALTED = "phraseanet388-hmac-sha512$";
    /** Prefix of an unsalted 3.8.8 hash as the import stores it. */
    public static final String UNSALTED = "phraseanet388-sha256$";

    private LegacyPasswords() {}

    /** Return true when {@code storedHash} is a Phraseanet 3.8.8 hash kept by the import. */
    public static boolean isLegacy(String storedHash) {
        return storedHash != null && (storedHash.startsWith(SALTED) || storedHash.startsWith(UNSALTED));
    }

    /**
     * Return true when {@code password} matches the 3.8.8 hash; compares in constant time.
     *
     * @param key {@code main.key} (Phraseanet's key, kept by the import); a salted hash never matches without it
     */
    public static boolean verify(String password, String storedHash, String key) {
        if (password == null || storedHash == null) return false;
        String expected;
        String computed;
        if (storedHash.startsWith(SALTED)) {
            String rest = storedHash.substring(SALTED.length());
            int dollar = rest.lastIndexOf('$');
            if (dollar < 0 || key == null || key.isEmpty()) return false;
            expected = rest.substring(dollar + 1).toLowerCase(java.util.Locale.ROOT);
            computed = hmacSha512(password + rest.substring(0, dollar), key);
        } else if (storedHash.startsWith(UNSALTED)) {
            expected = storedHash.substring(UNSALTED.length()).toLowerCase(java.util.Locale.ROOT);
            computed = sha256(password);
        } else {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), computed.getBytes(StandardCharsets.US_ASCII));
    }

    static String hmacSha512(String message, String key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA512 is not available in this Java runtime", e);
        }
    }

    static String sha256(String message) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available in this Java runtime", e);
        }
    }
}
