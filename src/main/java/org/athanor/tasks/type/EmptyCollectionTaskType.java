package org.athanor.tasks.type;

import java.util.List;
import org.athanor.AthanorException;
import org.athanor.ErrorCode;
import org.athanor.appbox.RegisteredCollection;
import org.athanor.appbox.Registry;
import org.athanor.databox.BaseId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.RecordId;
import org.athanor.tasks.Task;
import org.athanor.tasks.TaskContext;
import org.athanor.tasks.TaskSettings;
import org.athanor.tasks.TaskType;

/**
 * The EmptyCollection task: deletes every record of one collection ({@code <base_id>}), in batches, stories included;
 * stopped midway, the next pass carries on.
 */
public final class EmptyCollectionTaskType implements TaskType {
    /** Its job type. */
    public static final String NAME = "empty-collection";
    private static final int BATCH = 100;

    private final Registry registry;
    private final Databoxes databoxes;
    private final RecordDeletion deletion;

    public EmptyCollectionTaskType(Registry registry, Databoxes databoxes, RecordDeletion deletion) {
        this.registry = registry;
        this.databoxes = databoxes;
        this.deletion = deletion;
    }

    @Override public String jobType() {
        return NAME;
    }

    @Override public String defaultSettings() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings>\n  <base_id></base_id>\n</tasksettings>\n";
    }

    @Override public Task create(int taskId, TaskSettings settings) {
        int baseId = settings.integer("base_id", 0);
        if (baseId < 1) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: <base_id> must name the collection to empty (its base_id, "
                    + "see bin/console collection:list). Example: <base_id>1</base_id>");
        }
        return context -> runOnce(context, new BaseId(baseId));
    }

    private void runOnce(TaskContext context, BaseId baseId) {
        RegisteredCollection c = registry.collection(baseId);
        var db = databoxes.box(c.databox()).jdbi();
        long total = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE coll_id = :c")
                .bind("c", c.collId().value()).mapTo(Long.class).one());
        if (total == 0) return;
        context.log("collection base_id " + baseId + ": " + total + " record(s) to delete");
        long done = 0;
        while (!context.stopRequested()) {
            List<RecordId> batch = db.withHandle(h -> h.createQuery(
                            "SELECT record_id FROM records WHERE coll_id = :c ORDER BY is_story DESC, record_id LIMIT " + BATCH)
                    .bind("c", c.collId().value()).map((rs, ctx) -> new RecordId(rs.getLong(1))).list());
            if (batch.isEmpty()) break;
            for (RecordId r : batch) {
                if (context.stopRequested()) break;
                if (deletion.delete(c.databox(), r, "EmptyCollection task: collection base_id " + baseId)) done++;
                context.progress(done, total);
            }
        }
        context.log("collection base_id " + baseId + ": " + done + " record(s) deleted");
    }
}
