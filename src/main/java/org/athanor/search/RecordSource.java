package org.athanor.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredCollection;
import org.athanor.appbox.Registry;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.RecordDetails;
import org.athanor.ids.RecordId;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureField;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads what the index needs of records: each record through the databox's reader ({@link Reader}: caption,
 * technical data, status), and, for populate and story members, the few id lists the reader does not offer yet (plain
 * {@code SELECT}s on {@code records} and {@code story_members}; they belong in the databox reader).
 * Structures and collection ids are cached for a few seconds.
 */
public final class RecordSource {
    /** How records are read from a databox: the one reader of the {@code databox} package, given by the wiring. */
    public interface Reader {
        /** The record with its caption, status and technical data; an {@link ErrorCode#NOT_FOUND} error when it does not exist. */
        RecordDetails show(DataboxId databox, RecordId record);

        /** Number of records (stories included) of a databox. */
        long count(DataboxId databox);
    }

    private static final long CACHE_MILLIS = 5_000;

    private final Registry registry;
    private final Databoxes databoxes;
    private final Reader reader;
    private final Map<DataboxId, Cached<Structure>> structures = new ConcurrentHashMap<>();
    private volatile Cached<Map<String, BaseId>> bases;

    private record Cached<T>(T value, long at) {
        boolean fresh() { return System.currentTimeMillis() - at < CACHE_MILLIS; }
    }

    public RecordSource(Registry registry, Databoxes databoxes, Reader reader) {
        this.registry = registry;
        this.databoxes = databoxes;
        this.reader = reader;
    }

    /** Forget the cached structures and collections: the next reads load them again. */
    public void forget() {
        structures.clear();
        bases = null;
    }

    /** The structure of a databox (cached a few seconds). */
    public Structure structure(DataboxId databox) {
        Cached<Structure> c = structures.get(databox);
        if (c != null && c.fresh()) return c.value();
        Structure s = databoxes.structure(databox).load();
        structures.put(databox, new Cached<>(s, System.currentTimeMillis()));
        return s;
    }

    /** What the index keeps of a record or story; empty when the record no longer exists. */
    public Optional<IndexedRecord> read(DataboxId databox, RecordId id) {
        RecordDetails r;
        try {
            r = reader.show(databox, id);
        } catch (AthanorException e) {
            if (e.code() == ErrorCode.NOT_FOUND) return Optional.empty();
            throw e;
        }
        Structure structure = structure(databox);
        List<IndexedRecord.Field> caption = new ArrayList<>();
        String title = null;
        for (StructureField f : structure.fields()) {
            List<String> values = r.caption().get(f.name());
            if (values == null || values.isEmpty() || !f.indexable()) continue;
            caption.add(new IndexedRecord.Field(f.name(), f.type(), f.business(), f.aggregable(), values));
            if (title == null && f.thumbtitle() != null && !f.business()) title = String.join(" ; ", values);   // a title every reader may see
        }
        if (title == null) title = r.originalName();
        BaseId base = baseOf(databox, r.collId().value());
        List<Long> members = r.story() ? members(databox, id) : List.of();
        return Optional.of(new IndexedRecord(databox, id, base, r.type(), r.mime(), r.story(), members, r.uuid(), r.sha256(),
                r.originalName(), r.status(), r.createdAt(), r.modifiedAt(), caption, r.technicalData(), title));
    }

    /** Up to {@code max} record ids (stories included) after {@code after}, in order. */
    public List<Long> idsAfter(DataboxId databox, long after, int max) {
        return jdbi(databox).withHandle(h -> h.createQuery("SELECT record_id FROM records WHERE record_id > :after ORDER BY record_id LIMIT :max")
                .bind("after", after).bind("max", max).mapTo(Long.class).list());
    }

    /** Every record id of a databox. */
    public Set<Long> allIds(DataboxId databox) {
        return new HashSet<>(jdbi(databox).withHandle(h -> h.createQuery("SELECT record_id FROM records").mapTo(Long.class).list()));
    }

    /** Records changed at or after {@code since}. */
    public List<Long> modifiedSince(DataboxId databox, Instant since) {
        return jdbi(databox).withHandle(h -> h.createQuery("SELECT record_id FROM records WHERE modified_at >= :since ORDER BY record_id")
                .bind("since", since).mapTo(Long.class).list());
    }

    /** The stories a record belongs to. */
    public List<RecordId> storiesOf(DataboxId databox, RecordId record) {
        return jdbi(databox).withHandle(h -> h.createQuery("SELECT story_id FROM story_members WHERE record_id = :r ORDER BY story_id")
                .bind("r", record.value()).map((rs, ctx) -> new RecordId(rs.getLong(1))).list());
    }

    /** Number of records (stories included) of a databox. */
    public long count(DataboxId databox) {
        return reader.count(databox);
    }

    private List<Long> members(DataboxId databox, RecordId story) {
        return jdbi(databox).withHandle(h -> h.createQuery("SELECT record_id FROM story_members WHERE story_id = :s ORDER BY ord, record_id")
                .bind("s", story.value()).mapTo(Long.class).list());
    }

    private BaseId baseOf(DataboxId databox, int collId) {
        Cached<Map<String, BaseId>> c = bases;
        String key = databox.value() + ":" + collId;
        if (c == null || !c.fresh() || !c.value().containsKey(key)) {
            Map<String, BaseId> m = new HashMap<>();
            for (RegisteredCollection rc : registry.collections()) m.put(rc.databox().value() + ":" + rc.collId().value(), rc.baseId());
            c = new Cached<>(m, System.currentTimeMillis());
            bases = c;
        }
        BaseId base = c.value().get(key);
        if (base == null) throw new AthanorException(ErrorCode.NOT_FOUND, "Collection coll_id " + collId + " of databox " + databox
                + " has no base_id in the appbox: register it (collection:list shows the registered ones).");
        return base;
    }

    private Jdbi jdbi(DataboxId databox) {
        return databoxes.box(databox).jdbi();
    }
}
