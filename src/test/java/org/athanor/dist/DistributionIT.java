package org.athanor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real launchers of the built program folder ({@code target/athanor-4.0.0}), copied to a temporary folder. */
@DisplayName("The distribution's launchers")
class DistributionIT {
    @TempDir static Path dir;
    static Path program;

    @BeforeAll static void copyDistribution() throws Exception {
        Path built = Path.of(System.getProperty("athanor.dist", "target/athanor-4.0.0")).toAbsolutePath();
        assertThat(built.resolve("bin/console")).as("run ./mvnw package first").exists();
        program = dir.resolve("athanor-4.0.0");
        assertThat(new ProcessBuilder("cp", "-a", built.toString(), program.toString()).inheritIO().start().waitFor()).isZero();
    }

    record Result(int exitCode, String out, String err) {}

    static Result run(Path cwd, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().remove("ATHANOR_CONFIG");
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("command finished: " + String.join(" ", command)).isTrue();
        return new Result(p.exitValue(), out.get(), err.get());
    }

    static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test @DisplayName("--version prints the release line from any folder and through a symlink, exit 0")
    void version() throws Exception {
        Result console = run(dir, Map.of(), program.resolve("bin/console").toString(), "--version");
        assertThat(console.exitCode()).isZero();
        assertThat(console.out()).isEqualTo("Athanor version 4.0.0 \"Albedo\"\n");

        Path links = Files.createDirectories(dir.resolve("links"));
        Path link = Files.createSymbolicLink(links.resolve("setup"), program.resolve("bin/setup"));
        Result setup = run(Path.of("/"), Map.of(), link.toString(), "--version");
        assertThat(setup.exitCode()).isZero();
        assertThat(setup.out()).isEqualTo("Athanor version 4.0.0 \"Albedo\"\n");
    }

    @Test @DisplayName("a Java older than 17 is refused with a clear message, exit 1")
    void oldJavaRefused() throws Exception {
        Path fakeJdk = Files.createDirectories(dir.resolve("jdk-11/bin"));
        Files.writeString(fakeJdk.resolveSibling("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Path java = fakeJdk.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"11.0.2\"' >&2\n");
        java.toFile().setExecutable(true);
        Result r = run(dir, Map.of("JAVA_HOME", fakeJdk.getParent().toString()), program.resolve("bin/console").toString(), "--version");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Athanor needs Java 17 or newer; " + java + " is Java 11.");
    }

    @Test @DisplayName("install, then server:run answers /health and stops gracefully on SIGTERM with exit 0")
    void installAndServe() throws Exception {
        Path data = dir.resolve("athanor-data");
        Result install = run(dir, Map.of(), program.resolve("bin/setup").toString(), "system:install", "--yes",
                "--email", "admin@example.org", "--password", "a long secret", "--data-path", data.toString());
        assertThat(install.exitCode()).as(install.err()).isZero();
        assertThat(program.resolve("config/configuration.yml")).exists();

        Result again = run(dir, Map.of(), program.resolve("bin/setup").toString(), "system:install", "--yes",
                "--email", "admin@example.org", "--password", "a long secret", "--data-path", data.toString());
        assertThat(again.exitCode()).isEqualTo(1);

        Process server = new ProcessBuilder(program.resolve("bin/console").toString(), "server:run", "--port", "0")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");
            List<String> seen = new ArrayList<>();
            int port = -1;
            for (String line; port < 0 && (line = lines.readLine()) != null; ) {
                seen.add(line);
                Matcher m = listening.matcher(line);
                if (m.find()) port = Integer.parseInt(m.group(1));
            }
            assertThat(port).as("server output: " + seen).isPositive();

            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"version\":\"4.0.0\"").contains("\"database\":true");

            Result whileServing = run(dir, Map.of(), program.resolve("bin/console").toString(), "collection:list");
            assertThat(whileServing.exitCode()).as("bin/console beside a running server (H2 auto-server): " + whileServing.err()).isZero();
            assertThat(whileServing.out()).contains("test");

            server.destroy();                              // SIGTERM
            assertThat(server.waitFor(40, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }

        Result list = run(dir, Map.of(), program.resolve("bin/console").toString(), "collection:list");
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains("test");
    }

    @Test @DisplayName("a configuration.yml with a type error stops a command with file, line and key, exit 1")
    void badConfiguration() throws Exception {
        Path config = dir.resolve("bad.yml");
        Files.writeString(config, "servername: 'http://x/'\nhttp:\n    port: five\n");
        Result r = run(dir, Map.of("ATHANOR_CONFIG", config.toString()), program.resolve("bin/console").toString(), "databox:list");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains(config + ":3:").contains("http.port");
    }
}
