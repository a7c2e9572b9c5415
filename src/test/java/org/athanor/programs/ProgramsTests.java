package org.athanor.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.athanor.core.ErrorCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Finding an external program")
class ProgramsTests {
    @TempDir Path dir;

    @Test @DisplayName("takes the first executable on the search path, and the first name found")
    void findsInOrder() throws IOException {
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        executable(b.resolve("mysqldump"));
        executable(b.resolve("mariadb-dump"));
        Files.writeString(a.resolve("mariadb-dump"), "not executable");
        Programs programs = Programs.fromPathVariable(a + File.pathSeparator + File.pathSeparator + b);
        assertThat(programs.searchPath()).containsExactly(a, b);
        assertThat(programs.findAny(List.of("mariadb-dump", "mysqldump"))).hasValue(b.resolve("mariadb-dump"));
        assertThat(programs.find("ffmpeg")).isEmpty();
        assertThat(Programs.NONE.find("sh")).isEmpty();
    }

    @Test @DisplayName("a missing program is refused naming it, the search path and the Debian package")
    void requireNamesWhatToInstall() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty-bin"));
        assertThatThrownBy(() -> new Programs(List.of(empty)).require(List.of("pg_dump"), "postgresql-client", "back up postgresql databases"))
                .isInstanceOf(ProgramException.class)
                .hasMessage("pg_dump is needed to back up postgresql databases and was not found on the PATH (" + empty
                        + "): install the Debian package postgresql-client (apt-get install postgresql-client).")
                .satisfies(e -> assertThat(((ProgramException) e).code()).isEqualTo(ErrorCode.CONFIG_INVALID));
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\n");
        file.toFile().setExecutable(true);
    }
}
