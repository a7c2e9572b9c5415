package org.athanor.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.athanor.files.AtomicFiles.Permissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Replacing a file in one step")
class AtomicFilesTests {
    @TempDir Path dir;

    @Test @DisplayName("writes a new file, creating its folder")
    void writesANewFile() throws IOException {
        Path file = dir.resolve("a/b/new.txt");
        AtomicFiles.write(file, "hello", Permissions.DEFAULT);
        assertThat(file).hasContent("hello");
        assertThat(leftovers()).isEmpty();
    }

    @Test @DisplayName("replaces an existing file and leaves no temporary file")
    void replacesAnExistingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("f.txt"), "old");
        AtomicFiles.write(file, "new".getBytes(), Permissions.OWNER_ONLY);
        assertThat(file).hasContent("new");
        assertThat(leftovers()).isEmpty();
    }

    @Test @DisplayName("copies a file over another")
    void copiesAFile() throws IOException {
        Path source = Files.writeString(dir.resolve("source.bin"), "document");
        Path target = Files.writeString(dir.resolve("target.bin"), "older document");
        AtomicFiles.copy(source, target, Permissions.DEFAULT);
        assertThat(target).hasContent("document");
        assertThat(source).hasContent("document");
    }

    @Nested @DisplayName("when writing fails")
    class WhenWritingFails {
        @Test @DisplayName("the old file is intact and no temporary file is left")
        void theOldFileIsIntact() throws IOException {
            Path file = Files.writeString(dir.resolve("configuration.yml"), "main: old");
            assertThatThrownBy(() -> AtomicFiles.write(file, Permissions.OWNER_ONLY, out -> {
                out.write("main: half of the new".getBytes());
                throw new IOException("disk full");
            })).isInstanceOf(IOException.class).hasMessage("disk full");
            assertThat(file).hasContent("main: old");
            assertThat(leftovers()).isEmpty();
        }

        @Test @DisplayName("a copy from a missing source leaves the old file intact")
        void aMissingSourceLeavesTheOldFile() throws IOException {
            Path file = Files.writeString(dir.resolve("doc.jpg"), "old picture");
            assertThatThrownBy(() -> AtomicFiles.copy(dir.resolve("gone.jpg"), file, Permissions.DEFAULT))
                    .isInstanceOf(IOException.class);
            assertThat(file).hasContent("old picture");
            assertThat(leftovers()).isEmpty();
        }

        @Test @DisplayName("a folder that cannot be written to leaves the old file intact")
        void aReadOnlyFolderLeavesTheOldFile() throws IOException {
            assumeThat(isPosix()).isTrue();
            Path folder = Files.createDirectories(dir.resolve("locked"));
            Path file = Files.writeString(folder.resolve("f.txt"), "old");
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-x------"));
            try {
                assumeThat(Files.isWritable(folder)).as("not running as root").isFalse();
                assertThatThrownBy(() -> AtomicFiles.write(file, "new", Permissions.DEFAULT)).isInstanceOf(IOException.class);
                assertThat(file).hasContent("old");
            } finally {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    @Nested @DisplayName("permissions")
    class FilePermissions {
        @Test @DisplayName("OWNER_ONLY gives rw------- whatever the old file had")
        void ownerOnly() throws IOException {
            assumeThat(isPosix()).isTrue();
            Path file = Files.writeString(dir.resolve("secret.yml"), "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            AtomicFiles.write(file, "new", Permissions.OWNER_ONLY);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        @Test @DisplayName("AS_REPLACED keeps the old file's permissions, and gives a new file rw-------")
        void asReplaced() throws IOException {
            assumeThat(isPosix()).isTrue();
            Path file = Files.writeString(dir.resolve("shared.yml"), "old");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
            AtomicFiles.write(file, "new", Permissions.AS_REPLACED);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw----");

            Path fresh = dir.resolve("fresh.yml");
            AtomicFiles.write(fresh, "new", Permissions.AS_REPLACED);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-------");
        }
    }

    @Test @DisplayName("replaces the file a symbolic link points to, and keeps the link")
    void followsASymbolicLink() throws IOException {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("real")).resolve("configuration.yml"), "old");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("config")).resolve("configuration.yml"), real);
        AtomicFiles.write(link, "new", Permissions.OWNER_ONLY);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(real).hasContent("new");
    }

    private Stream<Path> leftovers() throws IOException {
        return Files.walk(dir).filter(p -> p.getFileName().toString().endsWith(".tmp")).toList().stream();
    }

    private static boolean isPosix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
