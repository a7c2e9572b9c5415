package org.athanor.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.athanor.core.AthanorException;
import org.athanor.appbox.AdminLog;
import org.athanor.tasks.JobQueue;
import org.athanor.tasks.SchedulerStatus;
import org.athanor.tasks.TaskManager;
import org.athanor.tasks.TaskRecord;
import org.athanor.tasks.TaskStatus;

/** The task-manager page of the admin console: scheduler and tasks, their states, settings and logs. */
final class TaskManagerHandlers {
    /** Lines of a log shown by the page. */
    static final int LOG_LINES = 200;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final TaskManager taskManager;
    private final JobQueue jobs;
    private final AdminLog adminLog;
    private final Gate gate;
    private final Pages pages;
    private final Path logDir;

    TaskManagerHandlers(TaskManager taskManager, JobQueue jobs, AdminLog adminLog, Gate gate, Pages pages, Path logDir) {
        this.taskManager = taskManager;
        this.jobs = jobs;
        this.adminLog = adminLog;
        this.gate = gate;
        this.pages = pages;
        this.logDir = logDir;
    }

    /** Register the routes through {@code get} and {@code post}, which record them. */
    void register(RoutesConfig r, RouteAdder get, RouteAdder post) {
        get.add(r, "/admin/tasks", this::page);
        get.add(r, "/admin/tasks/live", this::live);
        get.add(r, "/admin/tasks/scheduler/log", ctx -> log(ctx, logDir.resolve("scheduler.log")));
        post.add(r, "/admin/tasks/scheduler/{action}", this::scheduler);
        post.add(r, "/admin/tasks", this::create);
        get.add(r, "/admin/tasks/{id}", this::task);
        post.add(r, "/admin/tasks/{id}", this::update);
        get.add(r, "/admin/tasks/{id}/log", ctx -> log(ctx, logDir.resolve("task_" + requireTask(ctx).task().id() + ".log")));
        post.add(r, "/admin/tasks/{id}/{action}", this::taskAction);
    }

    /** Registers one route of a method. */
    @FunctionalInterface
    interface RouteAdder {
        void add(RoutesConfig r, String path, io.javalin.http.Handler h);
    }

    private TaskManager tm() {
        return taskManager;
    }

    private AdminPages.Tasks model(Context ctx, AdminPages.TaskForm form, String error, String notice) {
        SchedulerStatus s = tm().schedulerStatus();
        var row = s.row();
        AdminPages.SchedulerView scheduler = new AdminPages.SchedulerView(s.word(), s.state() == org.athanor.tasks.RunState.STOPPED, nz(row.configuredStatus()),
                nz(row.host()), row.pid() == null ? "" : row.pid().toString(), time(row.heartbeat()), row.paused());
        Map<String, Long> failed = jobs.failedByType();
        List<AdminPages.TaskView> tasks = tm().list().stream().map(t -> view(t, failed.getOrDefault(t.task().jobType(), 0L))).toList();
        return new AdminPages.Tasks(gate.view(ctx).in("tasks"), scheduler, tasks, tm().types().names(), form, error, notice);
    }

    static AdminPages.TaskView view(TaskStatus t) {
        return view(t, 0);
    }

    /** The task as listed, its Errors column also counting the failed jobs of its type ({@code failedJobs}). */
    static AdminPages.TaskView view(TaskStatus t, long failedJobs) {
        TaskRecord r = t.task();
        String progress = r.progressTotal() == null || r.progressTotal() == 0 ? ""
                : r.progressDone() + " / " + r.progressTotal();
        return new AdminPages.TaskView(r.id(), r.name(), r.jobType(), r.configuredStatus(), nz(r.actualStatus()), t.word(),
                time(r.lastRun()), progress, errors(r.lastError(), failedJobs), r.crashCount(), r.periodSeconds(), nz(r.settings()));
    }

    private static String errors(String lastError, long failedJobs) {
        String jobs = failedJobs == 0 ? "" : failedJobs + " failed job" + (failedJobs == 1 ? "" : "s") + " of this type";
        if (lastError == null || lastError.isEmpty()) return jobs;
        return jobs.isEmpty() ? lastError : lastError + " — " + jobs;
    }

    private void page(Context ctx) {
        ctx.html(pages.render("admin/tasks.jte", model(ctx, AdminPages.TaskForm.EMPTY, "", notice(ctx))));
    }

    private void live(Context ctx) {
        ctx.html(pages.render("admin/tasks_live.jte", model(ctx, AdminPages.TaskForm.EMPTY, "", "")));
    }

    private void scheduler(Context ctx) {
        String action = ctx.pathParam("action");
        switch (action) {
            case "start" -> tm().wantSchedulerStarted();
            case "stop" -> tm().requestSchedulerStop();
            case "pause" -> tm().pauseTasks();
            case "resume" -> tm().resumeTasks();
            default -> throw new NotFoundResponse("no scheduler action " + action + ": use start, stop, pause or resume");
        }
        log(ctx, "scheduler." + action, "");
        ctx.redirect("/admin/tasks?done=scheduler." + action);
    }

    private void create(Context ctx) {
        try {
            String period = ctx.formParam("period");
            int id = tm().create(ctx.formParam("type"), ctx.formParam("name"),
                    period == null || period.isBlank() ? null : parsePeriod(period), null);
            log(ctx, "task.create", "task " + id + " (" + ctx.formParam("type") + ")");
            ctx.redirect("/admin/tasks/" + id + "?done=created");
        } catch (AthanorException e) {
            AdminPages.TaskForm typed = new AdminPages.TaskForm(nz(ctx.formParam("type")), nz(ctx.formParam("name")),
                    nz(ctx.formParam("period")), "");
            ctx.status(AdminHandlers.status(e)).html(pages.render("admin/tasks.jte", model(ctx, typed, e.getMessage(), "")));
        }
    }

    private void task(Context ctx) {
        TaskStatus t = requireTask(ctx);
        AdminPages.TaskView v = view(t);
        AdminPages.TaskForm stored = new AdminPages.TaskForm(v.type(), v.name(), Integer.toString(v.period()), v.settings());
        ctx.html(pages.render("admin/task.jte", new AdminPages.TaskEdit(gate.view(ctx).in("tasks"), v, stored, "", notice(ctx))));
    }

    private void update(Context ctx) {
        TaskStatus t = requireTask(ctx);
        try {
            tm().update(t.task().id(), ctx.formParam("name"), parsePeriod(ctx.formParam("period")), ctx.formParam("settings"));
            log(ctx, "task.edit", "task " + t.task().id());
            ctx.redirect("/admin/tasks/" + t.task().id() + "?done=saved");
        } catch (AthanorException e) {
            AdminPages.TaskView v = view(tm().status(t.task().id()).orElse(t));
            AdminPages.TaskForm typed = new AdminPages.TaskForm(v.type(), nz(ctx.formParam("name")), nz(ctx.formParam("period")),
                    nz(ctx.formParam("settings")));
            ctx.status(AdminHandlers.status(e)).html(pages.render("admin/task.jte",
                    new AdminPages.TaskEdit(gate.view(ctx).in("tasks"), v, typed, e.getMessage(), "")));
        }
    }

    private void taskAction(Context ctx) {
        TaskStatus t = requireTask(ctx);
        int id = t.task().id();
        String action = ctx.pathParam("action");
        switch (action) {
            case "start" -> tm().start(id);
            case "stop" -> tm().stop(id);
            case "delete" -> tm().delete(id);
            default -> throw new NotFoundResponse("no task action " + action + ": use start, stop or delete");
        }
        log(ctx, "task." + action, "task " + id + " (" + t.task().name() + ")");
        ctx.redirect("/admin/tasks?done=task." + action);
    }

    private TaskStatus requireTask(Context ctx) {
        int id;
        try {
            id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("no task " + ctx.pathParam("id"));
        }
        return tm().status(id).orElseThrow(() -> new NotFoundResponse("no task " + id));
    }

    private static Integer parsePeriod(String s) {
        try {
            return s == null || s.isBlank() ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw new AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT, "period '" + s + "': give a number of seconds, e.g. 10");
        }
    }

    /**
     * Answer the end of a log as escaped HTML text: htmx puts it into the page's {@code <pre>} as HTML, and log lines
     * hold file and task names anyone may choose ({@code <img src=x onerror=...>.jpg} in a hot folder).
     */
    private void log(Context ctx, Path file) {
        ctx.html(pages.render("admin/log.jte", tail(file)));
    }

    /** Return the last {@link #LOG_LINES} lines of a log file, or a note when there is none yet. */
    static String tail(Path file) {
        if (!Files.isRegularFile(file)) return "(no log yet: " + file + ")";
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    private String notice(Context ctx) {
        String done = ctx.queryParam("done");
        return done == null ? "" : gate.view(ctx).t("saved") + " (" + done + ")";
    }

    private void log(Context ctx, String action, String detail) {
        adminLog.record(Gate.user(ctx).login(), action, detail, ctx.ip());
    }

    private static String time(Instant t) {
        return t == null ? "" : TIME.format(t);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

}
