package org.athanor.ids;

/** A collection inside its databox: Phraseanet's {@code coll_id}. */
public record CollId(@com.fasterxml.jackson.annotation.JsonValue int value) {
    public CollId {
        if (value < 1) throw new IllegalArgumentException("a coll_id is a positive number, got " + value);
    }

    @Override public String toString() {
        return Integer.toString(value);
    }
}
