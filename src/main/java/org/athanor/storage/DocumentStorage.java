package org.athanor.storage;

import java.io.InputStream;
import java.nio.file.Path;
import org.athanor.databox.RecordFiles;
import org.athanor.ids.RecordId;

/**
 * Keeps the files of records: the original document and its subdefinitions, per databox; and the copies of
 * documents held back in the lazaret (quarantine) before any record exists for them.
 *
 * <p>Writes are atomic: a reader sees the old file or the new one, never half of one. The interface is small on
 * purpose, so that an object store (S3) can implement it as well as a local folder.
 */
public interface DocumentStorage extends RecordFiles {
    /** The two areas of a databox: originals and subdefinitions. */
    enum Area {
        DOCUMENTS("documents"), SUBDEFS("subdefs");

        private final String folder;

        Area(String folder) {
            this.folder = folder;
        }

        /** Return the folder name of the area under a databox folder. */
        public String folder() {
            return folder;
        }
    }

    /**
     * Store {@code source} as {@code <record>_<name>.<extension>} of a databox.
     *
     * @param databoxName  the databox's name, the first folder of the layout
     * @param area         documents (the original, named {@code document}) or subdefs
     * @param name         {@code document} or the subdef name
     * @param reuseFolder  the folder the record's files already use in this area (to overwrite in place), or null to
     *                     choose one
     * @throws org.athanor.core.AthanorException with code IO when the write fails; nothing is left behind then
     */
    StoredFile store(String databoxName, Area area, RecordId record, String name, String extension, Path source, String reuseFolder);

    /** Open a stored file for reading. */
    InputStream open(StoredFile file);

    /** Return the stored file as a local path (a local copy for remote stores). */
    Path localPath(StoredFile file);

    /** Delete a stored file; nothing happens when it is already gone. */
    void delete(StoredFile file);

    /**
     * Keep a copy of {@code source} in the lazaret under a new unique name ending in {@code .extension}; return that
     * name. The copy is atomic, like {@link #store}.
     *
     * @throws org.athanor.core.AthanorException with code IO when the copy fails; nothing is left behind then
     */
    String quarantine(Path source, String extension);

    /** Return a file kept by {@link #quarantine} as a local path. */
    Path quarantined(String name);

    /** Delete a file kept by {@link #quarantine}; nothing happens when it is already gone. */
    void deleteQuarantined(String name);

    /** Return true when the stored file exists. */
    boolean exists(StoredFile file);

    /** Return where a stored file is, for people: an absolute path for a local store, a URL for a remote one. */
    String describe(StoredFile file);

    /**
     * Return the size and checksums of a stored file as it is now, read through {@link #open}.
     *
     * @throws org.athanor.core.AthanorException with code IO when it cannot be read
     */
    default Digest digest(StoredFile file) {
        try (InputStream in = open(file)) {
            return Digest.of(in);
        } catch (java.io.IOException e) {
            throw new org.athanor.core.AthanorException(org.athanor.core.ErrorCode.IO, "cannot read " + describe(file) + ": " + e.getMessage(), e);
        }
    }

    @Override default String locate(String folder, String file) {
        return describe(new StoredFile(folder, file, 0));
    }

    @Override default void deleteFile(String folder, String file) {
        delete(new StoredFile(folder, file, 0));
    }
}
