package org.athanor.setup.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code manifest.json} of a backup set: who made it, when, what each box is and which file holds it, and whether
 * the set is complete. Written first with {@code complete: false}, rewritten after each box, and rewritten with
 * {@code complete: true} only when every box was dumped and every file is on disk.
 *
 * @param format version of this file's layout ({@link #FORMAT})
 * @param athanorVersion the Athanor release that made the set; restore needs the same release
 * @param compression {@code none}, {@code gzip} or {@code bzip2}
 * @param finishedAt {@code null} until the set is finished (well or not)
 * @param boxes the appbox first, then every databox, in the order they were dumped
 * @param files every file of the set but manifest.json, with its size and SHA-256
 * @param installation what the boxes held when they were dumped when it was not this Athanor release, e.g.
 *     {@value #PHRASEANET_388} for the set {@code system:upgrade} makes before importing a Phraseanet installation;
 *     {@code null} (absent in sets of earlier releases) for an Athanor installation
 */
@JsonPropertyOrder({"format", "athanorVersion", "installation", "complete", "compression", "startedAt", "finishedAt", "boxes", "files"})
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Manifest(int format, String athanorVersion, boolean complete, String compression, Instant startedAt,
                       Instant finishedAt, List<BoxEntry> boxes, List<FileEntry> files, String installation) {
    /** The layout written by this program. */
    public static final int FORMAT = 1;
    /** {@link #installation()} of a set of a Phraseanet 3.8.8 installation's databases. */
    public static final String PHRASEANET_388 = "Phraseanet 3.8.8";

    @com.fasterxml.jackson.annotation.JsonCreator
    public Manifest {
        Objects.requireNonNull(athanorVersion, "athanor_version");
        Objects.requireNonNull(compression, "compression");
        boxes = boxes == null ? List.of() : List.copyOf(boxes);
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** A manifest of an Athanor installation's set ({@link #installation()} {@code null}). */
    public Manifest(int format, String athanorVersion, boolean complete, String compression, Instant startedAt,
                    Instant finishedAt, List<BoxEntry> boxes, List<FileEntry> files) {
        this(format, athanorVersion, complete, compression, startedAt, finishedAt, boxes, files, null);
    }

    /** Return whether the set holds a Phraseanet installation's databases (which system:restore-db does not load). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPhraseanet() {
        return installation != null && installation.startsWith("Phraseanet");
    }

    /** Why no backup set holds the search index: it is rebuilt from the boxes, never backed up nor restored. */
    public static final String SEARCH_INDEX = "not in the set: rebuild it after a restore with bin/console searchengine:index:drop, "
            + "searchengine:index:create, then searchengine:index:populate";

    /** Written in manifest.json as {@code search_index}, so that whoever restores a set knows the index must be rebuilt. */
    @com.fasterxml.jackson.annotation.JsonProperty("search_index")
    public String searchIndex() {
        return SEARCH_INDEX;
    }

    /** Return the entry of {@code fileName}, if the set lists it. */
    public java.util.Optional<FileEntry> file(String fileName) {
        return files.stream().filter(f -> f.name().equals(fileName)).findFirst();
    }

    /**
     * One box of the set.
     *
     * @param kind {@code appbox} or {@code databox}
     * @param name {@code appbox}, or the databox's name
     * @param sbasId the databox's id in the appbox; {@code null} for the appbox
     * @param engine {@code h2}, {@code postgresql} or {@code mariadb}
     * @param database where it was read from, without the password
     * @param serverVersion e.g. {@code PostgreSQL 15.8}; {@code null} when the server could not be reached
     * @param schemaVersion the box's Athanor schema version, e.g. {@code 1}
     * @param file the dump's name in the set; {@code null} when the dump failed
     * @param status {@code ok}, {@code failed} or {@code timed out}
     * @param error why the dump failed; {@code null} when it did not
     */
    @JsonPropertyOrder({"kind", "name", "sbasId", "engine", "database", "serverVersion", "schemaVersion", "file", "status",
            "error", "startedAt", "finishedAt"})
    public record BoxEntry(String kind, String name, Integer sbasId, String engine, String database, String serverVersion,
                           String schemaVersion, String file, String status, String error, Instant startedAt, Instant finishedAt) {
        /** Status of a box dumped completely. */
        public static final String OK = "ok";
        /** Status of a box whose dump failed. */
        public static final String FAILED = "failed";
        /** Status of a box whose dump was killed after --timeout. */
        public static final String TIMED_OUT = "timed out";

        /** Return whether the box was dumped completely. */
        public boolean ok() {
            return OK.equals(status);
        }

        /** Return this entry with the server and schema versions read before the dump failed. */
        public BoxEntry withVersions(String server, String schema) {
            return new BoxEntry(kind, name, sbasId, engine, database, server, schema, file, status, error, startedAt, finishedAt);
        }

        /** Return {@code appbox 'appbox'} or {@code databox 'db_photos' (sbas_id 1)}. */
        public String label() {
            return kind + " '" + name + "'" + (sbasId == null ? "" : " (sbas_id " + sbasId + ")");
        }
    }

    /**
     * One file of the set.
     *
     * @param sha256 lower-case hexadecimal SHA-256 of the file's bytes as stored (compressed when compressed)
     */
    @JsonPropertyOrder({"name", "size", "sha256"})
    public record FileEntry(String name, long size, String sha256) {}
}
