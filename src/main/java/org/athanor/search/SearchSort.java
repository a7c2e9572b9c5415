package org.athanor.search;

import java.util.Locale;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;

/**
 * The order of hits: {@code relevance} (best first), {@code created_on}, {@code updated_on}, {@code record_id} or a
 * caption field by name, each {@code :asc} or {@code :desc} (default: descending for relevance and dates, ascending
 * otherwise).
 *
 * @param key {@code relevance}, {@code created_on}, {@code updated_on}, {@code record_id}, or a field name
 */
public record SearchSort(String key, boolean descending) {
    public static final SearchSort RELEVANCE = new SearchSort("relevance", true);

    /** Return true when {@link #key} is a caption field. */
    public boolean isField() {
        return !java.util.List.of("relevance", "created_on", "updated_on", "record_id").contains(key);
    }

    /** Read {@code key[:asc|:desc]}, e.g. {@code created_on:asc} or {@code Date:desc}. */
    public static SearchSort parse(String text) {
        if (text == null || text.isBlank()) return RELEVANCE;
        String[] parts = text.strip().split(":", 2);
        String key = parts[0].strip();
        String lower = key.toLowerCase(Locale.ROOT);
        if (java.util.List.of("relevance", "created_on", "updated_on", "record_id").contains(lower)) key = lower;
        if (!key.matches("[A-Za-z][A-Za-z0-9_]{0,63}"))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--sort " + text + ": use relevance, created_on, updated_on, record_id or a field name, "
                    + "optionally followed by :asc or :desc (e.g. created_on:desc)");
        boolean defaultDesc = key.equals("relevance") || key.equals("created_on") || key.equals("updated_on");
        if (parts.length == 1) return new SearchSort(key, defaultDesc);
        return switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
            case "asc" -> new SearchSort(key, false);
            case "desc" -> new SearchSort(key, true);
            default -> throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--sort " + text + ": the direction is asc or desc, found '" + parts[1] + "'");
        };
    }

    @Override public String toString() {
        return key + (descending ? ":desc" : ":asc");
    }
}
