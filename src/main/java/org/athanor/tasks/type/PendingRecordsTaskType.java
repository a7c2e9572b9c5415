package org.athanor.tasks.type;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.ids.DataboxId;
import org.athanor.databox.Databoxes;
import org.athanor.databox.RecordStore;
import org.athanor.ids.RecordId;
import org.athanor.databox.RecordType;
import org.athanor.tasks.Job;
import org.athanor.tasks.JobQueue;
import org.athanor.tasks.Task;
import org.athanor.tasks.TaskContext;
import org.athanor.tasks.TaskRepository;
import org.athanor.tasks.TaskSettings;
import org.athanor.tasks.TaskType;
import org.w3c.dom.Element;

/**
 * A task that works through the records marked "to do" in a databox column ({@code subdefs_pending},
 * {@code metadata_pending}): each pass queues a job per marked record, then claims the jobs in batches and hands each
 * record to a {@link RecordWork}. A job whose record is no longer marked is completed without work, so a record is
 * processed once even when it was queued twice. Asked to stop, the task finishes the record in hand and hands the rest
 * of its batch back to the queue.
 *
 * <p>Settings, as Phraseanet's: {@code <sbas>} (databox ids; none = every databox), {@code <type_image>} …
 * {@code <type_unknown>} (1 = take that record type) and {@code <maxrecs>} (batch size).
 */
public final class PendingRecordsTaskType implements TaskType {
    private final String jobType;
    private final String markColumn;
    private final String defaultSettings;
    private final Databoxes databoxes;
    private final JobQueue jobs;
    private final RecordWork work;

    private PendingRecordsTaskType(String jobType, String markColumn, String defaultSettings, Databoxes databoxes, JobQueue jobs, RecordWork work) {
        this.jobType = jobType;
        this.markColumn = markColumn;
        this.defaultSettings = defaultSettings;
        this.databoxes = databoxes;
        this.jobs = jobs;
        this.work = work;
    }

    /** The Subdefs task: records with {@code subdefs_pending}; {@code work} makes the subdefs and clears the mark. */
    public static PendingRecordsTaskType subdefs(Databoxes databoxes, JobQueue jobs, RecordWork work) {
        return new PendingRecordsTaskType(TaskRepository.SUBDEFS, "subdefs_pending", TaskRepository.SUBDEFS_SETTINGS, databoxes, jobs, work);
    }

    /** The WriteMetadata task: records with {@code metadata_pending}; {@code work} writes the file and clears the mark. */
    public static PendingRecordsTaskType writeMetadata(Databoxes databoxes, JobQueue jobs, RecordWork work) {
        return new PendingRecordsTaskType(TaskRepository.WRITE_METADATA, "metadata_pending", TaskRepository.WRITE_METADATA_SETTINGS, databoxes, jobs, work);
    }

    @Override public String jobType() {
        return jobType;
    }

    @Override public String defaultSettings() {
        return defaultSettings;
    }

    @Override public Task create(int taskId, TaskSettings settings) {
        Set<Integer> sbas = new LinkedHashSet<>();
        for (Element e : TaskSettings.children(settings.root(), "sbas")) {
            for (String part : e.getTextContent().split("[,\\s]+")) {
                if (part.isBlank()) continue;
                try {
                    sbas.add(Integer.parseInt(part));
                } catch (NumberFormatException ex) {
                    throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: <sbas> holds databox ids, found '" + part
                            + "'. Example: <sbas>1</sbas> (leave it empty for every databox)");
                }
            }
        }
        List<String> types = new ArrayList<>();
        for (RecordType t : RecordType.values()) {
            if (settings.flag("type_" + t.code(), true)) types.add(t.code());
        }
        int batch = settings.integer("maxrecs", 20);
        if (batch < 1 || batch > 10_000) {
            throw new AthanorException(ErrorCode.BAD_ARGUMENT, "task settings: <maxrecs> " + batch + " is outside 1..10000. Example: <maxrecs>20</maxrecs>");
        }
        return context -> runOnce(context, sbas, types, batch);
    }

    private void runOnce(TaskContext context, Set<Integer> sbas, List<String> types, int batch) throws Exception {
        int queued = 0;
        for (RegisteredDatabox d : databoxes.list()) {
            if (!sbas.isEmpty() && !sbas.contains(d.id().value())) continue;
            if (types.isEmpty()) break;
            List<RecordId> marked = store(d.id()).marked(markColumn, types);
            queued += jobs.enqueueAll(jobType, d.id(), marked);
        }
        if (queued > 0) context.log("queued " + queued + " record(s)");
        jobs.purgeDone(jobType);
        long done = 0;
        while (!context.stopRequested()) {
            List<Job> claimed = jobs.claim(jobType, context.owner(), batch);
            if (claimed.isEmpty()) break;
            for (int i = 0; i < claimed.size(); i++) {
                Job job = claimed.get(i);
                if (context.stopRequested() || !accepted(job, sbas)) {
                    for (Job rest : claimed.subList(i, claimed.size())) jobs.release(rest, context.owner());
                    if (context.stopRequested()) context.log("stop asked: " + (claimed.size() - i) + " job(s) handed back to the queue");
                    break;
                }
                process(context, job);
                context.progress(++done, done + claimed.size() - i - 1);
            }
        }
    }

    private boolean accepted(Job job, Set<Integer> sbas) {
        return sbas.isEmpty() || sbas.contains(job.databox().value());
    }

    private void process(TaskContext context, Job job) {
        boolean marked;
        try {
            marked = store(job.databox()).isMarked(markColumn, job.record());
        } catch (RuntimeException e) {
            jobs.fail(job, context.owner(), "databox " + job.databox() + " cannot be read: " + e.getMessage());
            context.failed("record " + job.databox() + "/" + job.record() + ": databox cannot be read: " + e.getMessage());
            return;
        }
        if (!marked) {
            jobs.complete(job, context.owner());
            return;
        }
        try {
            work.process(job.databox(), job.record());
            if (jobs.complete(job, context.owner())) context.log("record " + job.databox() + "/" + job.record() + ": done");
            else context.log("record " + job.databox() + "/" + job.record() + ": done, but the lease had expired (the work is idempotent)");
        } catch (Exception e) {
            String error = e.getMessage() == null ? e.toString() : e.getMessage();
            jobs.fail(job, context.owner(), error);
            context.failed("record " + job.databox() + "/" + job.record() + ": failed: " + error);
        }
    }

    private RecordStore store(DataboxId id) {
        return new RecordStore(id, databoxes.box(id).jdbi());
    }
}
