package org.athanor.search;

import java.util.List;
import java.util.Map;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;

/**
 * The answer to a {@link SearchRequest}.
 *
 * @param total  how many records match, among those the user may see
 * @param hits   the page asked for
 * @param facets counts per value of the facets, among the matching records
 * @param tookMillis time spent in the engine
 */
public record SearchResult(long total, int offset, List<Hit> hits, List<Facet> facets, long tookMillis) {
    public SearchResult {
        hits = List.copyOf(hits);
        facets = List.copyOf(facets);
    }

    /**
     * One matching record or story.
     *
     * @param caption    the caption fields the user may read, by field name
     * @param highlights per field, the passages with matched words between {@code <em>} and {@code </em>}, HTML-escaped
     *                   (ready for a page; the caption values are not escaped)
     */
    public record Hit(DataboxId databox, RecordId record, BaseId collection, boolean story, String title, float score,
                      Map<String, List<String>> caption, Map<String, List<String>> highlights) {}

    /** One facet: a field or a technical property, and its most frequent values. */
    public record Facet(String name, List<FacetValue> values) {
        public Facet {
            values = List.copyOf(values);
        }
    }

    /** A value of a facet, with the number of matching records having it; {@code query} selects them. */
    public record FacetValue(String value, long count, String query) {}
}
