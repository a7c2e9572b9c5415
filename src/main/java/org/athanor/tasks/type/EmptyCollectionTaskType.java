package org.athanor.tasks.type;

import java.util.List;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredCollection;
import org.athanor.appbox.Registry;
import org.athanor.ids.BaseId;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordStore;
import org.athanor.databox.Records;
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
    private final Records records;

    public EmptyCollectionTaskType(Registry registry, Records records) {
        this.registry = registry;
        this.records = records;
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
        RecordStore store = records.store(c.databox());
        long total = store.countIn(c.collId());
        if (total == 0) return;
        context.log("collection base_id " + baseId + ": " + total + " record(s) to delete");
        long done = 0;
        while (!context.stopRequested()) {
            List<RecordId> batch = store.firstIn(c.collId(), BATCH);
            if (batch.isEmpty()) break;
            for (RecordId r : batch) {
                if (context.stopRequested()) break;
                if (records.delete(c.databox(), r, null, "EmptyCollection task: collection base_id " + baseId)) done++;
                context.progress(done, total);
            }
        }
        context.log("collection base_id " + baseId + ": " + done + " record(s) deleted");
    }
}
