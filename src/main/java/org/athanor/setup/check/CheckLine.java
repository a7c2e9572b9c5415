package org.athanor.setup.check;

import java.util.Objects;

/**
 * One line of a check: its status, what was checked, what was found, and what to do about it.
 *
 * @param subject what was checked, e.g. {@code Java}, {@code ffmpeg}, {@code appbox schema}
 * @param message what was found, e.g. {@code 17.0.15 (Debian)}
 * @param advice what to do; empty for an OK line
 */
public record CheckLine(Status status, String subject, String message, String advice) {
    /** How a line turned out; the worst one of a check gives its exit code. */
    public enum Status {
        /** Fine. */
        OK,
        /** A recommendation is not met; Athanor runs, with less (exit 1 when no line is an ERROR). */
        WARNING,
        /** A requirement is not met; fix it before running Athanor (exit 2). */
        ERROR
    }

    public CheckLine {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(subject, "subject");
        message = message == null ? "" : message;
        advice = advice == null ? "" : advice;
    }

    /** Return an OK line. */
    public static CheckLine ok(String subject, String message) {
        return new CheckLine(Status.OK, subject, message, "");
    }

    /** Return a WARNING line. */
    public static CheckLine warning(String subject, String message, String advice) {
        return new CheckLine(Status.WARNING, subject, message, advice);
    }

    /** Return an ERROR line. */
    public static CheckLine error(String subject, String message, String advice) {
        return new CheckLine(Status.ERROR, subject, message, advice);
    }
}
