package org.athanor.setup.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** File-system details of backup sets: owner-only modes, since dumps and the configuration copy hold secrets. */
final class BackupFiles {
    private BackupFiles() {}

    /** Make {@code file} readable and writable by its owner only (0600); no-op where POSIX modes do not exist. */
    static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows and other non-POSIX file systems: the folder's ACL applies.
        }
    }

    /** Make folder {@code dir} usable by its owner only (0700). */
    static void ownerOnlyFolder(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // see ownerOnly
        }
    }

    /** Return whether {@code inner} is {@code outer} or lies inside it, following symbolic links of existing parts. */
    static boolean isInside(Path inner, Path outer) {
        Path a = real(inner);
        Path b = real(outer);
        return a.startsWith(b);
    }

    /** Return the real path of the longest existing part of {@code p}, with the rest appended. */
    static Path real(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        try {
            return existing.toRealPath().resolve(existing.relativize(abs));
        } catch (IOException e) {
            return abs;
        }
    }
}
