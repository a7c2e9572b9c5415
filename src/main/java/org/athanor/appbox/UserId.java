package org.athanor.appbox;

/** A user of the appbox (Phraseanet's {@code usr_id}). */
public record UserId(@com.fasterxml.jackson.annotation.JsonValue long value) {
    public UserId {
        if (value < 1) throw new IllegalArgumentException("a user id is a positive number, got " + value);
    }
}
