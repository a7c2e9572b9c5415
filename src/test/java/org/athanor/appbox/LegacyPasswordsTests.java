package org.athanor.appbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Vectors computed with Python's hmac/hashlib, an implementation independent of ours, as PHP's hash_hmac/hash do. */
@DisplayName("Phraseanet 3.8.8 password hashes kept by the import")
class LegacyPasswordsTests {
    static final String KEY = "0123456789abcdef0123456789abcdef";
    static final String PASSWORD = "mot de passe été";
    static final String SALTED = LegacyPasswords.SALTED + "Ab3dEf6hIj9kLm2n$"
            + "b86620de2f41a494e263ab6f29ca82e7729c8225e02400ed739e9193f80141095f01e3bf24dc5bd4fab51b13eb3c2e053e2c926ed962e863be041f1fe3796e7c";
    static final String UNSALTED = LegacyPasswords.UNSALTED + "345740fbe451c89bed59bb953ee3033664103553ed7f81ecb8272dfdac0816c8";

    @Test void saltedHashIsHmacSha512OfPasswordThenNonceKeyedWithMainKey() {
        assertThat(LegacyPasswords.verify(PASSWORD, SALTED, KEY)).isTrue();
        assertThat(LegacyPasswords.verify(PASSWORD + " ", SALTED, KEY)).isFalse();
        assertThat(LegacyPasswords.verify(PASSWORD, SALTED, KEY.replace('0', '1'))).as("another key").isFalse();
        assertThat(LegacyPasswords.verify(PASSWORD, SALTED, null)).as("no key").isFalse();
    }

    @Test void unsaltedHashIsPlainSha256() {
        assertThat(LegacyPasswords.verify(PASSWORD, UNSALTED, null)).isTrue();
        assertThat(LegacyPasswords.verify("mot de passe ete", UNSALTED, null)).isFalse();
    }

    @Test void onlyHashesMarkedByTheImportAreLegacy() {
        assertThat(LegacyPasswords.isLegacy(SALTED)).isTrue();
        assertThat(LegacyPasswords.isLegacy(UNSALTED)).isTrue();
        assertThat(LegacyPasswords.isLegacy(Passwords.hash("a long password"))).isFalse();
        assertThat(LegacyPasswords.verify(PASSWORD, "345740fbe451c89bed59bb953ee3033664103553ed7f81ecb8272dfdac0816c8", null))
                .as("a bare hex string is not accepted as a legacy hash").isFalse();
    }
}
