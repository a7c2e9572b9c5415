package org.athanor.setup.backup;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.files.AtomicFiles;

/** A backup set on disk: a folder {@code athanor-backup-<YYYYmmdd-HHMMSS>/} with its dump files and {@code manifest.json}. */
public final class BackupSet {
    /** The manifest's file name in the set. */
    public static final String MANIFEST = "manifest.json";
    /** The name of the copy of configuration.yml in the set. */
    public static final String CONFIG_COPY = "configuration.yml";
    /** The prefix of a set's folder name. */
    public static final String PREFIX = "athanor-backup-";

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Manifest manifest;

    BackupSet(Path dir, Manifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /**
     * Read the set in folder {@code dir}.
     *
     * @throws AthanorException BAD_ARGUMENT when the folder is not a backup set or its manifest cannot be read
     */
    public static BackupSet read(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        Path file = folder.resolve(MANIFEST);
        try {
            Manifest m = JSON.readValue(Files.readAllBytes(file), Manifest.class);
            return new BackupSet(folder, m);
        } catch (NoSuchFileException e) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, folder + " is not a backup set: it has no " + MANIFEST
                    + ". Give the folder athanor-backup-<date> made by bin/console system:backup-db.", e);
        } catch (IOException | RuntimeException e) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Cannot read " + file + ": " + e.getMessage()
                    + ". The set is damaged: use another backup set.", e);
        }
    }

    /** Return the set's folder. */
    public Path dir() {
        return dir;
    }

    /** Return the manifest as read or written. */
    public Manifest manifest() {
        return manifest;
    }

    /** Return whether every box was dumped and the manifest was finished. */
    public boolean isComplete() {
        return manifest.complete();
    }

    /** Return the boxes whose dump failed, with why. */
    public List<Manifest.BoxEntry> failures() {
        return manifest.boxes().stream().filter(b -> !b.ok()).toList();
    }

    /**
     * Check every file listed against its size and SHA-256.
     *
     * @return one line per problem (missing file, other size, other checksum); empty when every file matches
     */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (Manifest.FileEntry f : manifest.files()) {
            Path p = dir.resolve(f.name()).normalize();
            if (!p.getParent().equals(dir)) {
                problems.add(f.name() + ": not a file of the set folder");
                continue;
            }
            if (!Files.isRegularFile(p)) {
                problems.add(f.name() + ": missing");
                continue;
            }
            try {
                long size = Files.size(p);
                if (size != f.size()) {
                    problems.add(f.name() + ": " + size + " bytes, the manifest says " + f.size());
                    continue;
                }
                String sha = sha256(p);
                if (!sha.equalsIgnoreCase(f.sha256())) problems.add(f.name() + ": SHA-256 " + sha + ", the manifest says " + f.sha256());
            } catch (IOException e) {
                problems.add(f.name() + ": cannot be read (" + e.getMessage() + ")");
            }
        }
        return problems;
    }

    /** Return a few lines for the console: folder, state, each box with its file and size. */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append("Backup set ").append(dir).append(isComplete() ? ": complete" : ": INCOMPLETE, do not restore from it").append('\n');
        for (Manifest.BoxEntry box : manifest.boxes()) {
            b.append("  ").append(box.label()).append(", ").append(box.engine());
            if (box.ok()) {
                long size = manifest.file(box.file()).map(Manifest.FileEntry::size).orElse(0L);
                b.append(": ").append(box.file()).append(" (").append(humanSize(size)).append(", schema ").append(box.schemaVersion()).append(')');
            } else {
                b.append(": ").append(box.status().toUpperCase()).append(" - ").append(box.error());
            }
            b.append('\n');
        }
        if (manifest.startedAt() != null && manifest.finishedAt() != null) {
            Duration took = Duration.between(manifest.startedAt(), manifest.finishedAt());
            b.append("  took ").append(took.toMillis() / 1000.0).append(" s");
        }
        return b.toString().stripTrailing();
    }

    /** Write {@code manifest} into {@code dir} with {@link AtomicFiles}, mode 0600: readers see the old or the new. */
    static BackupSet write(Path dir, Manifest manifest) {
        Path target = dir.resolve(MANIFEST);
        try {
            AtomicFiles.write(target, JSON.writeValueAsBytes(manifest), AtomicFiles.Permissions.OWNER_ONLY);
            return new BackupSet(dir, manifest);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write " + target + ": " + e.getMessage()
                    + ". Check the free space and permissions of " + dir + ".", e);
        }
    }

    /** Return the lower-case hexadecimal SHA-256 of a file. */
    static String sha256(Path file) throws IOException {
        MessageDigest digest = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no SHA-256", e);
        }
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) return bytes + " B";
        if (bytes < 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        if (bytes < 1024L * 1024 * 1024) return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        return String.format(java.util.Locale.ROOT, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
    }

    @Override public String toString() {
        return "BackupSet[" + dir + (isComplete() ? ", complete" : ", incomplete") + "]";
    }
}
