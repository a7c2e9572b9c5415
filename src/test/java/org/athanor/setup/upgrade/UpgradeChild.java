package org.athanor.setup.upgrade;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.athanor.cli.SetupMain;
import org.athanor.testing.TestInstallation;

/**
 * {@code bin/setup system:upgrade --yes --no-backup} of this build in a JVM of its own (the test's classpath), paused
 * at a point of the crash-test hook ({@link Installation#PAUSE_ENV}) so that a test can kill it there for real.
 */
final class UpgradeChild {
    private UpgradeChild() {}

    /**
     * Start the upgrade of {@code t} in a child JVM, with the batch size this JVM uses, and return it once it printed that it
     * paused at {@code point}; fail, naming what it printed, when it ends or does not pause within 180 s.
     */
    static Process startPausedAt(TestInstallation t, String point) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String batch = System.getProperty(BatchDataMigration.BATCH_PROPERTY);
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Dathanor.home=" + t.programHome()));
        if (batch != null) command.add("-D" + BatchDataMigration.BATCH_PROPERTY + "=" + batch);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SetupMain.class.getName(),
                "system:upgrade", "--yes", "--no-backup", "--config", t.configFile().toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(t.programHome().toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove("ATHANOR_CONFIG");
        pb.environment().put(Installation.PAUSE_ENV, point);
        Process p = pb.start();

        String pausedLine = "upgrade: paused at " + point;
        StringBuffer err = new StringBuffer();
        CountDownLatch pausedOrEnded = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    err.append(line).append('\n');
                    if (line.equals(pausedLine)) pausedOrEnded.countDown();
                }
            } catch (IOException e) {
                if (p.isAlive()) throw new UncheckedIOException(e);       // the stream closes when the test kills the child
            } finally {
                pausedOrEnded.countDown();
            }
        }, "upgrade-child-stderr");
        reader.setDaemon(true);
        reader.start();
        boolean signalled = pausedOrEnded.await(180, TimeUnit.SECONDS);
        if (signalled && err.indexOf(pausedLine) >= 0 && p.isAlive()) return p;
        p.destroyForcibly();
        throw new AssertionError(signalled
                ? "the upgrade ended (exit " + p.waitFor() + ") without pausing at " + point + ":\n" + err
                : "the upgrade did not pause at " + point + " within 180 s:\n" + err);
    }
}
