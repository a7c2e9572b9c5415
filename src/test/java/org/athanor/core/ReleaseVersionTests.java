package org.athanor.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ReleaseVersion")
class ReleaseVersionTests {
    @Test
    @DisplayName("sorts pre-releases before their release, numbers as numbers, and Phraseanet's 3.8.x before Athanor's 4.0")
    void sortsAsReleasesDo() {
        List<String> expected = List.of("3.8.7", "3.8.8", "4.0.0-alpha.1", "4.0.0-alpha.2", "4.0.0-alpha.10", "4.0.0-beta", "4.0.0",
                "4.0.1-dev", "4.0.1", "4.0.10", "10.0.0");
        List<ReleaseVersion> shuffled = new ArrayList<>(expected.stream().map(ReleaseVersion::parse).toList());
        Collections.shuffle(shuffled, new java.util.Random(7));
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(ReleaseVersion::toString).containsExactlyElementsOf(expected);
    }

    @Test
    @DisplayName("ignores build metadata when comparing, keeps it for display")
    void buildMetadataIsIgnored() {
        ReleaseVersion dev = ReleaseVersion.parse("4.0.1-dev+1a2b3c4");
        assertThat(dev).isEqualTo(ReleaseVersion.parse("4.0.1-dev")).hasSameHashCodeAs(ReleaseVersion.parse("4.0.1-dev"));
        assertThat(dev.build()).isEqualTo("1a2b3c4");
        assertThat(dev.toString()).isEqualTo("4.0.1-dev+1a2b3c4");
        assertThat(dev.withoutBuild().toString()).isEqualTo("4.0.1-dev");
        assertThat(ReleaseVersion.parse("3.8")).isEqualTo(ReleaseVersion.parse("3.8.0"));
    }

    @Test
    @DisplayName("rejects junk by stating the accepted shape")
    void rejectsJunk() {
        assertThatThrownBy(() -> ReleaseVersion.parse("four"))
                .isInstanceOf(AthanorException.class)
                .hasMessage("Invalid release number 'four': expected 1 to 4 numbers separated by dots, optionally followed by "
                        + "-pre.release and +build (e.g. 4.0.0, 4.0.0-alpha.2, 3.8.8).");
    }

    @Test
    @DisplayName("this build is the 4.0.0 release and says so without a commit")
    void thisBuildIsTheRelease() {
        assertThat(Version.CURRENT.toString()).isEqualTo("4.0.0");
        assertThat(Version.line()).isEqualTo("Athanor version 4.0.0 \"Albedo\"");
        assertThat(Version.COMMIT).matches("[0-9a-f]{7,40}|unknown");
    }
}
