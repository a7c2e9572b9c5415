package org.athanor.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.core.Text;
import org.athanor.appbox.RegisteredCollection;
import org.athanor.appbox.Registry;
import org.athanor.config.BorderManagerConfig;
import org.athanor.config.BorderManagerConfig.Checker;
import org.athanor.config.BorderManagerConfig.CheckerType;
import org.athanor.databox.Databoxes;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.Records;
import org.athanor.databox.RecordType;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureField;
import org.athanor.media.Integrity;
import org.athanor.media.MediaInfo;
import org.athanor.media.MediaReader;
import org.athanor.storage.Digest;
import org.athanor.storage.DocumentStorage;
import org.athanor.storage.StoredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds documents to a collection, as Phraseanet does: detect the type from the content, hash, read the metadata and
 * UUID, run the border checks (a failure sends the file to the lazaret unless forced), then create the record with
 * its original stored, caption values, technical data and a log line, marked "subdefs to make".
 *
 * <p>A file that cannot be added (hostile name, empty, truncated, too many pixels, unreadable) gets a clear
 * {@link IngestOutcome.Failed} and leaves nothing behind: no record row, no stored file.
 */
public final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);

    private final Registry registry;
    private final Databoxes databoxes;
    private final Records records;
    private final DocumentStorage storage;
    private final MediaReader reader;
    private final BorderManagerConfig border;
    private final Lazaret lazaret;
    private final Clock clock;

    public IngestService(Registry registry, Databoxes databoxes, Records records, DocumentStorage storage, MediaReader reader,
                         BorderManagerConfig border, Lazaret lazaret, Clock clock) {
        this.registry = registry;
        this.databoxes = databoxes;
        this.records = records;
        this.storage = storage;
        this.reader = reader;
        this.border = border;
        this.lazaret = lazaret;
        this.clock = clock;
    }

    /**
     * Return the files to add: each file given, and the files under each folder given (recursively, hidden files and
     * symbolic links skipped), in name order.
     *
     * @throws AthanorException with code BAD_ARGUMENT naming a path that does not exist
     */
    public static List<Path> expand(List<Path> paths) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                            .filter(f -> !p.relativize(f).toString().matches("(.*/)?\\..*"))
                            .sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new AthanorException(ErrorCode.IO, "cannot list " + p + ": " + e.getMessage(), e);
                }
            } else if (Files.exists(p)) {
                files.add(p);
            } else {
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, p + " does not exist; give files or folders to add");
            }
        }
        return files;
    }

    /** Add every file, reporting each outcome to {@code each} as it comes; a failure never stops the batch. */
    public List<IngestOutcome> addAll(List<Path> files, IngestRequest request, Consumer<IngestOutcome> each) {
        List<IngestOutcome> out = new ArrayList<>();
        for (Path f : files) {
            IngestOutcome o = add(f, f.getFileName() == null ? f.toString() : f.getFileName().toString(), request);
            out.add(o);
            each.accept(o);
        }
        return out;
    }

    /**
     * Add one file whose owner calls it {@code originalName} (a plain file name, as uploaded).
     *
     * @throws AthanorException with code NOT_FOUND when the collection does not exist
     */
    public IngestOutcome add(Path file, String originalName, IngestRequest request) {
        RegisteredCollection coll = registry.collection(request.collection());
        try {
            return addChecked(file, originalName, request, coll);
        } catch (AthanorException e) {
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.DATABASE_UNREACHABLE) throw e;
            LOG.warn("{} not added: {}", file, e.getMessage());
            return new IngestOutcome.Failed(file, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("{} not added", file, e);
            return new IngestOutcome.Failed(file, "unexpected error: " + e);
        }
    }

    private IngestOutcome addChecked(Path file, String originalName, IngestRequest request, RegisteredCollection coll) throws IOException {
        Optional<String> badName = nameProblem(originalName);
        if (badName.isPresent()) return new IngestOutcome.Failed(file, badName.get());
        if (!Files.isRegularFile(file)) return new IngestOutcome.Failed(file, "not a regular file");
        if (Files.size(file) == 0) return new IngestOutcome.Failed(file, "the file is empty (0 bytes)");
        MediaInfo info = reader.read(file, originalName);
        if (info.type() == RecordType.IMAGE && info.pixels() > border.maxPixels()) {
            return new IngestOutcome.Failed(file, "the image declares " + info.width() + " x " + info.height() + " = " + info.pixels()
                    + " pixels, more than the limit of " + border.maxPixels() + " (border-manager.max-pixels); it was not decoded");
        }
        Optional<String> damaged = Integrity.problem(file, info.mime());
        if (damaged.isPresent()) return new IngestOutcome.Failed(file, damaged.get());
        Digest digest;
        try (InputStream in = Files.newInputStream(file)) {
            digest = Digest.of(in);
        }
        String sha256 = digest.sha256();
        DataboxId databox = coll.databox();
        String uuid = info.uuid().orElse(null);
        List<String> reasons = List.of("sent to the lazaret by --force lazaret");
        if (request.force() != IngestRequest.Force.LAZARET) {
            Created created = create(databox, coll, file, originalName, info, sha256, digest.md5(), uuid, request);
            if (created.record() != null) return new IngestOutcome.Added(file, databox, created.record());
            reasons = created.reasons();
        }
        long id = lazaret.add(request.collection(), file, originalName, sha256, uuid, info.mime(), info.extension(),
                request.status(), reasons, request.userId(), clock.instant());
        return new IngestOutcome.Quarantined(file, id, reasons);
    }

    /** A new record, or the reasons the border checks found not to make one. */
    private record Created(RecordId record, List<String> reasons) {}

    /** Return why a given file name cannot be a record's original name, if it cannot. */
    static Optional<String> nameProblem(String name) {
        if (name == null || name.isBlank()) return Optional.of("the file has no name");
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            return Optional.of("the file name '" + name.replaceAll("\\p{Cntrl}", "?") + "' holds control characters; rename the file");
        }
        if (name.startsWith("/") || name.matches("^[A-Za-z]:[\\\\/].*") || name.contains("/") || name.contains("\\")) {
            return Optional.of("the file name '" + name + "' holds a folder path; give a plain file name");
        }
        if (name.equals(".") || name.equals("..")) return Optional.of("'" + name + "' is not a file name");
        if (name.length() > 255) return Optional.of("the file name is longer than 255 characters");
        return Optional.empty();
    }

    private List<String> check(Records.Change tx, MediaInfo info, String sha256, String uuid, String originalName) {
        List<String> reasons = new ArrayList<>();
        for (Checker c : border.activeCheckers()) {
            switch (c.type()) {
                case SHA256 -> tx.bySha256(sha256).ifPresent(r -> reasons.add(CheckerType.SHA256.yamlName()
                        + ": same sha256 as record " + r));
                case UUID -> {
                    if (uuid != null) tx.byUuid(uuid).ifPresent(r -> reasons.add(CheckerType.UUID.yamlName() + ": same UUID " + uuid + " as record " + r));
                }
                case EXTENSION -> {
                    String ext = MediaReader.extensionOf(originalName);
                    if (ext == null || !c.values().contains(ext)) {
                        reasons.add(CheckerType.EXTENSION.yamlName() + ": extension '" + (ext == null ? "" : ext) + "' is not one of " + c.values());
                    }
                }
                case MEDIATYPE -> {
                    if (!c.values().contains(info.type().code())) {
                        reasons.add(CheckerType.MEDIATYPE.yamlName() + ": " + info.type().code() + " is not one of " + c.values());
                    }
                }
                case DIMENSION -> {
                    if (info.width() != null && (info.width() < c.width() || info.height() < c.height())) {
                        reasons.add(CheckerType.DIMENSION.yamlName() + ": " + info.width() + " x " + info.height()
                                + " is smaller than " + c.width() + " x " + c.height());
                    }
                }
                case COLORSPACE -> {
                    String cs = info.technical().get("ColorSpace");
                    String norm = cs == null ? null : cs.equalsIgnoreCase("GRAY") ? "grayscale" : cs.toLowerCase(java.util.Locale.ROOT);
                    if (norm != null && !c.values().contains(norm)) {
                        reasons.add(CheckerType.COLORSPACE.yamlName() + ": colour space " + norm + " is not one of " + c.values());
                    }
                }
                case FILENAME -> tx.byOriginalName(originalName, c.sensitive()).ifPresent(r ->
                        reasons.add(CheckerType.FILENAME.yamlName() + ": record " + r + " has the same file name"));
                default -> { }
            }
        }
        return reasons;
    }

    /**
     * Check the borders and insert the record in one transaction holding the databox's ingest lock, so that another
     * process adding the same file at the same time finds this record and sends its copy to the lazaret.
     */
    private Created create(DataboxId databox, RegisteredCollection coll, Path file, String originalName,
                           MediaInfo info, String sha256, String md5, String fileUuid, IngestRequest request) {
        String uuid = fileUuid != null ? fileUuid : UUID.randomUUID().toString();
        Structure structure = databoxes.structure(databox).load();
        String databoxName = registry.databox(databox).name();
        Map<Integer, List<String>> byId = new LinkedHashMap<>();
        Instant now = clock.instant();
        List<StoredFile> written = new ArrayList<>();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return insertChecked(databox, coll, file, originalName, info, sha256, md5, fileUuid, uuid, request,
                            structure, databoxName, byId, now, written);
                } catch (org.jdbi.v3.core.JdbiException e) {
                    // another process held the ingest lock longer than the database's lock timeout (a large file
                    // being stored): wait our turn again, a bounded number of times
                    // or the process serving the embedded H2 file exited and this one takes over: the transaction
                    // was rolled back, so the file is checked and inserted again from the start
                    boolean lost = isConnectionLost(e);
                    if (!(lost || isLockTimeout(e)) || attempt >= LOCK_ATTEMPTS) throw e;
                    written.forEach(storage::delete);
                    written.clear();
                    LOG.info("{}: {} of databox {} (attempt {} of {})", Text.forLog(file), lost ? "connection lost, trying again" : "waiting again for the ingest lock",
                            databox, attempt + 1, LOCK_ATTEMPTS);
                }
            }
        } catch (RuntimeException e) {
            written.forEach(storage::delete);
            throw e;
        }
    }

    /** How many times an ingest waits for the databox's ingest lock before it reports the file as failed. */
    private static final int LOCK_ATTEMPTS = 30;

    /** True when the database connection broke (SQL state class 08, or H2's "connection is broken" 90067). */
    private static boolean isConnectionLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException q) {
                String state = q.getSQLState() == null ? "" : q.getSQLState();
                if (state.startsWith("08") || q.getErrorCode() == 90067) return true;
            }
        }
        return false;
    }

    private static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException q) {
                String state = q.getSQLState() == null ? "" : q.getSQLState();
                // H2 HYT00 lock timeout, PostgreSQL 55P03 lock not available, 40001/40P01 serialization or deadlock,
                // MariaDB 1205 lock wait timeout
                if (state.equals("HYT00") || state.equals("55P03") || state.startsWith("40") || q.getErrorCode() == 1205) return true;
            }
        }
        return false;
    }

    private Created insertChecked(DataboxId databox, RegisteredCollection coll, Path file, String originalName,
                                  MediaInfo info, String sha256, String md5, String fileUuid, String uuid, IngestRequest request,
                                  Structure structure, String databoxName, Map<Integer, List<String>> byId, Instant now,
                                  List<StoredFile> written) {
        return records.change(databox, tx -> {
            byId.clear();
            tx.lockForIngest();
            if (request.force() != IngestRequest.Force.RECORD) {
                List<String> reasons = check(tx, info, sha256, fileUuid, originalName);
                if (!reasons.isEmpty()) return new Created(null, reasons);
            }
            RecordId id = tx.create(new RecordStore.NewRecord(coll.collId(), info.type(), info.mime(), sha256, uuid,
                    originalName, request.status(), request.subdefs(), true), request.userId(),
                    "collection " + coll.baseId() + ", file " + originalName);
            Map<String, List<String>> caption = CaptionMapper.map(structure.fields(), info, originalName, id, now);
            for (StructureField f : structure.fields()) {
                List<String> v = caption.get(f.name());
                if (v != null) byId.put(tx.fieldId(f.name()).orElseThrow(), v);
            }
            tx.putCaption(id, byId);
            tx.putTechnical(id, info.technical());
            StoredFile stored = storage.store(databoxName, DocumentStorage.Area.DOCUMENTS, id, "document", info.extension(), file, null);
            written.add(stored);
            tx.putFile(id, new RecordStore.FileRow("document", stored.folder(), stored.file(), stored.size(), info.mime(),
                    info.width(), info.height()), md5);
            return new Created(id, List.of());
        });
    }

    /**
     * Read the technical data of a record's original again and replace the stored ones
     * ({@code records:rescan-technical-datas}); return them.
     *
     * @throws AthanorException with code NOT_FOUND for an unknown record or a record without its original
     */
    public Map<String, String> rescanTechnicalData(DataboxId databox, RecordId record) {
        RecordStore store = records.store(databox);
        RecordStore.Header header = store.header(record);
        RecordStore.FileRow original = store.files(record).stream().filter(f -> f.name().equals("document")).findFirst()
                .orElseThrow(() -> new AthanorException(ErrorCode.NOT_FOUND, "record " + databox + "/" + record + " has no original document"));
        StoredFile stored = new StoredFile(original.path(), original.file(), original.size());
        if (!storage.exists(stored)) throw new AthanorException(ErrorCode.NOT_FOUND, "the original of record " + databox + "/" + record
                + " is missing: " + storage.describe(stored));
        MediaInfo info = reader.read(storage.localPath(stored), header.originalName() == null ? original.file() : header.originalName());
        records.technicalRescanned(databox, record, info.technical(), info.width(), info.height(), info.size());
        return info.technical();
    }
}
