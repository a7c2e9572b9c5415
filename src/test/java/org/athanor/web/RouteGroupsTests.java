package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.athanor.web.RouteGroup.Access;
import org.athanor.web.RouteGroup.DuringMaintenance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The server's route groups")
class RouteGroupsTests {
    private static String groupOf(String path) {
        return WebServer.ROUTE_GROUPS.of(path).name();
    }

    @Test @DisplayName("a path belongs to the first group that holds it: /x is that path only, /x/* what is under /x/")
    void pathsFindTheirGroup() {
        assertThat(groupOf("/health")).isEqualTo("infrastructure");
        assertThat(groupOf("/webjars/htmx.org/2.0.4/dist/htmx.min.js")).isEqualTo("infrastructure");
        assertThat(groupOf("/health/more")).isEqualTo("public");
        assertThat(groupOf("/admin")).isEqualTo("admin");
        assertThat(groupOf("/admin/users/3")).isEqualTo("admin");
        assertThat(groupOf("/administrator")).isEqualTo("public");
        assertThat(groupOf("/account")).isEqualTo("account");
        assertThat(groupOf("/account/disconnect-others")).isEqualTo("account");
        assertThat(groupOf("/login")).isEqualTo("sign-in");
        assertThat(groupOf("/logout")).isEqualTo("sign-in");
        assertThat(groupOf("/lang/fr")).isEqualTo("sign-in");
        assertThat(groupOf("/api/v1/records/search")).isEqualTo("api");
        assertThat(groupOf("/")).isEqualTo("public");
        assertThat(groupOf("/about")).isEqualTo("public");
    }

    @Test @DisplayName("the admin console is for administrators, open to them during maintenance; the account needs a sign-in")
    void rules() {
        RouteGroup admin = WebServer.ROUTE_GROUPS.of("/admin/");
        assertThat(admin.access()).isEqualTo(Access.ADMINISTRATOR);
        assertThat(admin.maintenance()).isEqualTo(DuringMaintenance.ADMINISTRATORS_ONLY);
        assertThat(WebServer.ROUTE_GROUPS.of("/account").access()).isEqualTo(Access.SIGNED_IN);
        assertThat(WebServer.ROUTE_GROUPS.of("/logout").maintenance()).isEqualTo(DuringMaintenance.OPEN);
        assertThat(WebServer.ROUTE_GROUPS.of("/health").session()).isFalse();
    }

    @Test @DisplayName("a table without a group for every other path, or a path without its leading /, is refused with the fix")
    void badTablesAreRefused() {
        assertThatThrownBy(() -> new RouteGroups(new RouteGroup("admin", List.of("/admin/*"), Access.ADMINISTRATOR, DuringMaintenance.CLOSED, true)))
                .hasMessage("no route group holds every path: end the list with a group of path *, so that each request has a rule");
        assertThatThrownBy(() -> new RouteGroup("admin", List.of("admin/*"), Access.ADMINISTRATOR, DuringMaintenance.CLOSED, true))
                .hasMessage("route group 'admin': path 'admin/*' must start with / (e.g. /admin/*), or be * for every path");
    }
}
