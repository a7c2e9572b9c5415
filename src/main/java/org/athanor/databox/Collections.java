package org.athanor.databox;

import org.athanor.ids.BaseId;
import org.athanor.ids.CollId;
import org.athanor.ids.DataboxId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredCollection;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.jdbi.v3.core.Jdbi;

/** Creates and lists collections: a row in the databox ({@code coll}) and its base_id in the appbox ({@code bas}). */
public final class Collections {
    private final Registry registry;
    private final Databoxes databoxes;

    public Collections(Registry registry, Databoxes databoxes) {
        this.registry = registry;
        this.databoxes = databoxes;
    }

    /** Check a collection name: 1 to 128 characters, no control characters. */
    public static String checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 128 || name.chars().anyMatch(Character::isISOControl))
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "collection name '" + name
                    + "': use 1 to 128 printable characters (e.g. 'Photos 2026')");
        return name.strip();
    }

    /** Create a collection in a databox and register it; returns its base_id. Refuses a name already used in that databox. */
    public BaseId create(DataboxId databox, String name) {
        String clean = checkName(name);
        Jdbi db = databoxes.box(databox).jdbi();
        int collId = db.inTransaction(h -> {
            if (h.createQuery("SELECT COUNT(*) FROM collections WHERE LOWER(name) = LOWER(:n)").bind("n", clean).mapTo(Integer.class).one() > 0)
                throw new AthanorException(ErrorCode.BAD_ARGUMENT, "Databox " + databox + " already has a collection named '" + clean
                        + "': choose another name (see collection:list).");
            return h.createUpdate("INSERT INTO collections (name, created_at) VALUES (:n, :now)")
                    .bind("n", clean).bind("now", Instant.now())
                    .executeAndReturnGeneratedKeys("coll_id").mapTo(Integer.class).one();
        });
        try {
            return registry.registerCollection(databox, new CollId(collId));
        } catch (RuntimeException e) {          // keep both boxes consistent: no collection without its base_id
            db.useHandle(h -> h.createUpdate("DELETE FROM collections WHERE coll_id = :c").bind("c", collId).execute());
            throw e;
        }
    }

    /** Every registered collection with its name and record count. */
    public List<CollectionInfo> list() {
        Map<DataboxId, RegisteredDatabox> boxes = new HashMap<>();
        for (RegisteredDatabox d : registry.databoxes()) boxes.put(d.id(), d);
        Map<DataboxId, Map<Integer, NameCount>> perBox = new HashMap<>();
        List<CollectionInfo> out = new ArrayList<>();
        for (RegisteredCollection c : registry.collections()) {
            NameCount row = perBox.computeIfAbsent(c.databox(), this::namesAndCounts).get(c.collId().value());
            String name = row == null ? "(missing in databox)" : row.name();
            long count = row == null ? 0 : row.records();
            RegisteredDatabox d = boxes.get(c.databox());
            out.add(new CollectionInfo(c.baseId(), c.databox(), d == null ? "?" : d.name(), c.collId(), name, c.active(), count));
        }
        return out;
    }

    /** The collection with this base_id. */
    public CollectionInfo get(BaseId baseId) {
        registry.collection(baseId);
        return list().stream().filter(c -> c.baseId().equals(baseId)).findFirst().orElseThrow();
    }

    private record NameCount(int collId, String name, long records) {}

    private Map<Integer, NameCount> namesAndCounts(DataboxId id) {
        return databoxes.box(id).jdbi().withHandle(h -> {
            Map<Integer, NameCount> m = new HashMap<>();
            h.createQuery("""
                    SELECT c.coll_id, c.name, (SELECT COUNT(*) FROM records r WHERE r.coll_id = c.coll_id) AS n
                    FROM collections c""")
                    .map((rs, ctx) -> new NameCount(rs.getInt("coll_id"), rs.getString("name"), rs.getLong("n")))
                    .forEach(r -> m.put(r.collId(), r));
            return m;
        });
    }
}
