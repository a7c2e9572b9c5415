package org.athanor.ids;

/** A databox as the appbox knows it: Phraseanet's {@code sbas_id}. */
public record DataboxId(@com.fasterxml.jackson.annotation.JsonValue int value) {
    public DataboxId {
        if (value < 1) throw new IllegalArgumentException("a databox id (sbas_id) is a positive number, got " + value);
    }

    @Override public String toString() {
        return Integer.toString(value);
    }
}
