package org.athanor.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.Registry;
import org.athanor.databox.Databoxes;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.Records;
import org.athanor.databox.RecordType;
import org.athanor.databox.Structure;
import org.athanor.databox.SubdefClass;
import org.athanor.databox.SubdefSpec;
import org.athanor.storage.DocumentStorage;
import org.athanor.storage.StoredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the subdefinitions of records as their databox structure says, and stores them.
 *
 * <p>{@link #build} is idempotent: files are overwritten atomically and rows replaced. It clears the record's
 * "subdefs to make" mark only when every subdef was made, and otherwise records the errors (shown by
 * {@code records:show}) and keeps the mark.
 */
public final class SubdefService {
    private static final Logger LOG = LoggerFactory.getLogger(SubdefService.class);

    private final Registry registry;
    private final Databoxes databoxes;
    private final Records records;
    private final DocumentStorage storage;
    private final SubdefGenerator generator;
    private final Path tmp;

    public SubdefService(Registry registry, Databoxes databoxes, Records records, DocumentStorage storage, SubdefGenerator generator,
                         Path tmp) {
        this.registry = registry;
        this.databoxes = databoxes;
        this.records = records;
        this.storage = storage;
        this.generator = generator;
        this.tmp = tmp;
    }

    /** What one build made and what failed, by subdef name. */
    public record Report(DataboxId databox, RecordId record, List<String> made, Map<String, String> failed) {
        /** Return true when every subdef asked was made. */
        public boolean ok() {
            return failed.isEmpty();
        }
    }

    /** Build every subdefinition of the record's type group. */
    public Report build(DataboxId databox, RecordId record) {
        return build(databox, record, Set.of());
    }

    /**
     * Build the subdefinitions named in {@code only} (all of the record's type group when empty).
     *
     * @throws AthanorException with code NOT_FOUND for an unknown databox or record, or a record without its original
     */
    public Report build(DataboxId databox, RecordId record, Set<String> only) {
        RecordStore store = records.store(databox);
        String databoxName = registry.databox(databox).name();
        RecordStore.Header header = store.header(record);
        List<RecordStore.FileRow> files = store.files(record);
        RecordStore.FileRow original = files.stream().filter(f -> f.name().equals("document")).findFirst()
                .orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND, "record " + databox + "/" + record
                        + " has no original document: nothing to build subdefinitions from"));
        Path source = storage.localPath(new StoredFile(original.path(), original.file(), original.size()));
        Structure structure = databoxes.structure(databox).load();
        List<SubdefSpec> specs = header.type() == RecordType.UNKNOWN
                ? structure.subdefsOf(RecordType.IMAGE).stream().filter(s -> s.subdefClass() == SubdefClass.THUMBNAIL).limit(1).toList()
                : structure.subdefsOf(header.type());
        if (!only.isEmpty()) specs = specs.stream().filter(s -> only.contains(s.name())).toList();
        if (!Files.isRegularFile(source)) {
            String error = "the original " + source + " is missing";
            records.subdefsFailed(databox, record, error);
            return new Report(databox, record, List.of(), Map.of("document", error));
        }
        Map<String, String> tech = store.technical(record);
        String ext = original.file().contains(".") ? original.file().substring(original.file().lastIndexOf('.') + 1) : "bin";
        MediaInfo info = new MediaInfo(header.mime() == null ? "application/octet-stream" : header.mime(), header.type(), ext,
                original.size(), original.width(), original.height(), Map.of(), tech, Optional.ofNullable(header.uuid()));
        Path work = tmp.resolve("subdefs-" + UUID.randomUUID());
        List<String> made = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        try {
            SubdefGenerator.Outcome outcome = generator.generate(source, info, specs, work);
            failed.putAll(outcome.failed());
            String folder = files.stream().filter(f -> !f.name().equals("document")).map(RecordStore.FileRow::path).findFirst().orElse(null);
            for (SubdefGenerator.Made m : outcome.made()) {
                try {
                    StoredFile stored = storage.store(databoxName, DocumentStorage.Area.SUBDEFS, record, m.spec().name(), m.extension(), m.file(), folder);
                    folder = stored.folder();
                    String etag = md5(m.file());
                    records.putFile(databox, record, new RecordStore.FileRow(m.spec().name(), stored.folder(),
                            stored.file(), stored.size(), m.mime(), m.width(), m.height()), etag);
                    made.add(m.spec().name());
                    LOG.info("subdef {} of record {}/{} generated", m.spec().name(), databox, record);
                } catch (RuntimeException e) {
                    failed.put(m.spec().name(), e.getMessage());
                }
            }
        } catch (RuntimeException e) {
            for (SubdefSpec s : specs) if (!made.contains(s.name())) failed.putIfAbsent(s.name(), e.getMessage());
        } finally {
            deleteTree(work);
        }
        if (failed.isEmpty()) {
            records.subdefsDone(databox, record);
        } else {
            StringBuilder b = new StringBuilder();
            failed.forEach((k, v) -> b.append(b.length() == 0 ? "" : "; ").append(k).append(": ").append(v));
            records.subdefsFailed(databox, record, b.toString());
            LOG.warn("subdefs of record {}/{} failed: {}", databox, record, b);
        }
        return new Report(databox, record, made, failed);
    }

    static String md5(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("MD5");
            try (java.io.InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover in tmp is harmless
                }
            });
        } catch (IOException ignored) {
            // idem
        }
    }
}
