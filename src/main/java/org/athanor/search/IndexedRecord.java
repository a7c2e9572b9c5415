package org.athanor.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.FieldType;
import org.athanor.ids.RecordId;

/**
 * What an engine indexes of one record or story: everything a query may ask about, engine-neutral.
 *
 * @param caption  the caption fields with their values, in structure order
 * @param technical technical data ({@code meta.*}) by name, e.g. {@code Width}, {@code CameraModel}
 * @param members  the record ids of a story's members; empty for a record
 * @param title    what a hit shows as title: the thumbtitle field's value, else the original name
 */
public record IndexedRecord(DataboxId databox, RecordId record, BaseId collection, String type, String mime, boolean story,
                            List<Long> members, String uuid, String sha256, String originalName, long status, Instant created,
                            Instant updated, List<Field> caption, Map<String, String> technical, String title) {
    public IndexedRecord {
        members = List.copyOf(members);
        caption = List.copyOf(caption);
        technical = Map.copyOf(technical);
    }

    /**
     * One caption field of the record.
     *
     * @param aggregable facet size from the structure: 0 none, -1 all values
     */
    public record Field(String name, FieldType type, boolean business, int aggregable, List<String> values) {
        public Field {
            values = List.copyOf(values);
        }
    }
}
