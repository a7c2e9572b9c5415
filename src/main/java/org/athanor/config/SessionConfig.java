package org.athanor.config;

import java.time.Duration;

/**
 * {@code session}: how long web sessions last.
 *
 * @param idle inactivity after which a user is logged out; zero means never
 * @param lifetime the longest a session lives, however active; more than zero
 */
public record SessionConfig(Duration idle, Duration lifetime) {
    /** Never idle out; live one week at most (Phraseanet's defaults). */
    public static final SessionConfig DEFAULT = new SessionConfig(Duration.ZERO, Duration.ofDays(7));

    public SessionConfig {
        if (idle.isNegative()) throw new ConfigException("session.idle: expected 0 or more seconds, found " + idle.toSeconds() + ". Example: idle: 0");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new ConfigException("session.lifetime: expected 1 or more seconds, found " + lifetime.toSeconds() + ". Example: lifetime: 604800");
        }
    }
}
