package org.athanor.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Replaces a file in one step: a reader sees the old file or the new one, never half of one, and a crash or a failed
 * write leaves the old file as it was.
 *
 * <p>How: the content goes to a temporary file in the target's folder ({@code .<name>.<random>.tmp}), is flushed to
 * disk ({@code fsync}), gets its permissions, then is renamed over the target with {@code ATOMIC_MOVE}; the folder is
 * flushed too, so that the rename survives a power cut. When anything fails the temporary file is removed and the
 * target is untouched.
 *
 * <p>No fallback: a rename inside one folder is atomic on every POSIX file system, and Java only refuses
 * {@code ATOMIC_MOVE} across file systems, which a temporary file in the same folder never is. Where a file system
 * still refuses it, the write fails with an {@link IOException} saying so, rather than silently replacing the file in
 * two steps.
 *
 * <p>When the target is a symbolic link, the file it points to is replaced and the link stays.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private AtomicFiles() {}

    /** Who may read the file written. */
    public enum Permissions {
        /** {@code rw-------} (0600): configuration, manifests, anything that may hold a secret. */
        OWNER_ONLY,
        /** The permissions of the file replaced; a new file gets {@code rw-------} (0600). */
        AS_REPLACED,
        /** What this process gives any new file (its umask): documents and subdefinitions. */
        DEFAULT
    }

    /** Writes the new content; the stream is closed by {@link AtomicFiles}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replace {@code target} with {@code bytes}, creating its folder when needed.
     *
     * @throws IOException when anything fails; {@code target} is then as it was, and no temporary file is left
     */
    public static void write(Path target, byte[] bytes, Permissions permissions) throws IOException {
        write(target, permissions, out -> out.write(bytes));
    }

    /** Replace {@code target} with {@code text} in UTF-8; see {@link #write(Path, byte[], Permissions)}. */
    public static void write(Path target, String text, Permissions permissions) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), permissions);
    }

    /** Replace {@code target} with a copy of the file {@code source}; see {@link #write(Path, byte[], Permissions)}. */
    public static void copy(Path source, Path target, Permissions permissions) throws IOException {
        write(target, permissions, out -> Files.copy(source, out));
    }

    /**
     * Replace {@code target} with what {@code content} writes, creating its folder when needed.
     *
     * @throws IOException when anything fails, including {@code content}; {@code target} is then as it was, and no
     *         temporary file is left
     */
    public static void write(Path target, Permissions permissions, Content content) throws IOException {
        Path file = followLink(target.toAbsolutePath());
        Path folder = file.getParent();
        Files.createDirectories(folder);
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Set<PosixFilePermission> mode = posix ? mode(file, permissions) : null;
        Path temp = folder.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        FileAttribute<?>[] attributes = mode == null ? new FileAttribute<?>[0]
                : new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};   // never readable by others while written
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            if (mode != null) Files.setPosixFilePermissions(temp, mode);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + folder + " cannot replace a file in one step (atomic rename)", e);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(temp);
        }
        syncFolder(folder);
    }

    private static Set<PosixFilePermission> mode(Path file, Permissions permissions) throws IOException {
        return switch (permissions) {
            case OWNER_ONLY -> OWNER_ONLY;
            case DEFAULT -> null;
            case AS_REPLACED -> {
                try {
                    yield Files.getPosixFilePermissions(file);
                } catch (NoSuchFileException e) {
                    yield OWNER_ONLY;
                }
            }
        };
    }

    private static Path followLink(Path file) throws IOException {
        Path p = file;
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops == 40) throw new IOException(file + ": too many levels of symbolic links");
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    private static void syncFolder(Path folder) {
        try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // some systems cannot open a folder: the rename is atomic all the same, only its durability waits for the system
        }
    }
}
