package org.athanor.search;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code searchengine:index:status} shows.
 *
 * @param exists      whether the index was created
 * @param location    where it lives (a folder for Lucene, a URL for OpenSearch)
 * @param documents   documents in the live index (records and stories)
 * @param perDatabox  documents per sbas_id
 * @param building    a populate in progress or killed (resumable): records done so far, else null
 * @param sizeBytes   size on disk, -1 when unknown
 */
public record IndexStatus(boolean exists, String location, long documents, Map<Integer, Long> perDatabox, Long building,
                          long sizeBytes) {
    public static IndexStatus missing(Path where) {
        return new IndexStatus(false, where.toString(), 0, Map.of(), null, -1);
    }
}
