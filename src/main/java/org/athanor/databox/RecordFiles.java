package org.athanor.databox;

/**
 * What the databox needs from the store of record files ({@code org.athanor.storage.DocumentStorage} implements it):
 * the package keeps the file rows ({@code subdefs.path}, {@code subdefs.file}) and never touches a file itself.
 * Defined here so that {@code databox} does not depend on {@code storage}, which depends on {@code databox} for ids.
 */
public interface RecordFiles {
    /** Return where the file is, for people: an absolute path for a local store, a URL for a remote one. */
    String locate(String folder, String file);

    /** Delete the file; nothing happens when it is already gone. */
    void deleteFile(String folder, String file);
}
