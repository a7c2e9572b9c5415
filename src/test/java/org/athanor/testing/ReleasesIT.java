package org.athanor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.athanor.testing.ReleaseInstallation.Cli;
import org.athanor.testing.Releases.Release;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The releases of RELEASES.md, built from this repository's history")
class ReleasesIT {
    @TempDir Path dir;

    @Test @DisplayName("RELEASES.md records alpha.1 and alpha.2 with their commits and schema versions")
    void recorded() {
        assertThat(Releases.recorded()).contains(
                new Release("4.0.0-alpha.1", "Albedo", "6601c63f1fa573fca2a62104106f87a436accc21", 1, 1),
                new Release("4.0.0-alpha.2", "Albedo", "650a073350286580e34c749b79aece0f985bc314", 3, 1));
        assertThatThrownBy(() -> Releases.named("3.9.9")).hasMessageStartingWith("RELEASES.md records no release 3.9.9 with a commit");
    }

    @Test @DisplayName("a release is built from its commit in a git worktree into an empty cache, then taken from it without building again")
    void builtOnceThenCached() throws Exception {
        Release alpha1 = Releases.named("4.0.0-alpha.1");
        Path cache = dir.resolve("cache");

        Path program = Releases.program(alpha1, cache);

        assertThat(program).isEqualTo(cache.resolve(alpha1.commit()).resolve("program"));
        assertThat(Files.readString(program.resolve(".release"))).isEqualTo("4.0.0-alpha.1 " + alpha1.commit() + "\n");
        Cli version = ReleaseInstallation.run(dir, Map.of(), program.resolve("bin/console").toString(), "--version");
        assertThat(version.out()).isEqualTo("Athanor version 4.0.0 \"Albedo\"\n");
        Cli list = ReleaseInstallation.run(dir, Map.of(), program.resolve("bin/setup").toString(), "list");
        assertThat(list.out()).as("alpha.1 has no check:system").contains("system:install").doesNotContain("check:system");
        long built = Files.getLastModifiedTime(cache.resolve(alpha1.commit()).resolve("built.txt")).toMillis();
        assertThat(Releases.program(alpha1, cache)).isEqualTo(program);
        assertThat(Files.getLastModifiedTime(cache.resolve(alpha1.commit()).resolve("built.txt")).toMillis()).isEqualTo(built);
        assertThat(ReleaseInstallation.run(dir, Map.of(), "git", "-C", Releases.repository().toString(), "worktree", "list").out())
                .as("the temporary worktree is removed").doesNotContain("athanor-release-");
    }

    @Test @DisplayName("a shallow clone is told to fetch the history, naming the release and its commit")
    void shallowClone() {
        String common = ReleaseInstallation.run(dir, Map.of(), "git", "-C", Releases.repository().toString(), "rev-parse", "--path-format=absolute",
                "--git-common-dir").requireSuccess().out().trim();
        Path shallow = dir.resolve("shallow");
        ReleaseInstallation.run(dir, Map.of(), "git", "clone", "-q", "--depth", "1", "file://" + common, shallow.toString())
                .requireSuccess();
        Release alpha1 = Releases.named("4.0.0-alpha.1");

        assertThatThrownBy(() -> Releases.requireHistory(shallow, alpha1)).hasMessage("this clone of Athanor is shallow, so release 4.0.0-alpha.1 (commit "
                + alpha1.commit() + ") cannot be built for the upgrade tests: run `git fetch --unshallow` (CI: checkout with fetch-depth: 0)");
    }

    @Test @DisplayName("a commit missing from a full clone is named with the step to take")
    void unknownCommit() {
        Release ghost = new Release("4.0.0-alpha.0", "Albedo", "0123456789012345678901234567890123456789", 1, 1);
        assertThatThrownBy(() -> Releases.requireHistory(Releases.repository(), ghost))
                .hasMessageStartingWith("commit 0123456789012345678901234567890123456789 of release 4.0.0-alpha.0 (RELEASES.md) is not in the repository ");
    }
}
