package org.athanor.media;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.athanor.config.BinariesConfig;
import org.athanor.databox.RecordType;
import org.athanor.databox.SubdefClass;
import org.athanor.databox.SubdefSpec;

/**
 * Benchmark entry point of {@code bench/subdefs.sh}: make a 240 px thumbnail and a 1024 px preview of every JPEG of a
 * folder with {@link SubdefGenerator}, as {@code records:build-subdefs} does, and print the time taken. Test scope: it
 * is not in the production jar; the script runs it against the distribution's {@code lib/}.
 *
 * <p>Usage: {@code java -cp 'target/test-classes:target/athanor-4.0.0/lib/*' org.athanor.media.SubdefBench INPUT_FOLDER OUTPUT_FOLDER [THREADS]}.
 */
public final class SubdefBench {
    private SubdefBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SubdefBench INPUT_FOLDER OUTPUT_FOLDER [THREADS]");
            System.exit(2);
        }
        Path in = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        List<SubdefSpec> specs = List.of(
                new SubdefSpec(RecordType.IMAGE, "thumbnail", SubdefClass.THUMBNAIL, "image", true, 240, 75, 72, true, false, null, List.of(), Map.of(), Map.of()),
                new SubdefSpec(RecordType.IMAGE, "preview", SubdefClass.PREVIEW, "image", true, 1024, 75, 72, true, false, null, List.of(), Map.of(), Map.of()));
        Tools tools = new Tools(BinariesConfig.DEFAULT);
        SubdefGenerator generator = new SubdefGenerator(tools, 250_000_000L);
        MediaReader reader = new MediaReader(tools, null, Map.of());
        List<Path> files;
        try (var list = Files.list(in)) {
            files = list.filter(f -> f.toString().endsWith(".jpg")).sorted().toList();
        }
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> done = new ArrayList<>();
        for (Path f : files) {
            done.add(pool.submit(() -> {
                MediaInfo info = reader.read(f, f.getFileName().toString());
                Path work = out.resolve(f.getFileName().toString().replace(".jpg", ""));
                SubdefGenerator.Outcome o = generator.generate(f, info, specs, work);
                if (!o.failed().isEmpty()) throw new IllegalStateException(f + ": " + o.failed());
                return o.made().size();
            }));
        }
        int made = 0;
        for (Future<Integer> d : done) made += d.get();
        pool.shutdown();
        System.out.printf("athanor: %d files, %d subdefs, %d threads, %.2f s (%s)%n", files.size(), made, threads,
                (System.nanoTime() - start) / 1e9, tools.find("vipsthumbnail").isPresent() ? "libvips" : "ImageIO");
    }
}
