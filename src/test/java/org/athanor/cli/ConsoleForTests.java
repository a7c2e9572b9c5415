package org.athanor.cli;

/** Runs {@code bin/console} in-process for tests of other packages; returns the exit code, stdout and stderr. */
public final class ConsoleForTests {
    /** What one command printed. */
    public record Result(int exitCode, String out, String err) {}

    private ConsoleForTests() {}

    /** Run {@code bin/setup args…} in this JVM. */
    public static Result setup(String... args) {
        CliRun run = CliRun.setup(args);
        return new Result(run.exitCode(), run.out(), run.err());
    }

    /** Run {@code bin/console args…} in this JVM. */
    public static Result console(String... args) {
        CliRun run = CliRun.console(args);
        return new Result(run.exitCode(), run.out(), run.err());
    }
}
