package org.athanor.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The real location of a path")
class RealPathsTests {
    @TempDir Path dir;

    @Test @DisplayName("follows a link in the existing part and keeps the missing rest")
    void followsLinksOfTheExistingPart() throws IOException {
        Path data = Files.createDirectories(dir.resolve("program/data-real"));
        Path link = Files.createSymbolicLink(dir.resolve("data"), data);
        assertThat(RealPaths.real(link.resolve("not/yet"))).isEqualTo(data.toRealPath().resolve("not/yet"));
    }

    @Test @DisplayName("a folder reached through a link lies inside the folder it really is in")
    void isInsideThroughALink() throws IOException {
        Path program = Files.createDirectories(dir.resolve("program"));
        Path data = Files.createDirectories(program.resolve("data"));
        Path link = Files.createSymbolicLink(dir.resolve("elsewhere"), data);
        assertThat(RealPaths.isInside(link.resolve("backups"), program)).isTrue();
        assertThat(RealPaths.isInside(dir.resolve("other"), program)).isFalse();
    }
}
