package org.athanor.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.athanor.core.AthanorException;
import org.athanor.core.Version;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.Maintenance;
import org.athanor.appbox.Rights;
import org.athanor.appbox.SessionService;
import org.athanor.appbox.Session;
import org.athanor.appbox.User;
import org.athanor.appbox.UserId;
import org.athanor.appbox.UserService;
import org.athanor.config.AthanorConfig;
import org.athanor.databox.CollectionInfo;
import org.athanor.databox.Collections;
import org.athanor.databox.Databoxes;
import org.athanor.tasks.JobQueue;
import org.athanor.tasks.JobState;
import org.athanor.tasks.TaskManager;

/** The admin console under {@code /admin/}: dashboard, task manager, connected users, users and rights, maintenance. {@link Gate} lets admins only in. */
final class AdminHandlers {
    private final List<String> routes = new java.util.ArrayList<>();

    private final UserService users;
    private final Rights rights;
    private final Databoxes databoxes;
    private final Collections collections;
    private final DataboxSummaries summaries;
    private final SessionService sessions;
    private final TaskManager taskManager;
    private final JobQueue jobs;
    private final AdminLog adminLog;
    private final Maintenance maintenance;
    private final Gate gate;
    private final Pages pages;
    private final Supplier<AthanorConfig> config;
    private final TaskManagerHandlers tasks;

    /** The services the admin console uses; {@code config} is configuration.yml as it is now (maintenance flag and message). */
    record Services(UserService users, Rights rights, Databoxes databoxes, Collections collections, DataboxSummaries summaries,
                    SessionService sessions, TaskManager taskManager, JobQueue jobs, AdminLog adminLog, Maintenance maintenance) {}

    AdminHandlers(Services services, Gate gate, Pages pages, Supplier<AthanorConfig> config, TaskManagerHandlers tasks) {
        this.users = services.users();
        this.rights = services.rights();
        this.databoxes = services.databoxes();
        this.collections = services.collections();
        this.summaries = services.summaries();
        this.sessions = services.sessions();
        this.taskManager = services.taskManager();
        this.jobs = services.jobs();
        this.adminLog = services.adminLog();
        this.maintenance = services.maintenance();
        this.gate = gate;
        this.pages = pages;
        this.config = config;
        this.tasks = tasks;
    }

    /** Every route registered, as {@code "GET /admin/users/{id}"}; tests check each refuses non-admins. */
    List<String> routes() {
        return List.copyOf(routes);
    }

    void register(RoutesConfig r) {
        get(r, "/admin/", this::dashboard);
        get(r, "/admin/sessions", this::sessions);
        get(r, "/admin/sessions/rows", this::sessionRows);
        post(r, "/admin/sessions/disconnect-all", this::disconnectAll);
        post(r, "/admin/sessions/{id}/disconnect", this::disconnectOne);
        get(r, "/admin/users", this::users);
        post(r, "/admin/users", this::createUser);
        get(r, "/admin/users/{id}", this::user);
        post(r, "/admin/users/{id}", this::updateUser);
        post(r, "/admin/users/{id}/rights", this::updateRights);
        post(r, "/admin/users/{id}/disconnect", this::disconnectUser);
        get(r, "/admin/maintenance", this::maintenance);
        post(r, "/admin/maintenance", this::setMaintenance);
        if (tasks != null) tasks.register(r, this::get, this::post);
    }

    private void get(RoutesConfig r, String path, io.javalin.http.Handler h) {
        r.get(path, h);
        routes.add("GET " + path);
    }

    private void post(RoutesConfig r, String path, io.javalin.http.Handler h) {
        r.post(path, h);
        routes.add("POST " + path);
    }

    private void dashboard(Context ctx) {
        List<AboutPage.Databox> boxes = summaries.list();
        String scheduler = taskManager.schedulerStatus().word();
        long queued = jobs.counts().get(JobState.QUEUED);
        AthanorConfig c = config.get();
        ctx.html(pages.render("admin/dashboard.jte", new AdminPages.Dashboard(gate.view(ctx).in("dashboard"), Version.NUMBER,
                Version.CODENAME, c.main().maintenance(), c.registry().maintenanceMessage(), scheduler, queued,
                sessions.list().size(), boxes, adminLog.recent(10))));
    }

    private void sessions(Context ctx) {
        ctx.html(pages.render("admin/sessions.jte", new AdminPages.Sessions(gate.view(ctx).in("sessions"), rows(ctx),
                String.valueOf(Optional.ofNullable(ctx.queryParam("ended")).map(n -> n + " session(s) ended.").orElse("")))));
    }

    private void sessionRows(Context ctx) {
        ctx.html(pages.render("admin/sessions_rows.jte", new AdminPages.Sessions(gate.view(ctx).in("sessions"), rows(ctx), "")));
    }

    private List<SessionRow> rows(Context ctx) {
        return SessionRow.all(sessions.list(), Gate.session(ctx).id());
    }

    private void disconnectOne(Context ctx) {
        Session s = sessions.require(ctx.pathParam("id"));
        sessions.disconnect(s.id());
        log(ctx, "sessions.disconnect", s.login() + " " + s.id().substring(0, 12));
        if (s.id().equals(Gate.session(ctx).id())) {
            Gate.forgetCookies(ctx);
            ctx.redirect("/login");
        } else {
            ctx.redirect("/admin/sessions?ended=1");
        }
    }

    private void disconnectUser(Context ctx) {
        User u = requireUser(ctx);
        int n = sessions.disconnectUser(u.id());
        log(ctx, "sessions.disconnect-user", u.login() + ": " + n + " session(s)");
        if (u.id().equals(Gate.user(ctx).id())) {
            Gate.forgetCookies(ctx);
            ctx.redirect("/login");
        } else {
            ctx.redirect("/admin/sessions?ended=" + n);
        }
    }

    private void disconnectAll(Context ctx) {
        if (ctx.formParam("confirm") == null) {
            ctx.redirect("/admin/sessions");
            return;
        }
        log(ctx, "sessions.disconnect-all", "");
        int n = sessions.disconnectAll();
        adminLog.record(Gate.user(ctx).login(), "sessions.disconnect-all.done", n + " session(s) ended", ctx.ip());
        Gate.forgetCookies(ctx);
        ctx.redirect("/login");
    }

    private void users(Context ctx) {
        renderUsers(ctx, AdminPages.NewUserForm.EMPTY, "", ctx.queryParam("created") != null ? gate.view(ctx).t("saved") : "");
    }

    private void renderUsers(Context ctx, AdminPages.NewUserForm form, String error, String notice) {
        ctx.html(pages.render("admin/users.jte", new AdminPages.Users(gate.view(ctx).in("users"), users.list(), form, error, notice)));
    }

    private void createUser(Context ctx) {
        AdminPages.NewUserForm typed = new AdminPages.NewUserForm(nz(ctx.formParam("login")), nz(ctx.formParam("email")),
                nz(ctx.formParam("locale")), ctx.formParam("admin") != null);
        try {
            User u = users.create(new UserService.NewUser(ctx.formParam("login"), ctx.formParam("email"),
                    ctx.formParam("password"), ctx.formParam("admin") != null, ctx.formParam("locale")));
            log(ctx, "user.create", u.login() + (u.admin() ? " (administrator)" : ""));
            ctx.redirect("/admin/users/" + u.id().value() + "?saved=1");
        } catch (AthanorException e) {
            ctx.status(status(e));
            renderUsers(ctx, typed, e.getMessage(), "");
        }
    }

    private void user(Context ctx) {
        User u = requireUser(ctx);
        renderUser(ctx, u, u.admin(), "", ctx.queryParam("saved") != null ? gate.view(ctx).t("saved") : "");
    }

    private void renderUser(Context ctx, User u, boolean adminChecked, String error, String notice) {
        List<AdminPages.CollectionRights> cols = new java.util.ArrayList<>();
        Map<Integer, Set<String>> colOn = new LinkedHashMap<>();
        rights.collectionRights(u.id()).forEach(g -> colOn.put(g.collection().value(), g.flags()));
        for (CollectionInfo c : collections.list())
            cols.add(new AdminPages.CollectionRights(c.baseId().value(), c.name(), c.databoxName(), colOn.getOrDefault(c.baseId().value(), Set.of())));
        Map<Integer, Set<String>> dbOn = new LinkedHashMap<>();
        rights.databoxRights(u.id()).forEach(g -> dbOn.put(g.databox().value(), g.flags()));
        List<AdminPages.DataboxRights> dbs = databoxes.list().stream()
                .map(d -> new AdminPages.DataboxRights(d.id().value(), d.name(), dbOn.getOrDefault(d.id().value(), Set.of()))).toList();
        ctx.html(pages.render("admin/user.jte", new AdminPages.UserEdit(gate.view(ctx).in("users"), u, adminChecked, cols, dbs,
                Rights.COLLECTION_FLAGS, Rights.DATABOX_FLAGS, SessionRow.all(sessions.ofUser(u.id()), Gate.session(ctx).id()),
                error, notice)));
    }

    private void updateUser(Context ctx) {
        User u = requireUser(ctx);
        boolean admin = ctx.formParam("admin") != null;
        try {
            if (u.id().equals(Gate.user(ctx).id()) && !admin)
                throw new AthanorException(org.athanor.core.ErrorCode.BAD_ARGUMENT,
                        "You cannot remove your own administrator right: ask another administrator, or use the CLI.");
            String password = ctx.formParam("password");
            if (password != null && !password.isEmpty()) {
                boolean own = u.id().equals(Gate.user(ctx).id());
                int ended = users.setPassword(u.id(), password, own ? Gate.session(ctx).id() : null);
                log(ctx, "user.password", u.login() + ": " + ended + " session(s) ended");
            }
            if (admin != u.admin()) {
                users.setAdmin(u.id(), admin);
                log(ctx, "user.admin", u.login() + (admin ? " is now an administrator" : " is no longer an administrator"));
            }
            ctx.redirect("/admin/users/" + u.id().value() + "?saved=1");
        } catch (AthanorException e) {
            ctx.status(status(e));
            renderUser(ctx, users.findById(u.id()).orElse(u), admin, e.getMessage(), "");
        }
    }

    private void updateRights(Context ctx) {
        User u = requireUser(ctx);
        for (CollectionInfo c : collections.list()) {
            Set<String> on = new LinkedHashSet<>();
            for (String f : Rights.COLLECTION_FLAGS) if (ctx.formParam("c" + c.baseId().value() + "." + f) != null) on.add(f);
            rights.set(u.id(), c.baseId(), on);
            log(ctx, "user.grant", u.login() + " on collection " + c.baseId().value() + ": " + on);
        }
        databoxes.list().forEach(d -> {
            Set<String> on = new LinkedHashSet<>();
            for (String f : Rights.DATABOX_FLAGS) if (ctx.formParam("d" + d.id().value() + "." + f) != null) on.add(f);
            rights.set(u.id(), d.id(), on);
            log(ctx, "user.grant", u.login() + " on databox " + d.id().value() + ": " + on);
        });
        ctx.redirect("/admin/users/" + u.id().value() + "?saved=1");
    }

    private void maintenance(Context ctx) {
        AthanorConfig c = config.get();
        ctx.html(pages.render("admin/maintenance.jte", new AdminPages.Maintenance(gate.view(ctx).in("maintenance"), c.main().maintenance(),
                c.registry().maintenanceMessage(), "", ctx.queryParam("saved") != null ? gate.view(ctx).t("saved") : "")));
    }

    private void setMaintenance(Context ctx) {
        boolean on = "on".equals(ctx.formParam("action"));
        String message = ctx.formParam("message");
        try {
            maintenance.set(on, message == null ? null : message.strip(), Gate.user(ctx).login(), ctx.ip());
        } catch (AthanorException e) {   // shown on the form, with the message as typed
            AthanorConfig c = config.get();
            ctx.status(status(e)).html(pages.render("admin/maintenance.jte", new AdminPages.Maintenance(gate.view(ctx).in("maintenance"),
                    c.main().maintenance(), message == null ? c.registry().maintenanceMessage() : message, e.getMessage(), "")));
            return;
        }
        ctx.redirect("/admin/maintenance?saved=1");
    }

    /** The status of a form refused for {@code e}: {@link org.athanor.core.ErrorCode#httpStatus()} (4xx when the input or the state is at fault). */
    static int status(AthanorException e) {
        return e.code().httpStatus();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private User requireUser(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFoundResponse("no user " + ctx.pathParam("id"));
        }
        if (id < 1) throw new NotFoundResponse("no user " + id);
        return users.findById(new UserId(id)).orElseThrow(() -> new NotFoundResponse("no user " + id));
    }

    private void log(Context ctx, String action, String detail) {
        adminLog.record(Gate.user(ctx).login(), action, detail, ctx.ip());
    }
}
