package org.athanor.ids;

/** A record inside its databox: Phraseanet's {@code record_id}. */
public record RecordId(@com.fasterxml.jackson.annotation.JsonValue long value) {
    public RecordId {
        if (value < 1) throw new IllegalArgumentException("a record_id is a positive number, got " + value);
    }

    @Override public String toString() {
        return Long.toString(value);
    }
}
