package org.athanor.search.query;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A full or partial date of a query or a caption, as the span of time it covers: {@code 2015} is the whole year,
 * {@code 2016/04} the month, {@code 2015/07/01} the day, {@code 2015/07/01 10:30:00} the second. Dates carry no time
 * zone in Phraseanet's captions: they are read as UTC, on both sides, so they compare as written.
 *
 * @param start first millisecond of the span (epoch milliseconds, UTC)
 * @param end   first millisecond after the span
 */
public record DateRange(long start, long end) {
    private static final Pattern DATE = Pattern.compile(
            "(\\d{4})(?:[/:.-](\\d{1,2})(?:[/:.-](\\d{1,2})(?:[ T](\\d{1,2})[:.h](\\d{2})(?:[:.](\\d{2}))?)?)?)?");

    /** The shape of a date, for messages. */
    public static final String SHAPES = "YYYY, YYYY/MM, YYYY/MM/DD or YYYY/MM/DD HH:MM:SS";

    /** Read a date such as {@code 2015}, {@code 2016/04}, {@code 2015-07-01} or {@code 2015:07:01 10:30:00}; empty when it is not one. */
    public static Optional<DateRange> parse(String text) {
        if (text == null) return Optional.empty();
        Matcher m = DATE.matcher(text.strip());
        if (!m.matches()) return Optional.empty();
        try {
            int year = Integer.parseInt(m.group(1));
            if (m.group(2) == null) return Optional.of(span(LocalDate.of(year, 1, 1).atStartOfDay(), LocalDate.of(year + 1, 1, 1).atStartOfDay()));
            int month = Integer.parseInt(m.group(2));
            if (m.group(3) == null) {
                LocalDate first = LocalDate.of(year, month, 1);
                return Optional.of(span(first.atStartOfDay(), first.plusMonths(1).atStartOfDay()));
            }
            LocalDate day = LocalDate.of(year, month, Integer.parseInt(m.group(3)));
            if (m.group(4) == null) return Optional.of(span(day.atStartOfDay(), day.plusDays(1).atStartOfDay()));
            LocalDateTime at = day.atTime(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
            return Optional.of(span(at, at.plusSeconds(m.group(6) == null ? 60 : 1)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static DateRange span(LocalDateTime from, LocalDateTime to) {
        return new DateRange(from.toInstant(ZoneOffset.UTC).toEpochMilli(), to.toInstant(ZoneOffset.UTC).toEpochMilli());
    }
}
