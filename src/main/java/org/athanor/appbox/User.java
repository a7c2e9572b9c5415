package org.athanor.appbox;

import java.time.Instant;

/** A user account as stored in the appbox; the password hash never leaves {@link UserService}. */
public record User(UserId id, String login, String email, boolean admin, String locale, boolean template,
                   Instant createdAt, Instant lastConnection) {}
