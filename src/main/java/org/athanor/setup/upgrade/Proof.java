package org.athanor.setup.upgrade;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an installation held when {@link UpgradeProof} read it: per box and part (records, users, tasks…) how many
 * entries, how many rows of each aspect, and a SHA-256 over all of them. Saved as {@code proof.json} in its folder,
 * beside one file per part with a short digest per entry (per record, per user…), which names the entries that differ.
 *
 * @param format layout of proof.json and of the entry files ({@link #FORMAT})
 * @param athanorVersion the program that took the proof
 * @param fileCheck how subdefinition and lazaret files were read: {@code size} or {@code sha256}
 * @param schemas schema version per box label when the proof was taken, e.g. {@code appbox 'appbox' -> 3}
 * @param parts every part read, the appbox's first
 */
@JsonPropertyOrder({"format", "athanorVersion", "takenAt", "fileCheck", "schemas", "parts"})
public record Proof(int format, String athanorVersion, Instant takenAt, String fileCheck, Map<String, String> schemas,
                    List<Part> parts) {
    /** The layout written by this program. */
    public static final int FORMAT = 1;

    public Proof {
        Objects.requireNonNull(fileCheck, "file_check");
        schemas = schemas == null ? Map.of() : Map.copyOf(schemas);
        parts = parts == null ? List.of() : List.copyOf(parts);
    }

    /** Return the part of {@code box} named {@code name}, if the proof holds it. */
    public Optional<Part> part(String box, String name) {
        return parts.stream().filter(p -> p.box().equals(box) && p.name().equals(name)).findFirst();
    }

    /** Return the number of entries of every part named {@code name} (e.g. {@code records}), all boxes together. */
    public long entries(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).mapToLong(Part::entries).sum();
    }

    /**
     * One part of one box: a set of entries sharing a key (a record, a user, a task…).
     *
     * @param box {@code appbox 'appbox'} or {@code databox 'db_photos' (sbas_id 1)}
     * @param sbasId the databox's id; {@code null} for the appbox
     * @param name e.g. {@code records}, {@code users}
     * @param keyName what identifies an entry, e.g. {@code record_id}
     * @param entries how many entries
     * @param rows per aspect (e.g. {@code caption values}), how many rows all entries hold
     * @param sha256 SHA-256 over every entry's key and full aspect digests, in key order (aspects an upgrade may fill, as a
     *     record's sha256, are checked per entry only)
     * @param entriesFile the file, in the proof's folder, of the short digests per entry
     */
    @JsonPropertyOrder({"box", "sbasId", "name", "keyName", "entries", "rows", "sha256", "entriesFile"})
    public record Part(String box, Integer sbasId, String name, String keyName, long entries, Map<String, Long> rows,
                       String sha256, String entriesFile) {
        public Part {
            rows = rows == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rows));
        }

        /** Return the entry file's path in the proof folder {@code dir}. */
        public Path entriesPath(Path dir) {
            return dir.resolve(entriesFile);
        }
    }
}
