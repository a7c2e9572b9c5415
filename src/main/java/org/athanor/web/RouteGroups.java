package org.athanor.web;

import io.javalin.http.Context;
import java.util.List;

/** The route groups of the server, in order: a path belongs to the first group that holds it. */
final class RouteGroups {
    private final List<RouteGroup> groups;

    RouteGroups(RouteGroup... groups) {
        this.groups = List.of(groups);
        if (this.groups.stream().noneMatch(g -> g.paths().contains("*")))
            throw new IllegalArgumentException("no route group holds every path: end the list with a group of path *, so that each request has a rule");
    }

    /** Return the group of {@code path}. */
    RouteGroup of(String path) {
        for (RouteGroup g : groups) if (g.holds(path)) return g;
        throw new IllegalStateException("no route group holds " + path);   // the constructor makes sure one does
    }

    /** Return the group of the request's path. */
    RouteGroup of(Context ctx) {
        return of(ctx.path());
    }

    /** The groups, in the order they are matched. */
    List<RouteGroup> all() {
        return groups;
    }
}
