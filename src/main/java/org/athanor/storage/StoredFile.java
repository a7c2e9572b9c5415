package org.athanor.storage;

/**
 * A file kept by a {@link DocumentStorage}.
 *
 * @param folder folder relative to the data root, with {@code /} separators, e.g. {@code db_demo/documents/2026/11/25/00001}
 * @param file   file name, e.g. {@code 12_document.jpg}
 * @param size   bytes
 */
public record StoredFile(String folder, String file, long size) {
    public StoredFile {
        if (folder == null || folder.isEmpty() || folder.startsWith("/") || folder.contains("..") || folder.contains("\\")) {
            throw new IllegalArgumentException("stored folder '" + folder + "' must be relative to the data root, without '..'");
        }
        if (file == null || file.isEmpty() || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            throw new IllegalArgumentException("stored file name '" + file + "' must be a plain name");
        }
        if (size < 0) throw new IllegalArgumentException("size " + size + " is negative");
    }
}
