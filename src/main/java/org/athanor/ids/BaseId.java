package org.athanor.ids;

/** A collection seen from the appbox: Phraseanet's {@code base_id}, unique across databoxes. */
public record BaseId(@com.fasterxml.jackson.annotation.JsonValue int value) {
    public BaseId {
        if (value < 1) throw new IllegalArgumentException("a collection base_id is a positive number, got " + value);
    }

    @Override public String toString() {
        return Integer.toString(value);
    }
}
