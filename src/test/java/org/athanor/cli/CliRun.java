package org.athanor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs one command line in-process and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun console(String... args) {
        return run(Cli.Program.CONSOLE, args);
    }

    static CliRun setup(String... args) {
        return run(Cli.Program.SETUP, args);
    }

    static CliRun run(Cli.Program program, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (CliContext context = new CliContext()) {
            var cl = Cli.commandLine(program, context);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        }
        return new CliRun(code, out.toString(), err.toString());
    }
}
