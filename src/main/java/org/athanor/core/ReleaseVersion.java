package org.athanor.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release number that compares as releases do: {@code 4.0.0-alpha.1 < 4.0.0-alpha.2 < 4.0.0 < 4.0.1-dev < 4.0.1}.
 *
 * <p>Numbers are 1 to 4 dot-separated numeric parts (Phraseanet's {@code 3.8.8}, Athanor's {@code 4.0.0}); missing
 * parts count as 0, so {@code 3.8 == 3.8.0}. An optional pre-release ({@code -alpha.1}, {@code -dev}) sorts before
 * the release; its dot-separated identifiers compare as numbers when both are numeric, else as text, as in Semantic
 * Versioning. Build metadata after {@code +} (the commit of a dev build, {@code +1a2b3c4}) is kept for display and
 * ignored by {@link #compareTo} and {@link #equals}.
 */
public final class ReleaseVersion implements Comparable<ReleaseVersion> {
    private static final Pattern SHAPE = Pattern.compile(
            "(\\d{1,9}(?:\\.\\d{1,9}){0,3})(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+([0-9A-Za-z.-]+))?");

    private final List<Integer> numbers;
    private final List<String> preRelease;
    private final String build;
    private final String text;

    private ReleaseVersion(List<Integer> numbers, List<String> preRelease, String build, String text) {
        this.numbers = numbers;
        this.preRelease = preRelease;
        this.build = build;
        this.text = text;
    }

    /**
     * Parse {@code 4.0.0}, {@code 4.0.0-alpha.2}, {@code 4.0.1-dev+1a2b3c4} or a Phraseanet number such as {@code 3.8.8}.
     *
     * @throws AthanorException BAD_ARGUMENT stating the accepted shape
     */
    public static ReleaseVersion parse(String value) {
        String v = value == null ? "" : value.strip();
        if (v.startsWith("v") || v.startsWith("V")) v = v.substring(1);
        Matcher m = SHAPE.matcher(v);
        if (!m.matches()) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Invalid release number '" + value + "': expected 1 to 4 numbers "
                    + "separated by dots, optionally followed by -pre.release and +build (e.g. 4.0.0, 4.0.0-alpha.2, 3.8.8).");
        }
        List<Integer> numbers = new ArrayList<>();
        for (String part : m.group(1).split("\\.")) numbers.add(Integer.parseInt(part));
        while (numbers.size() < 3) numbers.add(0);
        List<String> pre = m.group(2) == null ? List.of() : List.of(m.group(2).split("\\."));
        return new ReleaseVersion(List.copyOf(numbers), pre, m.group(3), v);
    }

    /** Return the numeric parts, at least 3 ({@code [4, 0, 0]}). */
    public List<Integer> numbers() {
        return numbers;
    }

    /** Return whether this is a pre-release ({@code -alpha.1}, {@code -dev}), which sorts before its release. */
    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    /** Return the build metadata after {@code +} (e.g. the commit {@code 1a2b3c4}), or null. */
    public String build() {
        return build;
    }

    /** Return this version without its build metadata: {@code 4.0.1-dev+1a2b3c4 -> 4.0.1-dev}. */
    public ReleaseVersion withoutBuild() {
        if (build == null) return this;
        return new ReleaseVersion(numbers, preRelease, null, text.substring(0, text.indexOf('+')));
    }

    /** Return whether this version sorts strictly before {@code other}. */
    public boolean isOlderThan(ReleaseVersion other) {
        return compareTo(other) < 0;
    }

    /** Return whether this version sorts strictly after {@code other}. */
    public boolean isNewerThan(ReleaseVersion other) {
        return compareTo(other) > 0;
    }

    @Override
    public int compareTo(ReleaseVersion o) {
        int n = Math.max(numbers.size(), o.numbers.size());
        for (int i = 0; i < n; i++) {
            int a = i < numbers.size() ? numbers.get(i) : 0;
            int b = i < o.numbers.size() ? o.numbers.get(i) : 0;
            if (a != b) return Integer.compare(a, b);
        }
        if (preRelease.isEmpty() || o.preRelease.isEmpty()) {
            return Boolean.compare(preRelease.isEmpty(), o.preRelease.isEmpty());   // the release after its pre-releases
        }
        for (int i = 0; i < Math.min(preRelease.size(), o.preRelease.size()); i++) {
            int c = compareIdentifier(preRelease.get(i), o.preRelease.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(preRelease.size(), o.preRelease.size());
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = a.chars().allMatch(Character::isDigit);
        boolean bn = b.chars().allMatch(Character::isDigit);
        if (an && bn) return Long.compare(Long.parseLong(a), Long.parseLong(b));
        if (an != bn) return an ? -1 : 1;                                      // numeric identifiers sort first
        return a.compareTo(b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseVersion r && compareTo(r) == 0;
    }

    @Override
    public int hashCode() {
        List<Integer> trimmed = new ArrayList<>(numbers);
        while (trimmed.size() > 3 && trimmed.get(trimmed.size() - 1) == 0) trimmed.remove(trimmed.size() - 1);
        return Objects.hash(trimmed, preRelease);
    }

    /** Return the number as written, build metadata included: {@code 4.0.1-dev+1a2b3c4}. */
    @Override
    public String toString() {
        return text;
    }
}
