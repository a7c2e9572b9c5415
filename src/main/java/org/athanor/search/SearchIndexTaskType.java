package org.athanor.search;

import java.util.List;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.tasks.Job;
import org.athanor.tasks.JobQueue;
import org.athanor.tasks.Task;
import org.athanor.tasks.TaskContext;
import org.athanor.tasks.TaskSettings;
import org.athanor.tasks.TaskType;

/**
 * The task that keeps the search index current: each pass claims the {@value #JOB_TYPE} jobs of the queue (one per
 * changed record: caption, status, collection, story members, deletion) and reindexes each record, or removes a
 * deleted one. Its period is 1 s, so a change is searchable within 2 s of its commit on an idle machine.
 *
 * <p>While another process writes the index (a populate finishing its swap), the jobs in hand go back to the queue
 * untouched and the next pass takes them again. Without an index the jobs are completed: a populate reads every
 * record anyway.
 */
public final class SearchIndexTaskType implements TaskType {
    /** The task's type name, as {@code task-manager:task:create} takes it. */
    public static final String NAME = "search-index";
    /** The job type the task consumes: one "record changed" event (sbas_id, record_id). */
    public static final String JOB_TYPE = "record-changed";
    /** Jobs claimed at once. */
    static final int BATCH = 200;

    private final Supplier<SearchService> search;
    private final JobQueue jobs;
    private final Runnable beforePass;

    /**
     * @param search     the search service, made on first use (it opens the index)
     * @param beforePass run at the start of each pass: the relay of the databoxes' "record changed" outboxes to the
     *                   queue, so that no event waits for the next change
     */
    public SearchIndexTaskType(Supplier<SearchService> search, JobQueue jobs, Runnable beforePass) {
        this.search = search;
        this.jobs = jobs;
        this.beforePass = beforePass;
    }

    @Override public String jobType() {
        return NAME;
    }

    @Override public String defaultSettings() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tasksettings/>\n";
    }

    @Override public int defaultPeriodSeconds() {
        return 1;
    }

    @Override public Task create(int taskId, TaskSettings settings) {
        return this::runOnce;
    }

    /** Claim and apply {@value #JOB_TYPE} jobs until none is left or a stop is asked; return how many were applied. */
    public int runOnce(TaskContext context) {
        beforePass.run();
        SearchService service = search.get();
        service.forgetStructures();   // a structure changed since the last pass is read anew (queueDatabox follows such a change)
        int applied = 0;
        while (!context.stopRequested()) {
            List<Job> claimed = jobs.claim(JOB_TYPE, context.owner(), BATCH);
            if (claimed.isEmpty()) break;
            for (int i = 0; i < claimed.size(); i++) {
                Job job = claimed.get(i);
                if (context.stopRequested()) {
                    handBack(claimed.subList(i, claimed.size()), context, "stop asked");
                    return applied;
                }
                try {
                    service.reindex(job.databox(), job.record());
                    jobs.complete(job, context.owner());
                    applied++;
                } catch (AthanorException e) {
                    if (e.code() == ErrorCode.CONFLICT) {
                        handBack(claimed.subList(i, claimed.size()), context, e.getMessage());
                        return applied;
                    }
                    fail(job, context, e);
                } catch (RuntimeException e) {
                    fail(job, context, e);
                }
            }
        }
        if (applied > 0) context.log("reindexed " + applied + " record(s)");
        jobs.purgeDone(JOB_TYPE, java.time.Instant.now().minus(JobQueue.KEEP_DONE));
        return applied;
    }

    private void handBack(List<Job> rest, TaskContext context, String why) {
        for (Job j : rest) jobs.release(j, context.owner());
        context.log(rest.size() + " job(s) handed back to the queue: " + why);
    }

    private void fail(Job job, TaskContext context, RuntimeException e) {
        String error = e.getMessage() == null ? e.toString() : e.getMessage();
        jobs.fail(job, context.owner(), error);
        context.failed("record " + job.databox() + "/" + job.record() + ": not reindexed: " + error);
    }
}
