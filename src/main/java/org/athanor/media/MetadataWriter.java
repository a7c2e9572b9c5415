package org.athanor.media;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.databox.Databoxes;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.Records;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureField;
import org.athanor.databox.SubdefSpec;
import org.athanor.storage.Digest;
import org.athanor.storage.DocumentStorage;
import org.athanor.storage.StoredFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a record's caption into its files with ExifTool ({@code -stay_open}): the original and the subdefs whose
 * spec says {@code meta=yes}, for file types on {@link #WRITABLE} only. Fields are written to their {@code src} tag
 * when it is an IPTC or XMP tag; the record's UUID goes to {@code XMP-exif:ImageUniqueID}.
 *
 * <p>{@link #write} is idempotent and clears the record's "metadata to write" mark when done.
 */
public final class MetadataWriter {
    /** The media types metadata are written to. */
    public static final Set<String> WRITABLE = Set.of("image/jpeg", "image/tiff", "image/png", "application/pdf");
    private static final Logger LOG = LoggerFactory.getLogger(MetadataWriter.class);

    private final Databoxes databoxes;
    private final Records records;
    private final DocumentStorage storage;
    private final ExifTool exiftool;

    /** A writer using {@code exiftool}; null when ExifTool is not installed (writing then fails with what to do). */
    public MetadataWriter(Databoxes databoxes, Records records, DocumentStorage storage, ExifTool exiftool) {
        this.databoxes = databoxes;
        this.records = records;
        this.storage = storage;
        this.exiftool = exiftool;
    }

    /**
     * Write the caption of a record into its files and return the names of the files written ({@code document},
     * subdef names).
     *
     * @throws AthanorException with code NOT_FOUND for an unknown record, IO when ExifTool is missing or fails
     */
    public List<String> write(DataboxId databox, RecordId record) {
        if (exiftool == null) {
            throw new AthanorException(ErrorCode.IO, "writing metadata needs ExifTool: install libimage-exiftool-perl or set"
                    + " main.binaries.exiftool_binary");
        }
        RecordStore store = records.store(databox);
        RecordStore.Header header = store.header(record);
        Structure structure = databoxes.structure(databox).load();
        Map<Integer, List<String>> caption = store.caption(record);
        List<String> args = new ArrayList<>(List.of("-overwrite_original", "-m", "-charset", "iptc=UTF8", "-codedcharacterset=utf8"));
        for (StructureField f : structure.fields()) {
            String src = f.src();
            String group = src.contains(":") ? src.substring(0, src.indexOf(':')).toUpperCase(Locale.ROOT) : "";
            if (!(group.equals("IPTC") || group.startsWith("XMP-"))) continue;
            Optional<Integer> id = databoxes.structure(databox).fieldId(f.name());
            List<String> values = id.map(caption::get).orElse(List.of());
            if (values.isEmpty()) args.add("-" + src + "=");
            // several -TAG=value replace a list tag's values; one replaces a single value
            for (String v : f.multi() ? values : List.of(String.join(" ; ", values))) args.add("-" + src + "=" + v);
        }
        if (header.uuid() != null) args.add("-XMP-exif:ImageUniqueID=" + header.uuid());
        List<String> written = new ArrayList<>();
        for (RecordStore.FileRow file : store.files(record)) {
            boolean wanted = file.name().equals("document")
                    || structure.subdef(header.type(), file.name()).map(SubdefSpec::meta).orElse(false) == Boolean.TRUE;
            if (!wanted || file.mime() == null || !WRITABLE.contains(file.mime())) continue;
            StoredFile stored = new StoredFile(file.path(), file.file(), file.size());
            if (!storage.exists(stored)) continue;
            Path path = storage.localPath(stored);
            List<String> call = new ArrayList<>(args);
            call.add(path.toString());
            ExifTool.Answer a = exiftool.execute(call);
            if (!a.out().contains("1 image files updated") && !a.out().contains("1 image files unchanged")) {
                throw new AthanorException(ErrorCode.IO, "exiftool could not write the metadata of " + path + ": "
                        + (a.err().isBlank() ? a.out().strip() : a.err().strip()));
            }
            // the original changed: its checksum must too (duplicate and integrity checks read it); the checksum it had
            // when added stays in original_sha256, the ingest fingerprint
            Digest d = storage.digest(stored);
            records.fileRewritten(databox, record, file.name(), d.size(), d.md5(), d.sha256());
            written.add(file.name());
        }
        records.metadataWritten(databox, record, written);
        LOG.info("metadata of record {}/{} written to {}", databox, record, written);
        return written;
    }
}
