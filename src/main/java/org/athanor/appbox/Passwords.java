package org.athanor.appbox;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/** Hashes and verifies passwords with argon2id (OWASP's second recommended setting: 19 MiB, 2 iterations, 1 lane). */
public final class Passwords {
    /** Shortest password accepted. */
    public static final int MIN_LENGTH = 8;
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID, 19);
    private static final java.util.concurrent.atomic.AtomicLong VERIFICATIONS = new java.util.concurrent.atomic.AtomicLong();

    /** A hash of a random password, made once, that unknown logins are checked against so they take as long as known ones. */
    private static final class Dummy {
        static final String HASH = hash(Tokens.random());
    }

    private Passwords() {}

    /** Hash a password for storage; the result names its algorithm and parameters. */
    public static String hash(String password) {
        check(password);
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    /**
     * Hash a password that was already accepted elsewhere (a Phraseanet 3.8.8 password at first sign-in), without the
     * length rule: refusing it would lock its owner out.
     */
    public static String rehash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    /** Return true when {@code password} matches {@code storedHash}. */
    public static boolean verify(String password, String storedHash) {
        if (password == null || storedHash == null || storedHash.isEmpty()) return false;
        VERIFICATIONS.incrementAndGet();
        return Password.check(password, storedHash).with(ARGON2ID);
    }

    /** Spend the time and memory of one verification and return false: for an unknown login, so it cannot be told by timing. */
    public static boolean verifyAgainstNothing(String password) {
        verify(password == null ? "" : password, Dummy.HASH);
        return false;
    }

    /** The number of argon2id verifications made by this process since it started. */
    public static long verifications() {
        return VERIFICATIONS.get();
    }

    /** Refuse a password too short to protect an account. */
    public static void check(String password) {
        if (password == null || password.length() < MIN_LENGTH)
            throw new AthanorException(ErrorCode.BAD_ARGUMENT,
                    "The password is too short: use at least " + MIN_LENGTH + " characters.");
    }
}
