package org.athanor.web;

import java.util.List;
import java.util.Set;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.User;

/** The models of the admin console's pages. */
public final class AdminPages {
    private AdminPages() {}

    /** {@code /admin/}: the state of the installation at a glance. */
    public record Dashboard(View view, String version, String codename, boolean maintenance, String maintenanceMessage,
                            String scheduler, long queuedJobs, int sessions, List<AboutPage.Databox> databoxes,
                            List<AdminLog.Entry> actions) {}

    /** {@code /admin/sessions}: who is connected. */
    public record Sessions(View view, List<SessionRow> rows, String notice) {}

    /** {@code /admin/users}: every user, and the creation form (with what was typed when it was refused). */
    public record Users(View view, List<User> users, NewUserForm form, String error, String notice) {}

    /** The user creation form as typed; the password is never sent back. */
    public record NewUserForm(String login, String email, String locale, boolean admin) {
        /** The empty form. */
        public static final NewUserForm EMPTY = new NewUserForm("", "", "en", false);
    }

    /** {@code /admin/users/{id}}: one user, their rights and sessions; {@code adminChecked} is the box as stored or as sent. */
    public record UserEdit(View view, User user, boolean adminChecked, List<CollectionRights> collections, List<DataboxRights> databoxes,
                           List<String> collectionFlags, List<String> databoxFlags, List<SessionRow> sessions,
                           String error, String notice) {}

    /** A user's rights on one collection, for the rights form. */
    public record CollectionRights(int baseId, String name, String databox, Set<String> on) {}

    /** A user's rights on one databox, for the rights form. */
    public record DataboxRights(int sbasId, String name, Set<String> on) {}

    /** {@code /admin/maintenance}: the flag and the message (as typed when it was refused). */
    public record Maintenance(View view, boolean on, String message, String error, String notice) {}

    /** The scheduler as the task-manager page shows it. */
    public record SchedulerView(String state, boolean stopped, String configured, String host, String pid, String heartbeat, boolean paused) {}

    /** One task as the task-manager page shows it. */
    public record TaskView(int id, String name, String type, String configured, String actual, String state, String lastRun,
                           String progress, String lastError, int crashes, int period, String settings) {}

    /** {@code /admin/tasks}: the scheduler, the tasks, the creation form (with what was typed when it was refused). */
    public record Tasks(View view, SchedulerView scheduler, List<TaskView> tasks, List<String> types, TaskForm form,
                        String error, String notice) {}

    /** {@code /admin/tasks/{id}}: one task, its settings form (as stored, or as typed when refused) and log. */
    public record TaskEdit(View view, TaskView task, TaskForm form, String error, String notice) {}

    /** A task's form fields as text, so that a refused value (a period of "soon") is shown as typed. */
    public record TaskForm(String type, String name, String period, String settings) {
        /** The empty creation form. */
        public static final TaskForm EMPTY = new TaskForm("", "", "", "");
    }
}
