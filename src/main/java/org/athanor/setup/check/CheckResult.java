package org.athanor.setup.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The lines of {@code check:system} or {@code check:config}, and the exit code they make, as Phraseanet documents it:
 * 0 when every line is OK, 1 when only recommendations (warnings) failed, 2 when a requirement (error) failed.
 */
public record CheckResult(List<CheckLine> lines) {
    /** Exit code when every line is OK. */
    public static final int ALL_GOOD = 0;
    /** Exit code when some recommendations failed and no requirement did. */
    public static final int WARNINGS = 1;
    /** Exit code when at least one requirement failed. */
    public static final int ERRORS = 2;

    public CheckResult {
        lines = List.copyOf(lines);
    }

    /** Return the worst status of the lines; OK when there is none. */
    public CheckLine.Status worst() {
        CheckLine.Status worst = CheckLine.Status.OK;
        for (CheckLine l : lines) if (l.status().compareTo(worst) > 0) worst = l.status();
        return worst;
    }

    /** Return 0, 1 or 2 for the worst line: OK, WARNING, ERROR. */
    public int exitCode() {
        return switch (worst()) {
            case OK -> ALL_GOOD;
            case WARNING -> WARNINGS;
            case ERROR -> ERRORS;
        };
    }

    /** Return this result followed by the lines of {@code other}. */
    public CheckResult plus(CheckResult other) {
        List<CheckLine> all = new ArrayList<>(lines);
        all.addAll(other.lines);
        return new CheckResult(all);
    }

    /** Return the first line about {@code subject}, if any. */
    public Optional<CheckLine> line(String subject) {
        return lines.stream().filter(l -> l.subject().equals(subject)).findFirst();
    }

    /** Return the lines with the given status. */
    public List<CheckLine> withStatus(CheckLine.Status status) {
        return lines.stream().filter(l -> l.status() == status).toList();
    }
}
