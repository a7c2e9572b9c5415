package org.athanor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The releases recorded in {@code RELEASES.md}, built from this repository's history, and the program folder of the
 * current build.
 *
 * <p>{@link #program(Release)} checks the release's commit out with {@code git worktree add --detach} in a temporary
 * folder, builds it with {@code ./mvnw -q -o -DskipTests package} (online when offline fails), and keeps the built
 * program folder under {@code ~/.cache/athanor-releases/<commit>/program} (override with the environment variable
 * {@value #CACHE_VARIABLE}); a lock file there makes parallel test JVMs build each release once. Callers copy the
 * cached folder before installing with it: an installation writes into its program folder's {@code config/}.
 */
public final class Releases {
    /** The environment variable naming the folder built releases are kept in. */
    public static final String CACHE_VARIABLE = "ATHANOR_RELEASES_CACHE";

    private static final Pattern ROW = Pattern.compile(
            "^\\|\\s*(\\d+\\.\\d+\\.\\d+(?:-[0-9A-Za-z.]+)?)\\s*\\|\\s*([^|]*?)\\s*\\|\\s*([0-9a-f]{40})\\s*\\|\\s*([^|]*?)\\s*\\|\\s*(\\d+)\\s*/\\s*(\\d+)\\s*\\|");
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private Releases() {}

    /** One row of RELEASES.md: a release and the commit it was built from. */
    public record Release(String version, String codename, String commit, int appboxSchema, int databoxSchema) {
        @Override public String toString() {
            return version;
        }
    }

    /** Return the repository this test runs in (the folder holding {@code RELEASES.md}). */
    public static Path repository() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("RELEASES.md")) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no RELEASES.md in " + dir + " or above: run the tests from the Athanor repository");
    }

    /** Return every release RELEASES.md records with a commit, oldest first. */
    public static List<Release> recorded() {
        Path file = repository().resolve("RELEASES.md");
        List<Release> releases = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = ROW.matcher(line);
                if (m.find()) {
                    releases.add(new Release(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return releases;
    }

    /** Return the recorded release {@code version}, e.g. {@code 4.0.0-alpha.2}. */
    public static Release named(String version) {
        return recorded().stream().filter(r -> r.version().equals(version)).findFirst().orElseThrow(() -> new IllegalStateException(
                "RELEASES.md records no release " + version + " with a commit (found: " + recorded() + "); add its row: "
                        + "| version | codename | 40-hex commit | date | appbox / databox schema | upgrades from |"));
    }

    /** Return the program folder of the current build ({@code target/athanor-4.0.0}, built by {@code package}). */
    public static Path currentProgram() {
        Path p = Path.of(System.getProperty("athanor.dist", repository().resolve("target/athanor-4.0.0").toString())).toAbsolutePath();
        if (!Files.isExecutable(p.resolve("bin/setup"))) {
            throw new IllegalStateException("the current build is not in " + p + ": run ./mvnw -DskipTests package first (failsafe does)");
        }
        return p;
    }

    /** Return the distribution tarball of the current build, beside its program folder. */
    public static Path currentTarball() {
        Path program = currentProgram();
        Path tar = program.resolveSibling(program.getFileName() + ".tar.gz");
        if (!Files.isRegularFile(tar)) throw new IllegalStateException("no tarball " + tar + ": run ./mvnw -DskipTests package first");
        return tar;
    }

    /** Return the folder built releases are cached in. */
    public static Path cache() {
        String set = System.getenv(CACHE_VARIABLE);
        return set != null && !set.isBlank() ? Path.of(set).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".cache", "athanor-releases");
    }

    /**
     * Return the program folder of {@code release}, built from its commit unless the cache holds it; read-only by
     * convention (copy it with {@link #copyProgram}).
     */
    public static synchronized Path program(Release release) {
        return BUILT.computeIfAbsent(release.commit(), c -> program(release, cache()));
    }

    /** Return the program folder of {@code release} kept in {@code cache}, building it there first when missing. */
    static Path program(Release release, Path cache) {
        return buildOrReuse(release, cache);
    }

    /** Copy {@code program} (a program folder) to {@code target}, keeping permissions; return {@code target}. */
    public static Path copyProgram(Path program, Path target) {
        run(target.getParent(), 120, "cp", "-a", program.toString(), target.toString());
        return target;
    }

    private static synchronized Path buildOrReuse(Release release, Path cache) {
        Path done = cache.resolve(release.commit());
        Path program = done.resolve("program");
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve(release.commit() + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (Files.isExecutable(program.resolve("bin/setup"))) return program;
                build(release, done);
                return program;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build release " + release + " into " + done + ": " + e.getMessage(), e);
        }
    }

    private static void build(Release release, Path done) throws IOException {
        Path repo = repository();
        requireHistory(repo, release);
        Path tmp = Files.createTempDirectory("athanor-release-" + release.version() + "-");
        Path src = tmp.resolve("src");
        Path log = done.resolveSibling(release.commit() + ".build.log");
        try {
            run(repo, 120, "git", "worktree", "add", "--detach", src.toString(), release.commit());
            long start = System.nanoTime();
            Result offline = exec(src, 900, log, "./mvnw", "-q", "-o", "-DskipTests", "package");
            if (offline.code() != 0) {
                Result online = exec(src, 1800, log, "./mvnw", "-q", "-DskipTests", "package");
                if (online.code() != 0) {
                    throw new IllegalStateException("building release " + release + " (commit " + release.commit() + ") failed offline and online; "
                            + "its log is " + log + ":\n" + tail(online.out(), 40));
                }
            }
            Path built = src.resolve("target/athanor-4.0.0");
            if (!Files.isExecutable(built.resolve("bin/setup"))) {
                throw new IllegalStateException("release " + release + " built but left no " + built + "/bin/setup; see " + log);
            }
            Path staging = done.resolveSibling(release.commit() + ".staging");
            run(repo, 60, "rm", "-rf", staging.toString());
            Files.createDirectories(staging);
            copyProgram(built, staging.resolve("program"));
            Files.writeString(staging.resolve("program/.release"), release.version() + " " + release.commit() + "\n");
            Files.writeString(staging.resolve("built.txt"), "built in " + (System.nanoTime() - start) / 1_000_000_000 + " s\n");
            run(repo, 60, "rm", "-rf", done.toString());
            Files.move(staging, done, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            exec(repo, 120, null, "git", "worktree", "remove", "--force", src.toString());
            exec(repo, 60, null, "rm", "-rf", tmp.toString());
            exec(repo, 60, null, "git", "worktree", "prune");
        }
    }

    /** Fail with the step to take when this clone lacks the release's commit (a shallow clone, e.g.). */
    static void requireHistory(Path repo, Release release) {
        Result shallow = exec(repo, 60, null, "git", "rev-parse", "--is-shallow-repository");
        Result has = exec(repo, 60, null, "git", "cat-file", "-e", release.commit() + "^{commit}");
        if (has.code() == 0) return;
        if (shallow.out().trim().equals("true")) {
            throw new IllegalStateException("this clone of Athanor is shallow, so release " + release + " (commit " + release.commit()
                    + ") cannot be built for the upgrade tests: run `git fetch --unshallow` (CI: checkout with fetch-depth: 0)");
        }
        throw new IllegalStateException("commit " + release.commit() + " of release " + release + " (RELEASES.md) is not in the repository "
                + repo + ": fetch the branch that holds it (`git fetch origin main`) or correct RELEASES.md");
    }

    /** The exit code and the merged output of a command. */
    public record Result(int code, String out) {}

    private static void run(Path dir, int seconds, String... command) {
        Result r = exec(dir, seconds, null, command);
        if (r.code() != 0) throw new IllegalStateException(String.join(" ", command) + " failed (exit " + r.code() + "):\n" + tail(r.out(), 40));
    }

    private static Result exec(Path dir, int seconds, Path log, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().remove("ATHANOR_CONFIG");
            Process p = pb.start();
            p.getOutputStream().close();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.append(e);
                }
            });
            reader.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " in " + dir + " did not finish within " + seconds + " s");
            }
            reader.join();
            if (log != null) {
                Files.writeString(log, "$ " + String.join(" ", command) + "\n" + out + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return new Result(p.exitValue(), out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", command) + " in " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
