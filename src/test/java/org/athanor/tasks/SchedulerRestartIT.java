package org.athanor.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.athanor.Athanor;
import org.athanor.ids.BaseId;
import org.athanor.ingest.IngestOutcome;
import org.athanor.ingest.IngestRequest;
import org.athanor.testing.Await;
import org.athanor.testing.EngineUnderTest;
import org.athanor.testing.OnEveryServer;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler of the built program folder ({@code target/athanor-4.0.0}) making the subdefs of many images while it
 * is stopped, or killed, and started again: every record ends with its subdefs, made once, with no orphan file. Runs on
 * every server engine of {@code ATHANOR_TEST_DATABASES} (several processes cannot share H2's embedded files).
 */
@DisplayName("The scheduler process, stopped or killed mid-way")
class SchedulerRestartIT {
    /**
     * Images per run: 80 keeps each of the four runs (stop and kill, on each server engine) near 25 s on two cores, the
     * stop coming after the 16th, long before the last; the 1 000 with {@code -Dathanor.it.images=1000}.
     */
    static final int IMAGES = Integer.getInteger("athanor.it.images", 80);
    private static final Pattern DONE = Pattern.compile("record (\\d+)/(\\d+): done$", Pattern.MULTILINE);

    @TempDir Path dir;
    private TestInstallation installation;
    private Athanor athanor;
    private Path console;
    private int subdefsTask;

    @BeforeEach void install(EngineUnderTest on) throws Exception {
        Path built = Path.of(System.getProperty("athanor.dist", "target/athanor-4.0.0")).toAbsolutePath();
        assertThat(built.resolve("bin/console")).as("run ./mvnw package first").exists();
        installation = on.install(dir);
        Path program = installation.programHome();
        for (String part : List.of("bin", "lib")) {
            assertThat(new ProcessBuilder("cp", "-a", built.resolve(part).toString(), program.resolve(part).toString())
                    .inheritIO().start().waitFor()).isZero();
        }
        console = program.resolve("bin/console");
        athanor = installation.open();
        for (TaskRecord t : athanor.tasks().all()) {
            if (t.jobType().equals(TaskRepository.SUBDEFS)) subdefsTask = t.id();
            else athanor.taskManager().stop(t.id());          // WriteMetadata: not measured here
        }
        athanor.appbox().jdbi().useHandle(h -> h.createUpdate("UPDATE tasks SET period_seconds = 1 WHERE id = :id").bind("id", subdefsTask).execute());
    }

    @AfterEach void close() throws Exception {
        if (console != null) run("task-manager:scheduler:stop", "--wait", "60");
    }

    @OnEveryServer @DisplayName("task-manager:scheduler:stop mid-way, then start: every record has its subdefs, each made exactly once, no error")
    void stopAndRestart() throws Exception {
        List<Path> images = images(dir.resolve("in"), IMAGES);
        assertThat(run("task-manager:scheduler:start")).isZero();
        assertThat(run("task-manager:scheduler:state")).isEqualTo(10);
        long t0 = System.nanoTime();
        add(images);
        awaitDone(IMAGES / 5, Duration.ofSeconds(120));
        assertThat(run("task-manager:scheduler:stop", "--wait", "60")).isZero();
        assertThat(run("task-manager:scheduler:state")).isEqualTo(11);
        long doneAtStop = done();
        assertThat(doneAtStop).as("stopped mid-way").isLessThan(IMAGES);
        assertThat(athanor.jobs().counts(JobQueue.SUBDEFS)).containsEntry(JobState.RUNNING, 0L);

        assertThat(run("task-manager:scheduler:start")).isZero();
        awaitDone(IMAGES, Duration.ofSeconds(300));
        System.out.printf("[measure] %d images: added and subdefs made in %d s, with a stop after %d%n",
                IMAGES, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), doneAtStop);
        assertThat(run("task-manager:scheduler:stop", "--wait", "60")).isZero();

        Map<Long, Integer> generations = generations();
        assertThat(generations).hasSize(IMAGES);
        assertThat(generations.values()).allMatch(n -> n == 1);
        assertEveryRecordHasItsSubdefsAndNoFileIsOrphan();
        assertThat(athanor.jobs().counts(JobQueue.SUBDEFS)).containsEntry(JobState.FAILED, 0L).containsEntry(JobState.DONE, (long) IMAGES);
        assertThat(athanor.tasks().find(subdefsTask).orElseThrow().lastError()).isNull();
    }

    @OnEveryServer @DisplayName("kill -9 of the scheduler mid-way, then start: jobs are claimed again, no duplicate row, no orphan file")
    void killAndRestart() throws Exception {
        List<Path> images = images(dir.resolve("in"), IMAGES);
        Process scheduler = new ProcessBuilder(console.toString(), "task-manager:scheduler:run", "--config", installation.configFile().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("scheduler-run.out").toFile()).start();
        add(images);
        awaitDone(IMAGES / 5, Duration.ofSeconds(120));
        scheduler.destroyForcibly();                                  // SIGKILL: no shutdown hook, no cleanup
        assertThat(scheduler.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long doneAtKill = done();
        assertThat(doneAtKill).as("killed mid-way").isLessThan(IMAGES);

        assertThat(run("task-manager:scheduler:start")).isZero();
        awaitDone(IMAGES, Duration.ofSeconds(300));
        assertThat(run("task-manager:scheduler:stop", "--wait", "60")).isZero();

        Map<Long, Integer> generations = generations();
        assertThat(generations).hasSize(IMAGES);
        assertThat(generations.values().stream().filter(n -> n > 1).count())
                .as("only the record in hand at the kill may be made again").isLessThanOrEqualTo(1);
        assertEveryRecordHasItsSubdefsAndNoFileIsOrphan();
        assertThat(athanor.jobs().counts(JobQueue.SUBDEFS)).containsEntry(JobState.FAILED, 0L).containsEntry(JobState.RUNNING, 0L);
        assertThat(Files.readString(installation.programHome().resolve("logs/scheduler.log"))).contains("which died");
    }

    // ---

    private int run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(console.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", installation.configFile().toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() != 0) System.out.println(String.join(" ", args) + " -> " + p.exitValue() + ": " + out);
        return p.exitValue();
    }

    private void add(List<Path> images) {
        BaseId base = athanor.registry().collections().get(0).baseId();
        List<IngestOutcome> outcomes = athanor.ingest().addAll(images, new IngestRequest(base, 0, true, IngestRequest.Force.NONE, null), o -> { });
        assertThat(outcomes).allMatch(o -> o instanceof IngestOutcome.Added, "every image becomes a record");
    }

    private long done() {
        return TaskFixtures.db(athanor).withHandle(h -> h.createQuery("SELECT COUNT(*) FROM records WHERE subdefs_pending = FALSE")
                .mapTo(Long.class).one());
    }

    private void awaitDone(long atLeast, Duration within) throws Exception {
        Await.until(atLeast + " records with their subdefs", within, () -> done() >= atLeast);   // another process works: poll its results
    }

    /** How many times the Subdefs task made each record's subdefs, from its log (rotated files included). */
    private Map<Long, Integer> generations() throws IOException {
        Map<Long, Integer> n = new HashMap<>();
        try (Stream<Path> logs = Files.list(installation.programHome().resolve("logs"))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("task_" + subdefsTask + ".log")).toList()) {
                Matcher m = DONE.matcher(Files.readString(log));
                while (m.find()) n.merge(Long.parseLong(m.group(2)), 1, Integer::sum);
            }
        }
        return n;
    }

    private void assertEveryRecordHasItsSubdefsAndNoFileIsOrphan() throws IOException {
        var db = TaskFixtures.db(athanor);
        long expectedPerRecord = athanor.databoxes().structure(TaskFixtures.databox(athanor)).load()
                .subdefsOf(org.athanor.databox.RecordType.IMAGE).size() + 1;       // + the document
        List<Long> perRecord = db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM subdefs GROUP BY record_id").mapTo(Long.class).list());
        assertThat(perRecord).hasSize(IMAGES).allMatch(c -> c == expectedPerRecord);
        Path data = installation.dataPath();
        Set<Path> rows = new HashSet<>(db.withHandle(h -> h.createQuery("SELECT path, file FROM subdefs")
                .map((rs, ctx) -> data.resolve(rs.getString(1)).resolve(rs.getString(2)).normalize()).list()));
        String databoxName = athanor.registry().databoxes().get(0).name();
        Set<Path> onDisk = new HashSet<>();
        try (Stream<Path> files = Files.walk(data.resolve(databoxName))) {
            files.filter(Files::isRegularFile).forEach(p -> onDisk.add(p.normalize()));
        }
        assertThat(onDisk).as("files without a row (orphans)").isEqualTo(rows);
    }

    /** Write {@code n} distinct 64x64 JPEGs. */
    static List<Path> images(Path folder, int n) throws IOException {
        Files.createDirectories(folder);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(new Color((i * 37) % 256, (i * 91) % 256, (i * 53) % 256));
            g.fillRect(0, 0, 64, 64);
            g.setColor(Color.WHITE);
            g.drawString(Integer.toString(i), 4, 36);
            g.dispose();
            Path f = folder.resolve(String.format("img%04d.jpg", i));
            ImageIO.write(img, "jpg", f.toFile());
            out.add(f);
        }
        return out;
    }
}
