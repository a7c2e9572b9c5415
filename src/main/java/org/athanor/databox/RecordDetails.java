package org.athanor.databox;

import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything records:show prints of one record: caption, status, subdefinitions with their files, technical data.
 * {@code sha256} is the checksum of the stored original now; {@code originalSha256} the one it had when added.
 */
public record RecordDetails(DataboxId databox, RecordId recordId, CollId collId, String type, String mime, String sha256,
                            String originalSha256, String uuid, String originalName, long status, List<Integer> statusBitsOn, boolean story,
                            boolean subdefsPending, boolean metadataPending, String subdefsError, Instant createdAt,
                            Instant modifiedAt, Map<String, List<String>> caption, List<SubdefFile> subdefs,
                            Map<String, String> technicalData) {

    /** One file of a record: the original ({@code document}) or a subdefinition. */
    public record SubdefFile(String name, String path, long size, String mime, Integer width, Integer height, String etag) {}
}
