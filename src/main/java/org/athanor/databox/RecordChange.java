package org.athanor.databox;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed in a record, as {@link Records} writes it to the databox's outbox ({@code record_changes.changes}) and
 * the relay copies it to the {@code record-changed} job: a set of these, written comma-separated in this order.
 */
public enum RecordChange {
    /** The record or story was created (ingest, archive, a new story). */
    CREATED,
    /** Caption values changed. */
    CAPTION,
    /** Status bits changed. */
    STATUS,
    /** The record moved to another collection. */
    COLLECTION,
    /** The members of a story changed (the event names the story). */
    STORY,
    /** The record was deleted; nothing of it is left to read. */
    DELETED;

    /** Return {@code changes} as stored: names comma-separated in declaration order, e.g. {@code "STATUS,COLLECTION"}. */
    public static String format(Set<RecordChange> changes) {
        if (changes.isEmpty()) throw new IllegalArgumentException("a record change names at least one kind");
        return EnumSet.copyOf(changes).stream().map(Enum::name).collect(Collectors.joining(","));
    }

    /**
     * Read a stored list such as {@code "STATUS,COLLECTION"}.
     *
     * @throws IllegalArgumentException naming the unknown part
     */
    public static Set<RecordChange> parse(String stored) {
        Set<RecordChange> out = EnumSet.noneOf(RecordChange.class);
        for (String part : stored.split(",")) {
            if (part.isBlank()) continue;
            try {
                out.add(valueOf(part.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + part + "' is not a record change; expected one of " + EnumSet.allOf(RecordChange.class));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no record change in '" + stored + "'");
        return out;
    }
}
