package org.athanor.appbox;

import java.time.Instant;

/**
 * A web session as stored in the appbox.
 *
 * @param id the SHA-256 (hex) of the cookie token: safe to show, useless to log in with
 */
public record Session(String id, UserId user, String login, String ip, String userAgent, String module,
                      Instant createdAt, Instant lastSeen, Instant expiresAt) {}
