package org.athanor.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;
import org.athanor.core.AthanorException;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;
import org.junit.jupiter.api.Assumptions;

/**
 * The database engines tests run on, and fresh databases on them that are dropped afterwards.
 *
 * <p>H2 always runs. PostgreSQL and MariaDB run when the environment variable {@code ATHANOR_TEST_DATABASES}
 * lists them ({@code h2,postgresql,mariadb}). Their servers default to {@code postgres@127.0.0.1:5432} and
 * {@code root@127.0.0.1:3306} without password; {@code ATHANOR_TEST_POSTGRESQL} and {@code ATHANOR_TEST_MARIADB}
 * override them as {@code user[:password]@host[:port]}.
 *
 * <p>A test that needs an engine which is not listed, or a listed server that cannot be reached, is skipped; with
 * {@code CI=true} it fails instead ({@link #unavailable(String, Throwable)}, the one place that decides).
 *
 * <p>Use {@link OnEveryEngine} or {@link OnEveryServer} on a test method: it runs once per engine and receives a
 * ready {@link EngineUnderTest} whose databases and installations are dropped after the test. {@link #fresh(Engine, Path)}
 * and {@link #dropAll()} remain for fixtures built once per class; databases left behind are dropped when the JVM exits.
 */
public final class TestDatabases {
    /** The environment variable listing the engines to test on. */
    public static final String ENGINES_VARIABLE = "ATHANOR_TEST_DATABASES";

    /** The environment variable that makes a missing or unreachable engine fail the test instead of skipping it. */
    public static final String CI_VARIABLE = "CI";

    private static final Deque<BoxConnection> CREATED = new ConcurrentLinkedDeque<>();
    private static final Set<Engine> REACHABLE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAllQuietly, "drop-test-databases"));
    }

    private TestDatabases() {}

    /** Return the engines to test on: H2, then those listed in {@code ATHANOR_TEST_DATABASES}. */
    public static List<Engine> enabled() {
        Set<Engine> engines = new LinkedHashSet<>();
        engines.add(Engine.H2);
        String listed = System.getenv(ENGINES_VARIABLE);
        if (listed != null) {
            for (String name : listed.split(",")) {
                if (name.isBlank()) continue;
                try {
                    engines.add(Engine.of(name));
                } catch (AthanorException e) {
                    throw new IllegalStateException(ENGINES_VARIABLE + "=" + listed + ": " + e.getMessage(), e);
                }
            }
        }
        return new ArrayList<>(engines);
    }

    /** Return the engines to test on as a stream, for {@code @MethodSource}. */
    public static Stream<Engine> engines() {
        return enabled().stream();
    }

    /**
     * Return the server engines to test on (those listed, without H2), for {@code @MethodSource}; the stream is
     * empty when none is listed, so pair it with {@code @ParameterizedTest(allowZeroInvocations = true)}.
     */
    public static Stream<Engine> servers() {
        return enabled().stream().filter(Engine::isServer);
    }

    /**
     * Return the first server engine listed (PostgreSQL before MariaDB), checked reachable; skip the test, or fail it
     * under {@code CI=true}, when none is listed.
     *
     * @param why what the test needs a server for, said in the skip or failure message
     */
    public static Engine firstServer(String why) {
        Engine engine = servers().findFirst().orElse(null);
        if (engine == null) unavailable("no server engine (postgresql, mariadb) is listed in " + ENGINES_VARIABLE + " and " + why, null);
        requireReachable(engine);
        return engine;
    }

    /**
     * Check that {@code engine} is listed and reachable; skip the test, or fail it under {@code CI=true}, when not.
     *
     * @param why what the test needs this engine for, said in the skip or failure message
     */
    public static void require(Engine engine, String why) {
        if (!enabled().contains(engine)) unavailable(engine.id() + " is not listed in " + ENGINES_VARIABLE + " and " + why, null);
        requireReachable(engine);
    }

    /**
     * Skip the test because an engine it needs is missing or unreachable, or fail it when {@code CI=true}: CI lists
     * every engine and must not pass by skipping. Every test that cannot get its engine comes here.
     */
    public static void unavailable(String message, Throwable cause) {
        if (isCi()) {
            throw new AssertionError(message + " (" + CI_VARIABLE + "=true: a missing engine fails the run; list it in " + ENGINES_VARIABLE
                    + "=h2,postgresql,mariadb and start its server, .ci/prepare does)", cause);
        }
        Assumptions.abort(message + " (skipped; with " + CI_VARIABLE + "=true this fails)");
    }

    /** Return whether the tests run under CI ({@code CI=true}), where a missing engine fails instead of skipping. */
    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv(CI_VARIABLE));
    }

    /**
     * Return a connection to a new, empty, uniquely named database on {@code engine}, registered for {@link #dropAll()}.
     *
     * @param tempDir the folder of the H2 file (a {@code @TempDir}); unused for servers
     */
    public static BoxConnection fresh(Engine engine, Path tempDir) {
        String name = "athanor_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        BoxConnection c = engine == Engine.H2 ? BoxConnection.h2(tempDir.toAbsolutePath().resolve(name)) : server(engine, name);
        try {
            DatabaseServer.createIfMissing(c);
        } catch (AthanorException e) {
            unreachable(engine, c, e);
        }
        CREATED.push(c);
        return c;
    }

    /** Return a connection to the test server of {@code engine} with the given database name, without creating it. */
    public static BoxConnection server(Engine engine, String dbname) {
        String spec = System.getenv("ATHANOR_TEST_" + engine.name());
        String user = engine == Engine.POSTGRESQL ? "postgres" : "root";
        String password = "";
        String host = "127.0.0.1";
        int port = engine.defaultPort();
        if (spec != null && !spec.isBlank()) {
            int at = spec.lastIndexOf('@');
            String credentials = at < 0 ? "" : spec.substring(0, at);
            String address = at < 0 ? spec : spec.substring(at + 1);
            if (!credentials.isEmpty()) {
                int colon = credentials.indexOf(':');
                user = colon < 0 ? credentials : credentials.substring(0, colon);
                password = colon < 0 ? "" : credentials.substring(colon + 1);
            }
            int colon = address.lastIndexOf(':');
            host = colon < 0 ? address : address.substring(0, colon);
            if (colon >= 0) port = Integer.parseInt(address.substring(colon + 1));
        }
        return BoxConnection.server(engine, host, port, user, password, dbname);
    }

    /** Fail (CI) or skip the test when {@code engine} is a server that cannot be reached; a server once reached is not asked again. */
    public static void requireReachable(Engine engine) {
        if (!engine.isServer() || REACHABLE.contains(engine)) return;
        BoxConnection c = server(engine, "athanor_probe");
        try {
            DatabaseServer.serverVersion(c);
            REACHABLE.add(engine);
        } catch (AthanorException e) {
            unreachable(engine, c, e);
        }
    }

    /** The user tests connect to {@code engine}'s server as. */
    public static String user(Engine engine) {
        return engine.isServer() ? server(engine, "athanor_probe").user() : null;
    }

    /** Drop one database made by {@link #fresh(Engine, Path)}; close the boxes on it before. */
    public static void drop(BoxConnection c) {
        CREATED.remove(c);
        DatabaseServer.drop(c);
    }

    /** Drop every database made by {@link #fresh(Engine, Path)}, newest first; close the boxes on them before. */
    public static void dropAll() {
        List<RuntimeException> failures = new ArrayList<>();
        BoxConnection c;
        while ((c = CREATED.poll()) != null) {
            try {
                DatabaseServer.drop(c);
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("Could not drop " + failures.size() + " test database(s): " + failures.get(0).getMessage());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void dropAllQuietly() {
        try {
            dropAll();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
        }
    }

    private static void unreachable(Engine engine, BoxConnection c, AthanorException e) {
        String message = engine.id() + " is listed in " + ENGINES_VARIABLE + " but its server at " + c.address()
                + " cannot be used: " + e.getMessage();
        if (!engine.isServer()) throw new AssertionError(message, e);
        unavailable(message, e);
    }
}
