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
}
