package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.athanor.Athanor;
import org.athanor.appbox.Passwords;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.config.ConfigLoader;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("bin/console sessions:*, user:password, user:grant and system:maintenance")
class SessionsUsersMaintenanceCommandsTests {
    @TempDir Path dir;
    TestInstallation installation;
    Athanor athanor;
    User bob;

    @BeforeEach void install() {
        installation = TestInstallation.install(Engine.H2, dir);
        athanor = installation.open();
        bob = athanor.users().create(new UserService.NewUser("bob", null, "bob's long password", false, "en"));
    }

    @AfterEach void close() {
        installation.close();
    }

    private CliRun console(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = installation.configFile().toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.console(all);
    }

    @Test @DisplayName("sessions:list shows the sessions; sessions:disconnect ends one by id prefix, a user's, or all")
    void sessions() {
        User admin = athanor.users().require(TestInstallation.ADMIN);
        var one = athanor.sessions().open(admin.id(), "10.1.1.1", "Firefox", "admin");
        athanor.sessions().open(bob.id(), "10.1.1.2", "Safari", "account");
        athanor.sessions().open(bob.id(), "10.1.1.3", "Chromium", "account");

        CliRun list = console("sessions:list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("10.1.1.1").contains("bob").contains(one.session().id().substring(0, 12));
        assertThat(console("sessions:list", "--format", "json").out()).contains("\"userAgent\" : \"Safari\"");

        CliRun byId = console("sessions:disconnect", "--id", one.session().id().substring(0, 12));
        assertThat(byId.exitCode()).as(byId.err()).isZero();
        assertThat(byId.out()).contains("of " + TestInstallation.ADMIN + " ended");
        assertThat(console("sessions:disconnect", "--user", "bob").out()).contains("2 session(s) of bob ended.");
        athanor.sessions().open(bob.id(), null, null, "account");
        assertThat(console("sessions:disconnect", "--all").out()).contains("1 session(s) ended.");
        assertThat(athanor.sessions().list()).isEmpty();

        assertThat(console("sessions:disconnect", "--id", "0123456789abcdef").exitCode()).isEqualTo(2);
        assertThat(console("sessions:disconnect", "--user", "nobody").exitCode()).isEqualTo(2);
        assertThat(console("sessions:disconnect").exitCode()).as("one of --all, --user, --id is required").isEqualTo(2);
        assertThat(athanor.adminLog().recent(10)).extracting(e -> e.action())
                .contains("sessions.disconnect", "sessions.disconnect-user", "sessions.disconnect-all");
    }

    @Test @DisplayName("user:password changes the password; user:grant sets rights on a collection or a databox")
    void passwordAndGrant() {
        CliRun pw = console("user:password", "bob", "--password", "a brand new password");
        assertThat(pw.exitCode()).as(pw.err()).isZero();
        assertThat(athanor.users().authenticate("bob", "a brand new password")).isPresent();
        assertThat(console("user:password", "bob", "--password", "short").exitCode()).isEqualTo(2);
        assertThat(Passwords.MIN_LENGTH).isEqualTo(8);

        int baseId = athanor.collections().list().get(0).baseId().value();
        int sbasId = athanor.databoxes().list().get(0).id().value();
        CliRun grant = console("user:grant", "bob", "--collection", Integer.toString(baseId), "--rights", "access,candwnldpreview");
        assertThat(grant.exitCode()).as(grant.err()).isZero();
        assertThat(grant.out()).contains("bob has on collection " + baseId + ": access, candwnldpreview.");
        assertThat(console("user:grant", "bob", "--databox", Integer.toString(sbasId), "--all").exitCode()).isZero();
        assertThat(athanor.rights().databoxRights(bob.id())).singleElement().satisfies(g -> assertThat(g.flags()).hasSize(4));
        CliRun wrong = console("user:grant", "bob", "--collection", Integer.toString(baseId), "--rights", "fly");
        assertThat(wrong.exitCode()).isEqualTo(2);
        assertThat(wrong.err()).contains("'fly' is not a collection right");
        assertThat(console("user:grant", "bob", "--collection", "999", "--all").exitCode()).isEqualTo(2);
        assertThat(console("user:grant", "bob", "--collection", Integer.toString(baseId), "--none").out()).contains("has no right on collection");
        assertThat(athanor.rights().collectionRights(bob.id())).isEmpty();
    }

    @Test @DisplayName("user:password ends every session and \"remember me\" token of the user, and only theirs")
    void passwordChangeEndsTheUsersSessions() {
        athanor.sessions().open(bob.id(), "10.1.1.2", "Safari", "account");
        athanor.sessions().open(bob.id(), "10.1.1.3", "Chromium", "account");
        String remember = athanor.rememberTokens().issue(bob.id());
        User admin = athanor.users().require(TestInstallation.ADMIN);
        athanor.sessions().open(admin.id(), "10.1.1.1", "Firefox", "admin");

        CliRun pw = console("user:password", "bob", "--password", "a brand new password");
        assertThat(pw.exitCode()).as(pw.err()).isZero();
        assertThat(pw.out()).contains("Password of bob changed; 2 session(s) and every \"remember me\" token of bob ended.");
        assertThat(athanor.sessions().ofUser(bob.id())).isEmpty();
        assertThat(athanor.rememberTokens().redeem(remember)).isEmpty();
        assertThat(athanor.sessions().ofUser(admin.id())).hasSize(1);
    }

    @Test @DisplayName("system:maintenance on --message / status / off rewrites configuration.yml keeping its comments")
    void maintenance() throws Exception {
        Path file = installation.configFile();
        long comments = Files.readAllLines(file).stream().filter(l -> l.strip().startsWith("#")).count();
        CliRun on = console("system:maintenance", "on", "--message", "Mise à jour en cours");
        assertThat(on.exitCode()).as(on.err()).isZero();
        assertThat(ConfigLoader.load(file).main().maintenance()).isTrue();
        assertThat(ConfigLoader.load(file).registry().maintenanceMessage()).isEqualTo("Mise à jour en cours");
        assertThat(Files.readAllLines(file).stream().filter(l -> l.strip().startsWith("#")).count()).isEqualTo(comments);
        CliRun status = console("system:maintenance", "status");
        assertThat(status.out()).contains("maintenance: on").contains("message: Mise à jour en cours");
        assertThat(console("system:maintenance", "off").exitCode()).isZero();
        assertThat(console("system:maintenance", "status").out()).contains("maintenance: off");
        assertThat(console("system:maintenance", "sideways").exitCode()).isEqualTo(2);
        assertThat(console("help", "system:maintenance").out()).contains("Exit codes:");
    }

    @Test @DisplayName("system:maintenance on --message refuses U+FFFE and escape characters with exit 2, before any change")
    void maintenanceMessageWithANoncharacterIsRefused() throws Exception {
        Path file = installation.configFile();
        String before = Files.readString(file);
        CliRun r = console("system:maintenance", "on", "--message", "Back soon \uFFFE");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("The message contains U+FFFE at character 11, which cannot be shown: remove it");
        assertThat(console("system:maintenance", "on", "--message", "\u001b]0;owned\u0007").exitCode()).isEqualTo(2);
        assertThat(Files.readString(file)).isEqualTo(before);
    }
}
