package org.athanor.programs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.athanor.core.ErrorCode;
import org.athanor.programs.ProgramException.Reason;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Running an external program")
class ExternalProgramTests {
    @TempDir Path dir;

    @Test @DisplayName("passes each argument as it is, never through a shell")
    void argumentsAreNotInterpretedByAShell() {
        ExternalProgram.Result r = ExternalProgram.of(List.of("/bin/echo", "$HOME", "a b", ";", "`id`")).runOk();
        assertThat(r.out()).isEqualTo("$HOME a b ; `id`\n");
        assertThat(r.exitCode()).isZero();
    }

    @Test @DisplayName("run() returns any exit code with the output and error output")
    void runReturnsAnyExitCode() {
        ExternalProgram.Result r = ExternalProgram.of(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 3")).run();
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
    }

    @Test @DisplayName("runOk() fails naming the program, its exit code and the end of its error output")
    void runOkNamesTheProgramAndItsError() {
        assertThatThrownBy(() -> ExternalProgram.of(List.of("/bin/sh", "-c", "echo 'first line' >&2; echo 'connection refused' >&2; exit 2")).runOk())
                .isInstanceOf(ProgramException.class)
                .hasMessage("sh failed (exit 2): first line connection refused")
                .satisfies(e -> assertThat(((ProgramException) e).reason()).isEqualTo(Reason.FAILED));
    }

    @Test @DisplayName("a hung program and what it started are killed after the timeout")
    void hungProgramIsKilled() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> ExternalProgram.of(List.of("/bin/sh", "-c", "sleep 30 & sleep 30")).timeout(Duration.ofMillis(500))
                .timeoutAdvice("give a longer --timeout").run())
                .isInstanceOf(ProgramException.class)
                .hasMessageStartingWith("sh did not finish within 0.5 s and was killed; give a longer --timeout")   // then what it wrote on stderr, if anything (a shell may print "Killed")
                .satisfies(e -> assertThat(((ProgramException) e).reason()).isEqualTo(Reason.TIMED_OUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test @DisplayName("a program that cannot start is named")
    void cannotStart() {
        assertThatThrownBy(() -> ExternalProgram.of(List.of(dir.resolve("no-such-program").toString())).run())
                .isInstanceOf(ProgramException.class).hasMessageStartingWith("cannot start " + dir.resolve("no-such-program"))
                .satisfies(e -> assertThat(((ProgramException) e).reason()).isEqualTo(Reason.CANNOT_START))
                .satisfies(e -> assertThat(((ProgramException) e).code()).isEqualTo(ErrorCode.IO));
    }

    @Test @DisplayName("streams input and output, counting the bytes, and sets and removes environment variables")
    void streamsAndEnvironment() {
        byte[] data = "x".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Long> counted = new ArrayList<>();
        ExternalProgram.of(List.of("/bin/cat")).input(new ByteArrayInputStream(data)).output(out, counted::add).runOk();
        assertThat(out.toByteArray()).isEqualTo(data);
        assertThat(counted).last().isEqualTo((long) data.length);

        java.util.HashMap<String, String> env = new java.util.HashMap<>();
        env.put("ATHANOR_TEST_SECRET", "s3cret");
        env.put("HOME", null);
        ExternalProgram.Result r = ExternalProgram.of(List.of("/bin/sh", "-c", "echo \"$ATHANOR_TEST_SECRET/${HOME:-unset}\""))
                .environment(env).run();
        assertThat(r.out()).isEqualTo("s3cret/unset\n");
    }

    @Test @DisplayName("when reading the input fails, the program is killed before it sees an end of input")
    void aBrokenInputIsNeverTakenForAllOfIt() {
        Path marker = dir.resolve("reached-the-end");
        InputStream broken = new InputStream() {
            private int sent;

            @Override public int read() throws IOException {
                if (sent++ < 1000) return 'a';
                throw new IOException("the dump file is truncated");
            }
        };
        assertThatThrownBy(() -> ExternalProgram.of(List.of("/bin/sh", "-c", "cat > /dev/null && touch '" + marker + "'"))
                .input(broken).output(null, null).run())
                .isInstanceOf(ProgramException.class).hasMessage("cannot feed sh: the dump file is truncated")
                .satisfies(e -> assertThat(((ProgramException) e).reason()).isEqualTo(Reason.STREAM));
        assertThat(marker).doesNotExist();
    }

    @Test @DisplayName("captures at most 16 MiB of output")
    void outputIsBounded() {
        ExternalProgram.Result r = ExternalProgram.of(List.of("/bin/sh", "-c", "head -c 20000000 /dev/zero")).runOk();
        assertThat(r.out().length()).isEqualTo(ExternalProgram.OUTPUT_KEPT);
    }

    @Test @DisplayName("reads a version from the first line a program prints, on stdout or stderr")
    void versionOf() throws IOException {
        Path tool = dir.resolve("tool");
        Files.writeString(tool, "#!/bin/sh\necho '' ; echo 'tool 1.2.3 (build 7)' >&2\n");
        tool.toFile().setExecutable(true);
        assertThat(ExternalProgram.versionOf(tool, List.of("--version"))).hasValue("tool 1.2.3 (build 7)");
        assertThat(ExternalProgram.versionOf(dir.resolve("missing"), List.of())).isEmpty();
    }
}
