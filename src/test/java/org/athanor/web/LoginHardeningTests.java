package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.athanor.Athanor;
import org.athanor.appbox.AdminLog;
import org.athanor.appbox.LoginThrottle;
import org.athanor.appbox.Passwords;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.config.ConfigWriter;
import org.athanor.db.Engine;
import org.athanor.testing.Await;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryEngine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

@DisplayName("Signing in resists guessing, enumeration, forged headers and log injection; maintenance lets admins in")
class LoginHardeningTests {
    static final String BOB_PASSWORD = "bob's long password";
    @TempDir Path dir;
    TestInstallation installation;
    Athanor athanor;
    WebServer server;
    User bob;

    void start(String trustedProxies) throws Exception {
        installation = TestInstallation.install(Engine.H2, dir);
        if (trustedProxies != null) {
            String yaml = Files.readString(installation.configFile());
            Files.writeString(installation.configFile(), yaml.replaceFirst("trusted_proxies: .*", "trusted_proxies: " + trustedProxies));
        }
        athanor = installation.open();
        bob = athanor.users().create(new UserService.NewUser("bob", null, BOB_PASSWORD, false, "en"));
        server = WebServer.create(athanor, "127.0.0.1", 0).start();
    }

    void start() throws Exception {
        start(null);
    }

    @AfterEach void stop() {
        if (server != null) server.stopGracefully(Duration.ofSeconds(1));
        if (installation != null) installation.close();
    }

    /** A browser-like client: keeps cookies, does not follow redirects, may send extra headers on every request. */
    final class Client {
        final CookieManager cookies = new CookieManager();
        final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
        final Map<String, String> headers = new LinkedHashMap<>();
        String csrf;

        HttpRequest.Builder request(String path) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .header("Accept-Language", "en").timeout(Duration.ofSeconds(60));
            headers.forEach(b::header);
            return b;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return http.send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** Read the CSRF token of a page's form. */
        Client tokenFrom(String page) throws Exception {
            csrf = get(page).body().replaceAll("(?s).*?name=\"_csrf\" value=\"([^\"]+)\".*", "$1");
            return this;
        }

        HttpResponse<String> submit(String page, String action, Map<String, String> fields) throws Exception {
            tokenFrom(page);
            return postWithToken(action, fields);
        }

        HttpResponse<String> postWithToken(String action, Map<String, String> fields) throws Exception {
            Map<String, String> form = new LinkedHashMap<>(fields);
            form.put("_csrf", csrf);
            return post(action, form);
        }

        HttpResponse<String> signIn(String login, String password) throws Exception {
            return submit("/login", "/login", Map.of("login", login, "password", password));
        }

        HttpResponse<String> signInRemembered(String login, String password) throws Exception {
            return submit("/login", "/login", Map.of("login", login, "password", password, "remember", "on"));
        }

        HttpCookie cookie(String name) {
            return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
        }
    }

    // --- throttling races and enumeration (issue 9, medium 6 and 7)

    @Test @DisplayName("40 parallel wrong passwords for one login: at most 5 are checked, every other one gets 429")
    void parallelWrongPasswordsAreCheckedAtMostFiveTimes() throws Exception {
        start();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) clients.add(new Client().tokenFrom("/login"));
        long verifiedBefore = Passwords.verifications();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (Client c : clients) answers.add(pool.submit(() -> {
                go.await();
                return c.postWithToken("/login", Map.of("login", "bob", "password", "not bob's password")).statusCode();
            }));
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) statuses.add(f.get(120, TimeUnit.SECONDS));
            long checked = Passwords.verifications() - verifiedBefore;
            assertThat(statuses).containsOnly(401, 429);
            assertThat(statuses.stream().filter(s -> s == 401).count()).as("answered 401 after a password check")
                    .isBetween(1L, (long) LoginThrottle.MAX_PER_LOGIN).isEqualTo(checked);
        } finally {
            pool.shutdownNow();
        }
        long failures = Passwords.verifications() - verifiedBefore;
        while (failures < LoginThrottle.MAX_PER_LOGIN) {
            assertThat(new Client().signIn("bob", "not bob's password").statusCode()).isEqualTo(401);
            failures++;
        }
        assertThat(new Client().signIn("bob", BOB_PASSWORD).statusCode()).as("after 5 checked failures, even the real password").isEqualTo(429);
    }

    @OnEveryEngine
    @DisplayName("the throttle counts and checks in one step: 40 threads starting attempts at once get at most 5 through")
    void throttleLetsAtMostFiveParallelAttemptsThrough(Engine engine, EngineUnderTest on) throws Exception {
        installation = on.install(dir);
        athanor = installation.open();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(40);
        int through = 0;
        try {
            List<Future<Boolean>> begun = new ArrayList<>();
            for (int i = 0; i < 40; i++) begun.add(pool.submit(() -> {
                go.await();
                return athanor.loginThrottle().begin("carol", "192.0.2.9").isPresent();
            }));
            go.countDown();
            for (Future<Boolean> f : begun) if (f.get(60, TimeUnit.SECONDS)) through++;
            assertThat(through).as("checked in the burst").isBetween(0, LoginThrottle.MAX_PER_LOGIN);
        } finally {
            pool.shutdownNow();
        }
        // refused attempts were not counted: one after the other, the remaining attempts of the 5 go through, then no more
        while (athanor.loginThrottle().begin("carol", "192.0.2.9").isPresent()) through++;
        assertThat(through).isEqualTo(LoginThrottle.MAX_PER_LOGIN);
        assertThat(athanor.loginThrottle().blocked("carol", "192.0.2.9")).isTrue();
        assertThat(athanor.loginThrottle().blocked("carol", "192.0.2.10")).isFalse();
    }

    @Test @DisplayName("an unknown login costs one argon2id check, as a wrong password does, so timing tells nothing")
    void unknownLoginIsCheckedAgainstADummyHash() throws Exception {
        start();
        long before = Passwords.verifications();
        assertThat(new Client().signIn("nobody-by-that-name", "some password").statusCode()).isEqualTo(401);
        assertThat(Passwords.verifications() - before).as("checks for an unknown login").isEqualTo(1);
        before = Passwords.verifications();
        assertThat(new Client().signIn("bob", "some password").statusCode()).isEqualTo(401);
        assertThat(Passwords.verifications() - before).as("checks for a known login").isEqualTo(1);
    }

    // --- trusted proxies (issue 9, medium 5)

    @Test @DisplayName("behind a trusted proxy, the client's address from X-Forwarded-For is the one sessions, throttling and the admin log use")
    void forwardedForIsBelievedFromATrustedProxy() throws Exception {
        start();   // default http.trusted_proxies: loopback, and the test connects from 127.0.0.1
        Client attacker = new Client();
        attacker.headers.put("X-Forwarded-For", "10.9.9.9, 203.0.113.66");
        for (int i = 0; i < LoginThrottle.MAX_PER_LOGIN; i++)
            assertThat(attacker.signIn(TestInstallation.ADMIN, "wrong password!").statusCode()).isEqualTo(401);
        assertThat(attacker.signIn(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD).statusCode()).isEqualTo(429);

        Client admin = new Client();
        admin.headers.put("X-Forwarded-For", "198.51.100.7");
        assertThat(admin.signIn(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD).statusCode())
                .as("another client behind the same proxy is not locked out").isEqualTo(302);
        assertThat(athanor.sessions().list()).singleElement().satisfies(s -> assertThat(s.ip()).isEqualTo("198.51.100.7"));
        admin.submit("/admin/users/" + bob.id().value(), "/admin/users/" + bob.id().value(), Map.of("password", "bob's new password"));
        assertThat(athanor.adminLog().recent(5)).extracting(AdminLog.Entry::ip).contains("198.51.100.7");

        Client v6 = new Client();
        v6.headers.put("Forwarded", "for=192.0.2.1;proto=https, for=\"[2001:db8::7]:4711\"");
        assertThat(v6.signIn("bob", "bob's new password").statusCode()).isEqualTo(302);
        assertThat(athanor.sessions().ofUser(bob.id())).singleElement().satisfies(s -> assertThat(s.ip()).isEqualTo("2001:db8:0:0:0:0:0:7"));
    }

    @Test @DisplayName("with no trusted proxy, X-Forwarded-For and X-Forwarded-Proto are ignored: a client cannot pick its address")
    void forwardedForIsIgnoredFromOtherPeers() throws Exception {
        start("[]");
        Client c = new Client();
        c.headers.put("X-Forwarded-For", "203.0.113.66");
        c.headers.put("X-Forwarded-Proto", "https");
        HttpResponse<String> r = c.signIn("bob", BOB_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().allValues("Set-Cookie")).anySatisfy(v -> assertThat(v).startsWith("athanor_session=").doesNotContain("Secure"));
        assertThat(athanor.sessions().list()).singleElement().satisfies(s -> assertThat(s.ip()).isEqualTo("127.0.0.1"));
    }

    // --- log injection (issue 9, medium 10)

    @Test @DisplayName("a login holding CR, LF and terminal escapes is written to the server log on one line, escaped")
    void loginWithControlCharactersIsEscapedInTheLog() throws Exception {
        start();
        Logger logger = (Logger) LoggerFactory.getLogger(LoginHandlers.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(captured);
        try {
            String login = "bob\r\n2026-11-28 12:00:00.000 INFO  [main] LoginHandlers - admin signed in\u001b]0;owned\u0007\u001b[2J";
            assertThat(new Client().signIn(login, "wrong password!").statusCode()).isEqualTo(401);
        } finally {
            logger.detachAppender(captured);
            logger.setLevel(level);
        }
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(m -> assertThat(m)
                .startsWith("failed login for 'bob\\r\\n2026-11-28 12:00:00.000 INFO  [main] LoginHandlers - admin signed in\\u001b]0;owned\\u0007\\u001b[2J'"));
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .allSatisfy(m -> assertThat(m).doesNotContain("\r", "\n", "\u001b", "\u0007"));
    }

    // --- password change (issue 9, also found)

    @Test @DisplayName("an admin's change of a user's password ends every session and \"remember me\" token of that user")
    void passwordChangeEndsTheUsersSessions() throws Exception {
        start();
        Client phone = new Client();
        Client laptop = new Client();
        phone.signInRemembered("bob", BOB_PASSWORD);
        laptop.signIn("bob", BOB_PASSWORD);
        Client admin = new Client();
        admin.signIn(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
        assertThat(admin.submit("/admin/users/" + bob.id().value(), "/admin/users/" + bob.id().value(),
                Map.of("password", "bob's new password")).statusCode()).isEqualTo(302);
        assertThat(athanor.sessions().ofUser(bob.id())).isEmpty();
        assertThat(phone.get("/account").headers().firstValue("Location")).as("remember me no longer signs in").contains("/login");
        assertThat(laptop.get("/account").headers().firstValue("Location")).contains("/login");
        assertThat(admin.get("/admin/").statusCode()).isEqualTo(200);
        assertThat(athanor.adminLog().recent(5)).extracting(AdminLog.Entry::detail).contains("bob: 2 session(s) ended");
    }

    @Test @DisplayName("an admin who changes their own password stays signed in here; their other sessions end")
    void ownPasswordChangeKeepsTheCurrentSession() throws Exception {
        start();
        Client other = new Client();
        other.signInRemembered(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
        Client here = new Client();
        here.signIn(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
        User admin = athanor.users().require(TestInstallation.ADMIN);
        assertThat(here.submit("/admin/users/" + admin.id().value(), "/admin/users/" + admin.id().value(),
                Map.of("password", "a new admin password", "admin", "on")).statusCode()).isEqualTo(302);
        assertThat(here.get("/admin/").statusCode()).isEqualTo(200);
        assertThat(other.get("/admin/").headers().firstValue("Location")).contains("/login");
        assertThat(athanor.sessions().ofUser(admin.id())).hasSize(1);
    }

    // --- maintenance (issue 9, also found)

    private void maintenanceOn() throws Exception {
        ConfigWriter.setValues(installation.configFile(), Map.of("main.maintenance", true));
        Await.until("the server to pick maintenance up", Duration.ofSeconds(10), () -> new Client().get("/health").body().contains("\"maintenance\":true"));
    }

    @Test @DisplayName("during maintenance, signing out works and ends the session")
    void logoutWorksDuringMaintenance() throws Exception {
        start();
        Client c = new Client();
        c.signIn("bob", BOB_PASSWORD);
        c.tokenFrom("/account");
        maintenanceOn();
        assertThat(c.get("/account").statusCode()).isEqualTo(503);
        HttpResponse<String> out = c.postWithToken("/logout", Map.of());
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(out.headers().firstValue("Location")).contains("/login");
        assertThat(athanor.sessions().list()).isEmpty();
    }

    @Test @DisplayName("during maintenance the sign-in page says so; administrators get in, other users get the 503 page")
    void onlyAdministratorsSignInDuringMaintenance() throws Exception {
        start();
        maintenanceOn();
        HttpResponse<String> page = new Client().get("/login");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Maintenance is on: only administrators can sign in.");

        HttpResponse<String> user = new Client().signIn("bob", BOB_PASSWORD);
        assertThat(user.statusCode()).isEqualTo(503);
        assertThat(user.body()).contains("Maintenance in progress");
        assertThat(athanor.sessions().list()).isEmpty();

        Client admin = new Client();
        HttpResponse<String> in = admin.signIn(TestInstallation.ADMIN, TestInstallation.ADMIN_PASSWORD);
        assertThat(in.statusCode()).isEqualTo(302);
        assertThat(in.headers().firstValue("Location")).contains("/admin/");
        assertThat(admin.get("/admin/").statusCode()).isEqualTo(200);
        assertThat(admin.get("/admin/maintenance").statusCode()).isEqualTo(200);
    }
}
