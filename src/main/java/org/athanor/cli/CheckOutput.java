package org.athanor.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.athanor.setup.check.CheckLine;
import org.athanor.setup.check.CheckResult;

/** Prints a check's lines as text or JSON, the same way for check:system and check:config. */
final class CheckOutput {
    private CheckOutput() {}

    record Json(String status, int exitCode, List<CheckLine> lines) {}

    static int print(CliContext context, CheckResult result, boolean json) {
        PrintWriter out = context.out();
        if (json) {
            Output.json(out, new Json(result.worst().name(), result.exitCode(), result.lines()));
            return result.exitCode();
        }
        int width = result.lines().stream().mapToInt(l -> l.subject().length()).max().orElse(10);
        for (CheckLine l : result.lines()) {
            if (context.quiet() && l.status() == CheckLine.Status.OK) continue;
            out.println(String.format(Locale.ROOT, "%-9s %-" + width + "s  %s", "[" + l.status() + "]", org.athanor.core.Text.forTerminal(l.subject()), Output.lines(l.message())));
            if (!l.advice().isEmpty()) out.println(" ".repeat(12 + width) + "-> " + Output.lines(l.advice()));
        }
        long warnings = result.withStatus(CheckLine.Status.WARNING).size();
        long errors = result.withStatus(CheckLine.Status.ERROR).size();
        out.println(errors > 0 ? errors + " requirement(s) failed, " + warnings + " recommendation(s) failed (exit 2)"
                : warnings > 0 ? "Requirements met; " + warnings + " recommendation(s) failed (exit 1)"
                : "Every requirement and recommendation is met.");
        out.flush();
        return result.exitCode();
    }
}
