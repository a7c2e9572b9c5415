package org.athanor.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.RecordId;
import org.athanor.files.AtomicFiles;

/**
 * Files in a local folder (the data root, {@code main.storage.data}), in Phraseanet's layout:
 * {@code <databox>/documents/YYYY/MM/DD/NNNNN/<record_id>_document.<ext>} and
 * {@code <databox>/subdefs/YYYY/MM/DD/NNNNN/<record_id>_<name>.<ext>}, a new {@code NNNNN} folder once one holds the
 * files of {@value #PER_FOLDER} records. The lazaret is a flat folder of its own ({@code main.storage.lazaret}).
 */
public final class LocalDocumentStorage implements DocumentStorage {
    /** Records per {@code NNNNN} folder. */
    public static final int PER_FOLDER = 100;

    private final Path root;
    private final Path lazaret;
    private final Clock clock;

    /** A storage under {@code root} with its lazaret in {@code lazaret}, dating folders in UTC by {@code clock}. */
    public LocalDocumentStorage(Path root, Path lazaret, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.lazaret = lazaret.toAbsolutePath().normalize();
        this.clock = clock;
    }

    /** Return the data root. */
    public Path root() {
        return root;
    }

    @Override public StoredFile store(String databoxName, Area area, RecordId record, String name, String extension, Path source,
                                      String reuseFolder) {
        if (!databoxName.matches("[A-Za-z0-9_][A-Za-z0-9_.-]*")) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "databox name '" + databoxName + "' cannot be a folder name");
        }
        if (!name.matches("[a-z][a-z0-9_]*") || !extension.matches("[a-z0-9]{1,12}")) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "file name part '" + name + "." + extension + "' is not allowed");
        }
        String fileName = record.value() + "_" + name + "." + extension;
        try {
            String folder = reuseFolder != null && reuseFolder.startsWith(databoxName + "/" + area.folder() + "/")
                    ? reuseFolder : chooseFolder(databoxName, area, record);
            Path dir = resolve(folder);
            Files.createDirectories(dir);
            Path target = dir.resolve(fileName);
            AtomicFiles.copy(source, target, AtomicFiles.Permissions.DEFAULT);
            return new StoredFile(folder, fileName, Files.size(target));
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "cannot store " + fileName + " under " + root + ": " + e
                    + ". Check that the folder is writable and the disk not full.", e);
        }
    }

    @Override public String quarantine(Path source, String extension) {
        String name = UUID.randomUUID() + "." + (extension != null && extension.matches("[a-z0-9]{1,12}") ? extension : "bin");
        try {
            Files.createDirectories(lazaret);
            AtomicFiles.copy(source, lazaret.resolve(name), AtomicFiles.Permissions.DEFAULT);
            return name;
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "cannot copy " + source.getFileName() + " to the lazaret " + lazaret + ": " + e, e);
        }
    }

    @Override public Path quarantined(String name) {
        Path p = lazaret.resolve(name).normalize();
        if (!p.getParent().equals(lazaret)) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "lazaret file '" + name + "' is not a plain name in " + lazaret);
        }
        return p;
    }

    @Override public void deleteQuarantined(String name) {
        try {
            Files.deleteIfExists(quarantined(name));
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "cannot delete " + quarantined(name) + ": " + e.getMessage(), e);
        }
    }

    /** Today's folder of the area with room for one more record: {@code 00001}, then {@code 00002}… */
    private synchronized String chooseFolder(String databoxName, Area area, RecordId record) throws IOException {
        LocalDate d = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        String day = String.format("%s/%s/%04d/%02d/%02d", databoxName, area.folder(), d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        for (int n = 1; ; n++) {
            String folder = day + "/" + String.format("%05d", n);
            Path dir = resolve(folder);
            if (!Files.isDirectory(dir)) return folder;
            Set<String> records = new HashSet<>();
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                for (Path p : s) {
                    String f = p.getFileName().toString();
                    int u = f.indexOf('_');
                    if (!f.startsWith(".") && u > 0) records.add(f.substring(0, u));
                }
            }
            if (records.contains(String.valueOf(record.value())) || records.size() < PER_FOLDER) return folder;
        }
    }

    private Path resolve(String folder) {
        Path p = root.resolve(folder).normalize();
        if (!p.startsWith(root)) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "folder '" + folder + "' leaves the data root " + root);
        return p;
    }

    @Override public InputStream open(StoredFile file) {
        try {
            return Files.newInputStream(localPath(file));
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "cannot read " + localPath(file) + ": " + e.getMessage(), e);
        }
    }

    @Override public Path localPath(StoredFile file) {
        return resolve(file.folder()).resolve(file.file());
    }

    @Override public boolean exists(StoredFile file) {
        return Files.isRegularFile(localPath(file));
    }

    @Override public String describe(StoredFile file) {
        return localPath(file).toString();
    }

    @Override public void delete(StoredFile file) {
        try {
            Files.deleteIfExists(localPath(file));
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "cannot delete " + localPath(file) + ": " + e.getMessage(), e);
        }
    }
}
