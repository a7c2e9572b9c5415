package org.athanor.setup.upgrade;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.athanor.db.BoxConnection;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Progress;
import org.athanor.core.Version;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.config.AthanorConfig;
import org.athanor.db.Box;
import org.athanor.db.BoxKind;
import org.athanor.db.SchemaMigrator;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves that an upgrade kept what it must: {@link #record} reads the installation before the first change, {@link #verify}
 * reads it again after the last step and names every entry that differs.
 *
 * <p>What is read, per box: in the appbox users (with their rights on collections and databoxes), the databox and
 * collection registry, tasks, pending jobs and the lazaret (rows and files); in each databox records (row, collection,
 * status bits, pending work, the document's sha256 — which an upgrade may fill where it was empty, never change —,
 * caption values by field name, subdefinition rows and the files they point to, technical data, story members), collections, structure fields, status bits and subdefinition specs. Only the columns every
 * schema since 4.0.0-alpha.1 has are read, by name, and values are compared as text (booleans as 0/1, numbers without
 * trailing zeros, timestamps as UTC wall-clock time), so a migration that widens a type or adds a column proves equal.
 * Columns that an upgrade may rightly change are left out: heartbeats, last connection, actual task state, sessions.
 *
 * <p>Reading is streamed in batches of {@value #BATCH} keys, in key order: memory does not grow with the number of
 * records. The proof keeps a SHA-256 per part and, in one file per part, a 4-byte digest per entry and aspect (48 bytes
 * per record for the 10 aspects of a record): verification merges that file with the new reading and names the
 * records, users, tasks… whose digest changed.
 *
 * <p>Files are checked by existence and size ({@link FileCheck#SIZE}, a {@code stat} per file), or also by SHA-256
 * ({@link FileCheck#SHA256}, which reads every byte of every document and subdefinition).
 */
public final class UpgradeProof {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeProof.class);
    /** Keys read per query. */
    static final int BATCH = 2000;
    /** At most this many differences are named per part; the others are counted. */
    public static final int MAX_NAMED = 1000;
    /** The proof's summary file in its folder, written last: a folder without it holds no proof. */
    public static final String PROOF_FILE = "proof.json";
    private static final int ENTRIES_MAGIC = 0x41505246;   // "APRF"

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** How the files that rows point to are checked. */
    public enum FileCheck {
        /** Existence and size: one {@code stat} per file. */
        SIZE,
        /** Existence, size and SHA-256 of the content: reads every byte. */
        SHA256;

        /** Return the name written in proof.json: {@code size} or {@code sha256}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path dataRoot;
    private final Path lazaretDir;
    private final FileCheck fileCheck;
    private final Clock clock;

    /**
     * @param dataRoot {@code main.storage.data}: subdefinition rows hold paths relative to it
     * @param lazaretDir the lazaret folder, {@code main.storage.lazaret}
     */
    public UpgradeProof(Path dataRoot, Path lazaretDir, FileCheck fileCheck, Clock clock) {
        this.dataRoot = dataRoot.toAbsolutePath().normalize();
        this.lazaretDir = lazaretDir.toAbsolutePath().normalize();
        this.fileCheck = fileCheck;
        this.clock = clock;
    }

    /** Return a proof over the installation of {@code config}, checking files by existence and size. */
    public static UpgradeProof of(AthanorConfig config) {
        return new UpgradeProof(config.main().storage().data(), config.main().storage().lazaretDir(), FileCheck.SIZE, Clock.systemUTC());
    }

    /**
     * Return where the proof taken before an upgrade is kept: {@code <data>/upgrade/proof-before}, beside nothing the
     * upgrade replaces, so that a run after a crash finds it again.
     */
    public static Path defaultFolder(AthanorConfig config) {
        return config.main().storage().data().resolve("upgrade").resolve("proof-before");
    }

    /**
     * Read the installation of {@code config} and keep the proof in {@code dir}: its boxes are opened here, without
     * schema check, whatever their schema version since 4.0.0-alpha.1.
     *
     * @throws AthanorException DATABASE_UNREACHABLE when a box cannot be opened, IO when the folder cannot be written
     */
    public Proof record(AthanorConfig config, Path dir, Progress progress) {
        try (OpenBoxes boxes = OpenBoxes.of(config)) {
            return record(boxes.appbox, boxes.databoxes, dir, progress);
        }
    }

    /**
     * Read the boxes and keep the proof in {@code dir}; a proof already there is replaced. The folder is written under a
     * temporary name and renamed once complete, so {@link #find(Path)} sees a whole proof or none.
     *
     * @param databoxes the open databoxes by sbas_id
     */
    public Proof record(Box appbox, Map<Integer, Box> databoxes, Path dir, Progress progress) {
        Path folder = dir.toAbsolutePath().normalize();
        Path temp = folder.resolveSibling(folder.getFileName() + ".tmp");
        try {
            deleteTree(temp);
            Files.createDirectories(temp);
            Proof proof = read(appbox, databoxes, temp, progress, null);
            Files.write(temp.resolve(PROOF_FILE), JSON.writeValueAsBytes(proof));
            deleteTree(folder);
            try {
                Files.move(temp, folder, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, folder);
            }
            LOG.info("upgrade proof recorded in {}: {} records, {} users", folder, proof.entries("records"), proof.entries("users"));
            return proof;
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write the upgrade proof into " + folder + ": " + e
                    + ". Check the free space and permissions of " + folder.getParent() + ".", e);
        }
    }

    /**
     * Return the proof kept in {@code dir}, if a complete one is there.
     *
     * @throws AthanorException IO when proof.json is there but cannot be read
     */
    public static Optional<Proof> find(Path dir) {
        Path file = dir.resolve(PROOF_FILE);
        try {
            return Optional.of(JSON.readValue(Files.readAllBytes(file), Proof.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot read the upgrade proof " + file + ": " + e.getMessage()
                    + ". Delete the folder " + dir + " and run the upgrade again from the backup made before it.", e);
        }
    }

    /** Read the installation of {@code config} again and compare it with the proof kept in {@code dir}. */
    public ProofComparison verify(Path dir, AthanorConfig config, Progress progress) {
        try (OpenBoxes boxes = OpenBoxes.of(config)) {
            return verify(dir, boxes.appbox, boxes.databoxes, progress);
        }
    }

    /**
     * Read the boxes again and compare them with the proof kept in {@code dir}, entry by entry.
     *
     * @throws AthanorException NOT_FOUND when {@code dir} holds no proof
     */
    public ProofComparison verify(Path dir, Box appbox, Map<Integer, Box> databoxes, Progress progress) {
        Proof before = find(dir).orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND, "No upgrade proof in " + dir
                + ": it is written before the upgrade's first change (" + PROOF_FILE + ")."));
        Comparer comparer = new Comparer(dir, before);
        Proof after = read(appbox, databoxes, null, progress, comparer);
        comparer.missingParts(after);
        ProofComparison c = new ProofComparison(before, after, comparer.named, comparer.total);
        LOG.info("upgrade proof compared: {} difference(s)", c.total());
        return c;
    }

    // --- reading

    private Proof read(Box appbox, Map<Integer, Box> databoxes, Path writeDir, Progress progress, Comparer comparer) {
        List<Proof.Part> parts = new ArrayList<>();
        Map<String, String> schemas = new LinkedHashMap<>();
        String appLabel = "appbox '" + appbox.name() + "'";
        schemas.put(appLabel, schemaVersion(appbox));
        for (Spec spec : appboxSpecs(appbox)) parts.add(readPart(appbox, appLabel, null, spec, writeDir, progress, comparer));
        for (Map.Entry<Integer, Box> d : new TreeMap<>(databoxes).entrySet()) {
            String label = "databox '" + d.getValue().name() + "' (sbas_id " + d.getKey() + ")";
            schemas.put(label, schemaVersion(d.getValue()));
            for (Spec spec : databoxSpecs()) parts.add(readPart(d.getValue(), label, d.getKey(), spec, writeDir, progress, comparer));
        }
        return new Proof(Proof.FORMAT, Version.NUMBER, clock.instant(), fileCheck.id(), schemas, parts);
    }

    private Proof.Part readPart(Box box, String label, Integer sbasId, Spec spec, Path writeDir, Progress progress, Comparer comparer) {
        progress.step("Reading " + spec.name + " of the " + label);
        String fileName = (sbasId == null ? "appbox" : "databox-" + sbasId) + "-" + spec.name.replace(' ', '-') + ".digests";
        MessageDigest partDigest = sha256();
        long[] rows = new long[spec.aspectCount()];
        long entries = 0;
        PartComparer partComparer = comparer == null ? null : comparer.part(label, sbasId, spec);
        try (DataOutputStream out = writeDir == null ? null
                : new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(writeDir.resolve(fileName)), 1 << 16))) {
            if (out != null) {
                out.writeInt(ENTRIES_MAGIC);
                out.writeInt(spec.aspectCount());
            }
            long lo = Long.MIN_VALUE;
            while (true) {
                final long from = lo;
                Batch batch = box.jdbi().withHandle(h -> readBatch(h, spec, from));
                if (batch.keys.length == 0) break;
                for (int i = 0; i < batch.keys.length; i++) {
                    long key = batch.keys[i];
                    List<String>[] aspects = batch.rows.getOrDefault(key, emptyAspects(spec.aspectCount()));
                    byte[][] digests = new byte[aspects.length][];
                    partDigest.update(longBytes(key));
                    for (int a = 0; a < aspects.length; a++) {
                        digests[a] = aspectDigest(aspects[a]);
                        rows[a] += aspects[a].size();
                        if (!spec.fillable(a)) partDigest.update(digests[a]);   // checked per entry: empty may become filled
                    }
                    if (out != null) {
                        out.writeLong(key);
                        for (byte[] d : digests) out.writeInt(shortDigest(d));
                    }
                    if (partComparer != null) partComparer.entry(key, digests, aspects);
                }
                entries += batch.keys.length;
                lo = batch.keys[batch.keys.length - 1];
                progress.advance(entries, 0);
                if (batch.keys.length < BATCH) break;
            }
            if (partComparer != null) partComparer.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " of the upgrade proof: " + e.getMessage(), e);
        }
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        for (int a = 0; a < rows.length; a++) rowCounts.put(spec.aspectNames().get(a), rows[a]);
        return new Proof.Part(label, sbasId, spec.name, spec.keyName, entries, rowCounts,
                HexFormat.of().formatHex(partDigest.digest()), writeDir == null ? null : fileName);
    }

    /** The keys after {@code lo} (at most {@value #BATCH}) and, per key, the encoded rows of each aspect. */
    private Batch readBatch(Handle h, Spec spec, long lo) {
        long[] keys = h.createQuery(spec.keySql + " LIMIT " + BATCH).bind("lo", lo).mapTo(Long.class).list()
                .stream().mapToLong(Long::longValue).toArray();
        Map<Long, List<String>[]> rows = new java.util.HashMap<>();
        if (keys.length == 0) return new Batch(keys, rows);
        long hi = keys[keys.length - 1];
        for (long k : keys) rows.put(k, emptyAspects(spec.aspectCount()));
        int offset = 0;
        for (Query q : spec.queries) {
            final int first = offset;
            h.createQuery(q.sql).bind("lo", lo).bind("hi", hi).scanResultSet((supplier, ctx) -> {
                try (ResultSet rs = supplier.get()) {
                    ResultSetMetaData meta = rs.getMetaData();
                    int columns = meta.getColumnCount();
                    int[] types = new int[columns + 1];
                    for (int c = 1; c <= columns; c++) types[c] = meta.getColumnType(c);
                    while (rs.next()) {
                        List<String>[] forKey = rows.get(rs.getLong(1));
                        if (forKey == null) continue;   // a row of a key outside the batch's filter (e.g. a finished job)
                        String[] values = new String[columns - 1];
                        for (int c = 2; c <= columns; c++) values[c - 2] = canonical(rs, c, types[c]);
                        for (int a = 0; a < q.aspects.size(); a++) forKey[first + a].add(q.aspects.get(a).encode.apply(values));
                    }
                }
                return null;
            });
            offset += q.aspects.size();
        }
        return new Batch(keys, rows);
    }

    private record Batch(long[] keys, Map<Long, List<String>[]> rows) {}

    @SuppressWarnings("unchecked")
    private static List<String>[] emptyAspects(int n) {
        List<String>[] a = new List[n];
        for (int i = 0; i < n; i++) a[i] = new ArrayList<>(2);
        return a;
    }

    /** A value as text: booleans 0/1, integers as digits, decimals without trailing zeros, timestamps ISO, NULL as \0. */
    static String canonical(ResultSet rs, int column, int type) throws SQLException {
        String v;
        switch (type) {
            case Types.BOOLEAN, Types.BIT -> {
                boolean b = rs.getBoolean(column);
                v = rs.wasNull() ? null : b ? "1" : "0";
            }
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
                long l = rs.getLong(column);
                v = rs.wasNull() ? null : Long.toString(l);
            }
            case Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE -> {
                java.math.BigDecimal d = rs.getBigDecimal(column);
                v = d == null ? null : d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
            }
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> {
                LocalDateTime t = rs.getObject(column, LocalDateTime.class);
                v = t == null ? null : t.toString();
            }
            default -> v = rs.getString(column);
        }
        return v == null ? "\0" : v;
    }

    private static byte[] aspectDigest(List<String> rows) {
        MessageDigest d = sha256();
        if (rows.size() > 1) Collections.sort(rows);
        d.update(longBytes(rows.size()));
        for (String r : rows) {
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            d.update(longBytes(b.length));
            d.update(b);
        }
        return d.digest();
    }

    private static int shortDigest(byte[] d) {
        return ((d[0] & 0xff) << 24) | ((d[1] & 0xff) << 16) | ((d[2] & 0xff) << 8) | (d[3] & 0xff);
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** The state of a file a row points to: {@code size=N}, with {@code sha256=…} when asked, or {@code missing}. */
    private String fileState(Path file) {
        try {
            if (!Files.isRegularFile(file)) return "missing";
            long size = Files.size(file);
            if (fileCheck == FileCheck.SIZE) return "size=" + size;
            MessageDigest d = sha256();
            try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), d)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return "size=" + size + " sha256=" + HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            return "unreadable (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static String schemaVersion(Box box) {
        try {
            return SchemaMigrator.currentVersion(box).orElse("none");
        } catch (RuntimeException e) {
            return "unreadable";
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    // --- what is read

    /**
     * Encodes a row's values (the key left out) as one row of an aspect.
     *
     * @param fillable an empty value (NULL) may become a value: a data migration fills it (e.g. a record's sha256)
     */
    private record Aspect(String name, Function<String[], String> encode, boolean fillable) {
        Aspect(String name, Function<String[], String> encode) {
            this(name, encode, false);
        }
    }

    /** The short digest of a fillable aspect still empty: one row holding NULL. */
    private static final int EMPTY_ONE_COLUMN = shortDigest(aspectDigest(new ArrayList<>(List.of(columns(0, 0).apply(new String[] {"\0"})))));

    /** One query over a key range {@code :lo < key <= :hi}, the key first; each aspect encodes a part of its columns. */
    private record Query(String sql, List<Aspect> aspects) {}

    /** A part: its keys, in order, and the queries of its aspects. */
    private record Spec(String name, String keyName, String keySql, List<Query> queries) {
        boolean fillable(int aspect) {
            int i = aspect;
            for (Query q : queries) {
                if (i < q.aspects.size()) return q.aspects.get(i).fillable();
                i -= q.aspects.size();
            }
            throw new IndexOutOfBoundsException(aspect);
        }

        int aspectCount() {
            return queries.stream().mapToInt(q -> q.aspects.size()).sum();
        }

        List<String> aspectNames() {
            return queries.stream().flatMap(q -> q.aspects.stream()).map(Aspect::name).toList();
        }
    }

    /** Columns {@code from..to} (0 = the first after the key), each length-prefixed so no value can shift another. */
    private static Function<String[], String> columns(int from, int to) {
        return v -> {
            StringBuilder b = new StringBuilder();
            for (int i = from; i <= to; i++) b.append(v[i].length()).append(':').append(v[i]);
            return b.toString();
        };
    }

    private static Function<String[], String> all() {
        return v -> columns(0, v.length - 1).apply(v);
    }

    /** A part read from one table with one aspect, named {@code aspect}. */
    private static Spec simple(String name, String aspect, String keyName, String table, String key, String columns) {
        return new Spec(name, keyName, "SELECT " + key + " FROM " + table + " WHERE " + key + " > :lo ORDER BY " + key,
                List.of(new Query("SELECT " + key + ", " + columns + " FROM " + table + " WHERE " + key + " > :lo AND " + key + " <= :hi",
                        List.of(new Aspect(aspect, all())))));
    }

    private List<Spec> appboxSpecs(Box appbox) {
        List<Spec> specs = new ArrayList<>();
        specs.add(new Spec("users", "user id", "SELECT id FROM users WHERE id > :lo ORDER BY id", List.of(
                new Query("SELECT id, login, email, password_hash, is_admin, locale, is_template, created_at FROM users"
                        + " WHERE id > :lo AND id <= :hi", List.of(new Aspect("user", all()))),
                new Query("SELECT user_id, base_id, access, canputinalbum, candwnldhd, candwnldpreview, cancmd, canadmin, canreport,"
                        + " canpush, canaddrecord, canmodifrecord, candeleterecord, chgstatus, imgtools, manage, modify_struct,"
                        + " nowatermark, order_master, mask_and, mask_xor FROM collection_rights WHERE user_id > :lo AND user_id <= :hi",
                        List.of(new Aspect("collection rights", all()))),
                new Query("SELECT user_id, sbas_id, bas_manage, bas_modify_struct, bas_modif_th, bas_chupub FROM databox_rights"
                        + " WHERE user_id > :lo AND user_id <= :hi", List.of(new Aspect("databox rights", all()))))));
        specs.add(simple("databoxes", "databox", "sbas_id", "databoxes", "sbas_id", "name, engine, ord"));
        specs.add(simple("collections", "collection", "base_id", "collections", "base_id", "sbas_id, coll_id, active, ord"));
        specs.add(simple("tasks", "task", "task id", "tasks", "id", "name, job_type, settings, period_seconds, configured_status"));
        specs.add(new Spec("pending jobs", "job id", "SELECT id FROM jobs WHERE id > :lo AND state <> 'done' ORDER BY id", List.of(
                new Query("SELECT id, job_type, sbas_id, record_id, payload FROM jobs WHERE id > :lo AND id <= :hi",
                        List.of(new Aspect("job", all()))))));
        if (tableExists(appbox, "lazaret_files")) {
            specs.add(new Spec("lazaret", "lazaret id", "SELECT id FROM lazaret_files WHERE id > :lo ORDER BY id", List.of(
                    new Query("SELECT id, base_id, original_name, stored_file, sha256, uuid, mime, size, status, checks, user_id, created_at"
                            + " FROM lazaret_files WHERE id > :lo AND id <= :hi", List.of(
                            new Aspect("lazaret entry", all()),
                            new Aspect("lazaret file", v -> v[2] + " " + fileState(lazaretDir.resolve(v[2]))))))));
        }
        return specs;
    }

    private List<Spec> databoxSpecs() {
        return List.of(
                new Spec("records", "record_id", "SELECT record_id FROM records WHERE record_id > :lo ORDER BY record_id", List.of(
                        new Query("SELECT record_id, record_type, mime, uuid, original_name, is_story, created_at, coll_id, status,"
                                + " subdefs_pending, metadata_pending, sha256 FROM records WHERE record_id > :lo AND record_id <= :hi", List.of(
                                new Aspect("record", columns(0, 5)),
                                new Aspect("collection", columns(6, 6)),
                                new Aspect("status bits", columns(7, 7)),
                                new Aspect("pending work", columns(8, 9)),
                                new Aspect("document checksum", columns(10, 10), true))),
                        new Query("SELECT c.record_id, f.name, c.ord, c.caption_value FROM record_captions c"
                                + " JOIN structure_fields f ON f.id = c.field_id WHERE c.record_id > :lo AND c.record_id <= :hi",
                                List.of(new Aspect("caption values", all()))),
                        new Query("SELECT record_id, name, path, file, size, mime, width, height, etag FROM subdefs"
                                + " WHERE record_id > :lo AND record_id <= :hi", List.of(
                                new Aspect("subdef rows", all()),
                                new Aspect("subdef files", v -> v[0] + " " + fileState(dataRoot.resolve(v[1]).resolve(v[2]))))),
                        new Query("SELECT record_id, name, tech_value FROM technical_data WHERE record_id > :lo AND record_id <= :hi",
                                List.of(new Aspect("technical data", all()))),
                        new Query("SELECT story_id, record_id, ord FROM story_members WHERE story_id > :lo AND story_id <= :hi",
                                List.of(new Aspect("story members", all()))))),
                simple("collections", "collection", "coll_id", "collections", "coll_id", "name, label_en, label_fr, label_de, label_nl, created_at"),
                simple("structure fields", "field", "field id", "structure_fields", "id", "name, src, field_type, multi, readonly, required,"
                        + " business, indexable, aggregable, thumbtitle, field_separator, tbranch, dces_element, label_en, label_fr,"
                        + " label_de, label_nl, position"),
                simple("status bits", "status bit", "bit", "structure_status_bits", "bit", "label_on, label_off, label_en, label_fr, label_de,"
                        + " label_nl, searchable, printable"),
                simple("subdef specs", "subdef spec", "subdef spec id", "structure_subdefs", "id", "type_group, name, subdef_class, mediatype,"
                        + " downloadable, size, quality, dpi, strip, meta, method, devices, options, label_en, label_fr, label_de, label_nl"));
    }

    private static boolean tableExists(Box box, String table) {
        try (Connection c = box.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
                try (ResultSet rs = meta.getTables(c.getCatalog(), null, name, new String[] {"TABLE"})) {
                    if (rs.next()) return true;
                }
            }
            return false;
        } catch (SQLException e) {
            throw new AthanorException(ErrorCode.DATABASE_UNREACHABLE, "Cannot read the tables of the " + box.describe() + ": " + e.getMessage(), e);
        }
    }

    // --- comparing

    /** Merges each part's new reading with the digests the proof kept, in key order. */
    private final class Comparer {
        private final Path dir;
        private final Proof before;
        private final List<ProofDifference> named = new ArrayList<>();
        private long total;

        Comparer(Path dir, Proof before) {
            this.dir = dir;
            this.before = before;
        }

        PartComparer part(String label, Integer sbasId, Spec spec) {
            Proof.Part p = before.parts().stream().filter(x -> java.util.Objects.equals(x.sbasId(), sbasId) && x.name().equals(spec.name))
                    .findFirst().orElse(null);
            return new PartComparer(this, label, sbasId, spec, p == null ? null : p.entriesPath(dir));
        }

        void add(ProofDifference d, int namedInPart) {
            total++;
            if (namedInPart < MAX_NAMED) named.add(d);
        }

        /** Name the parts (a whole databox, the lazaret) the proof has and the new reading lacks. */
        void missingParts(Proof after) {
            for (Proof.Part p : before.parts()) {
                boolean there = after.parts().stream().anyMatch(a -> java.util.Objects.equals(a.sbasId(), p.sbasId()) && a.name().equals(p.name()));
                if (!there && p.entries() > 0) {
                    add(new ProofDifference(p.box(), p.sbasId(), p.name(), null, null, p.entries() + " " + p.name()
                            + " before, none readable after the upgrade"), 0);
                }
            }
        }
    }

    private static final class PartComparer {
        private final Comparer owner;
        private final String label;
        private final Integer sbasId;
        private final Spec spec;
        private final DataInputStream in;
        private long beforeKey;
        private int[] beforeDigests;
        private boolean beforeDone;
        private int namedHere;

        PartComparer(Comparer owner, String label, Integer sbasId, Spec spec, Path entries) {
            this.owner = owner;
            this.label = label;
            this.sbasId = sbasId;
            this.spec = spec;
            try {
                if (entries == null) {
                    in = null;
                    beforeDone = true;
                    return;
                }
                in = new DataInputStream(new BufferedInputStream(Files.newInputStream(entries), 1 << 16));
                if (in.readInt() != ENTRIES_MAGIC || in.readInt() != spec.aspectCount()) {
                    throw new AthanorException(ErrorCode.IO, entries + " is not an upgrade proof file of " + spec.name
                            + " with " + spec.aspectCount() + " aspects: the proof was made by another program. Run the upgrade again from the backup.");
                }
                next();
            } catch (IOException e) {
                throw new AthanorException(ErrorCode.IO, "Cannot read the upgrade proof file " + entries + ": " + e.getMessage(), e);
            }
        }

        private void next() throws IOException {
            try {
                beforeKey = in.readLong();
                int[] d = new int[spec.aspectCount()];
                for (int i = 0; i < d.length; i++) d[i] = in.readInt();
                beforeDigests = d;
            } catch (EOFException e) {
                beforeDone = true;
                in.close();
            }
        }

        void entry(long key, byte[][] digests, List<String>[] rows) throws IOException {
            while (!beforeDone && beforeKey < key) {
                difference(beforeKey, "missing after the upgrade");
                next();
            }
            if (beforeDone || beforeKey > key) {
                difference(key, "not there before the upgrade");
                return;
            }
            List<String> what = new ArrayList<>();
            List<String> names = spec.aspectNames();
            for (int a = 0; a < digests.length; a++) {
                if (shortDigest(digests[a]) == beforeDigests[a]) continue;
                if (spec.fillable(a) && beforeDigests[a] == EMPTY_ONE_COLUMN && rows[a].size() == 1) continue;   // filled by the upgrade
                what.add(describe(names.get(a), rows[a]));
            }
            if (!what.isEmpty()) difference(key, String.join("; ", what));
            next();
        }

        void finish() throws IOException {
            while (!beforeDone) {
                difference(beforeKey, "missing after the upgrade");
                next();
            }
        }

        private void difference(long key, String what) {
            owner.add(new ProofDifference(label, sbasId, spec.name, spec.keyName, key, what), namedHere++);
        }

        /** Name an aspect that differs; for files, say which are missing or of another size now. */
        private static String describe(String aspect, List<String> rows) {
            if (aspect.endsWith("files") || aspect.endsWith("file")) {
                List<String> now = rows.stream().sorted().map(r -> r.replaceAll(" sha256=[0-9a-f]+", "").replaceAll("size=(\\d+)", "$1 bytes")).toList();
                return aspect + " differ (now: " + (now.isEmpty() ? "none" : String.join(", ", now)) + ")";
            }
            return aspect + " differ (" + rows.size() + (rows.size() == 1 ? " row" : " rows") + " now)";
        }
    }

    // --- boxes and files

    /** The appbox and every registered databox, opened without schema check. */
    private static final class OpenBoxes implements AutoCloseable {
        final Box appbox;
        final Map<Integer, Box> databoxes = new TreeMap<>();

        private OpenBoxes(Box appbox) {
            this.appbox = appbox;
        }

        static OpenBoxes of(AthanorConfig config) {
            OpenBoxes boxes = new OpenBoxes(Box.open(BoxKind.APPBOX, "appbox", BoxConnection.of(config.main().database())));
            try {
                for (RegisteredDatabox d : Registry.of(boxes.appbox).databoxes()) {
                    boxes.databoxes.put(d.id().value(), Box.open(BoxKind.DATABOX, d.name(), d.connection()));
                }
                return boxes;
            } catch (RuntimeException e) {
                boxes.close();
                throw e;
            }
        }

        @Override public void close() {
            databoxes.values().forEach(Box::close);
            appbox.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Override public String toString() {
        return "UpgradeProof[" + dataRoot + ", files by " + fileCheck.id() + "]";
    }

}
