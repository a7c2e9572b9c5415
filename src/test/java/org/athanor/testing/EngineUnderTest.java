package org.athanor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.athanor.db.BoxConnection;
import org.athanor.db.DatabaseServer;
import org.athanor.db.Engine;

/**
 * One engine a test runs on ({@link OnEveryEngine}, {@link OnEveryServer}), and what the test makes on it: fresh
 * databases and installations, in a folder of their own, all dropped and deleted after the test.
 */
public final class EngineUnderTest implements AutoCloseable {
    private final Engine engine;
    private Path folder;
    private final Deque<BoxConnection> databases = new ArrayDeque<>();
    private final Deque<TestInstallation> installations = new ArrayDeque<>();

    EngineUnderTest(Engine engine) {
        this.engine = engine;
    }

    /** The engine. */
    public Engine engine() {
        return engine;
    }

    /** The folder of this test's H2 files and installations, made on first use and deleted after the test. */
    public Path folder() {
        if (folder == null) {
            try {
                folder = Files.createTempDirectory("athanor-" + engine.id() + "-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** Return a connection to a new, empty, uniquely named database on the engine, dropped after the test. */
    public BoxConnection freshDatabase() {
        BoxConnection c = TestDatabases.fresh(engine, folder());
        databases.push(c);
        return c;
    }

    /** Install on the engine in {@code dir} ({@code dir/program}, {@code dir/data}); its databases are dropped after the test. */
    public TestInstallation install(Path dir) {
        TestInstallation t = TestInstallation.install(engine, dir);
        installations.push(t);
        return t;
    }

    /** Install on the engine in this test's folder; its databases are dropped after the test. */
    public TestInstallation install() {
        return install(folder().resolve("installation"));
    }

    /** Prepare, without running it, an installation on the engine in {@code dir}; dropped after the test if it ran. */
    public TestInstallation prepareInstallation(Path dir) {
        TestInstallation t = TestInstallation.prepare(engine, dir);
        installations.push(t);
        return t;
    }

    /** Close the installations, drop the databases (newest first) and delete the folder; report every failure. */
    @Override public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        while (!installations.isEmpty()) {
            try {
                installations.pop().close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        while (!databases.isEmpty()) {
            try {
                TestDatabases.drop(databases.pop());
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (folder != null) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                failures.add(new UncheckedIOException("Cannot delete the test folder " + folder, e));
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException e = new IllegalStateException("Cleaning up after the test on " + engine + " failed: " + failures.get(0).getMessage());
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    @Override public String toString() {
        return engine.toString();
    }
}
