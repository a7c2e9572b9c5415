package org.athanor.appbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** "Remember me" tokens: stored as their SHA-256, used once (each use gives a new token), expiring. */
public final class RememberTokens {
    /** How long a "remember me" token lasts. */
    public static final Duration LIFETIME = Duration.ofDays(30);

    private final Jdbi appbox;

    public RememberTokens(Jdbi appbox) {
        this.appbox = appbox;
    }

    /** Issue a token for {@code user}; only its hash is stored. */
    public String issue(UserId user) {
        String token = Tokens.random();
        Instant now = Instant.now();
        appbox.useHandle(h -> h.createUpdate("INSERT INTO remember_tokens (id, user_id, created_at, expires_at) VALUES (:id, :u, :now, :exp)")
                .bind("id", Tokens.hash(token)).bind("u", user.value()).bind("now", now).bind("exp", now.plus(LIFETIME)).execute());
        return token;
    }

    /** Consume a token: return its user when it is known and not expired; the token cannot be used again. */
    public Optional<UserId> redeem(String token) {
        if (token == null || token.isBlank()) return Optional.empty();
        String id = Tokens.hash(token);
        return appbox.inTransaction(h -> {
            Optional<Long> user = h.createQuery("SELECT user_id FROM remember_tokens WHERE id = :id AND expires_at > :now")
                    .bind("id", id).bind("now", Instant.now()).mapTo(Long.class).findOne();
            h.createUpdate("DELETE FROM remember_tokens WHERE id = :id").bind("id", id).execute();
            return user.map(UserId::new);
        });
    }

    /** Forget one token (at logout). */
    public void forget(String token) {
        if (token == null || token.isBlank()) return;
        appbox.useHandle(h -> h.createUpdate("DELETE FROM remember_tokens WHERE id = :id").bind("id", Tokens.hash(token)).execute());
    }
}
