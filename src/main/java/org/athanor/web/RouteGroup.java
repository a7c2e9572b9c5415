package org.athanor.web;

import java.util.List;

/**
 * Paths that share one access rule: who may enter, what maintenance mode does to them, and whether the visitor's
 * session is read (and the CSRF token of their POSTs checked). {@link WebServer} declares the groups beside its routes.
 *
 * @param name what the group is, for logs and tests ({@code admin}, {@code account}, {@code public}...)
 * @param paths {@code /health} is that path only; {@code /admin/*} is every path under {@code /admin/}; {@code *} is every path
 * @param access who may enter, checked by {@link AccessRule}
 * @param maintenance what {@link MaintenanceGate} does while maintenance mode is on
 * @param session whether {@link SessionLoader} reads the session and {@link CsrfGuard} checks POSTs; false for the
 *        machines' paths ({@code /health}, static libraries), which never depend on who asks
 */
record RouteGroup(String name, List<String> paths, Access access, DuringMaintenance maintenance, boolean session) {
    /** Who may enter a group's paths. */
    enum Access {
        /** Everybody, signed in or not. */
        ANYONE,
        /** Signed-in users; others are sent to {@code /login}. */
        SIGNED_IN,
        /** Administrators; visitors who are not signed in are sent to {@code /login}, other users get a 403 page. */
        ADMINISTRATOR
    }

    /** What maintenance mode does to a group's paths. */
    enum DuringMaintenance {
        /** Nothing: they answer as usual. */
        OPEN,
        /** Administrators get through; everybody else gets the 503 answer. */
        ADMINISTRATORS_ONLY,
        /** Everybody gets the 503 answer. */
        CLOSED
    }

    RouteGroup {
        paths = List.copyOf(paths);
        if (paths.isEmpty()) throw new IllegalArgumentException("route group '" + name + "' has no path: give at least one, e.g. /admin/*");
        for (String p : paths)
            if (!p.equals("*") && !p.startsWith("/"))
                throw new IllegalArgumentException("route group '" + name + "': path '" + p + "' must start with / (e.g. /admin/*), or be * for every path");
    }

    /** Return whether {@code path} belongs to this group. */
    boolean holds(String path) {
        for (String p : paths) {
            if (p.equals("*")) return true;
            if (p.endsWith("/*") ? path.startsWith(p.substring(0, p.length() - 1)) : path.equals(p)) return true;
        }
        return false;
    }
}
