package org.athanor.search.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.athanor.appbox.Rights.StatusMask;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.FieldType;
import org.athanor.ids.RecordId;
import org.athanor.databox.StatusBit;
import org.athanor.databox.Structure;
import org.athanor.databox.StructureField;
import org.athanor.search.IndexBuild;
import org.athanor.search.IndexedRecord;
import org.athanor.search.SearchCatalog;
import org.athanor.search.SearchRequest;
import org.athanor.search.SearchScope;
import org.athanor.search.SearchSort;
import org.athanor.search.query.DateRange;

/**
 * Benchmark entry point of {@code bench/search.sh}: index N synthetic records with realistic captions (several
 * fields, multi-valued keywords, dates, French and English words), then run a fixed mix of 1 000 queries (words,
 * phrases, fields, dates, facets, rights filter) through Athanor's {@link LuceneSearchEngine} (parse, check, rights,
 * search, hits, facets) and the same queries written directly against the same Lucene index; print p50/p99 and
 * queries per second with one and two threads for both, the ratios, the index time and the process RSS.
 *
 * <p>Usage: {@code java -cp 'lib/*' org.athanor.search.lucene.SearchBench N WORK_FOLDER}.
 */
public final class SearchBench {
    static final int QUERIES = 1000;
    static final int TOP = 20;
    static final DataboxId SBAS = new DataboxId(1);
    static final List<BaseId> BASES = List.of(new BaseId(1), new BaseId(2), new BaseId(3), new BaseId(4));
    static final int ONLINE = 4;
    static final String[] WORDS = ("montagne lac neige glacier forêt rivière mer plage soleil nuit ville rue église château pont tour "
            + "marché musée jardin parc village port bateau train gare route campagne ferme vigne vendange automne hiver printemps été "
            + "mountain lake snow river forest sea beach sun night city street church castle bridge tower market museum garden park "
            + "village harbour boat train station road countryside farm vineyard autumn winter spring summer portrait famille enfant "
            + "festival concert danse musique fête mariage sport course vélo football rugby tennis ski randonnée architecture moderne "
            + "ancien histoire patrimoine nature animal oiseau chien chat cheval fleur arbre ciel nuage orage pluie brouillard lumière").split(" ");
    static final String[] KEYWORDS = Arrays.copyOf(WORDS, 60);
    static final String[] CITIES = {"Paris", "Lyon", "Marseille", "Bordeaux", "Lille", "Nantes", "Strasbourg", "Toulouse", "Nice", "Rennes",
            "London", "Bruxelles", "Genève", "Montréal", "Annecy", "Chamonix", "Grenoble", "Dijon", "Brest", "Avignon"};
    static final String[] CAMERAS = {"Canon EOS 5D Mark II", "Canon EOS 5D Mark IV", "Canon EOS R5", "Nikon D800", "Nikon Z7",
            "Sony A7 III", "Fujifilm X-T4", "Leica M10"};

    private SearchBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("athanor-search-bench");
        Path root = work.resolve("index");
        SearchCatalog catalog = catalog();
        try (LuceneSearchEngine engine = new LuceneSearchEngine(root)) {
            engine.drop();
            engine.create();
            long t0 = System.nanoTime();
            int threads = Runtime.getRuntime().availableProcessors();
            try (IndexBuild build = engine.beginBuild()) {
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int part = t;
                    parts.add(pool.submit(() -> {
                        for (int i = 1 + part; i <= n; i += threads) build.add(record(i, new Random(20261128L * 31 + i)));
                    }));
                }
                for (Future<?> p : parts) p.get();
                pool.shutdown();
                build.checkpoint(SBAS, n);
                build.publish();
            }
            double indexSeconds = (System.nanoTime() - t0) / 1e9;
            engine.settle();   // background merges done: both sides then read the same segments
            System.out.printf("indexed %d records in %.1f s with %d thread(s) (%.0f records/s); index %.1f MiB%n", n, indexSeconds, threads, n / indexSeconds,
                    engine.status().sizeBytes() / 1048576.0);

            List<BenchQuery> mix = mix(new Random(7));
            SearchScope everything = new SearchScope(Map.of(BASES.get(0), new StatusMask(0, 0), BASES.get(1), new StatusMask(0, 0),
                    BASES.get(2), new StatusMask(0, 0), BASES.get(3), new StatusMask(0, 0)), Set.copyOf(BASES));
            SearchScope restricted = new SearchScope(Map.of(BASES.get(0), new StatusMask(0, 0),
                    BASES.get(1), new StatusMask(1L << ONLINE, 1L << ONLINE)), Set.of());
            try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(root.resolve(engine.readPointer(LuceneSearchEngine.CURRENT))))) {
                IndexSearcher raw = new IndexSearcher(reader);
                DefaultSortedSetDocValuesReaderState rawFacets = new DefaultSortedSetDocValuesReaderState(reader, DocumentMapper.FACETS);
                Runner athanor = q -> engine.search(SearchRequest.of(q.text, q.restricted ? restricted : everything,
                        Set.of(), SearchSort.RELEVANCE, 0, TOP, q.facets, false), catalog).total();
                Runner lucene = q -> rawSearch(raw, rawFacets, q);
                // both return the same totals: the two are the same queries
                for (BenchQuery q : mix) {
                    long a = athanor.run(q);
                    long b = lucene.run(q);
                    if (a != b) throw new IllegalStateException("totals differ for " + q.text + (q.restricted ? " (restricted)" : "") + ": " + a + " vs " + b);
                }
                for (int warm = 0; warm < 2; warm++) {
                    for (BenchQuery q : mix) athanor.run(q);
                    for (BenchQuery q : mix) lucene.run(q);
                }
                // A B B A: each side measured twice, first and last, and its better run kept, so that neither gains
                // from running second (a warmer JIT, a quieter machine)
                Result a1 = measure(athanor, mix, 1);
                Result l1 = measure(lucene, mix, 1);
                l1 = best(l1, measure(lucene, mix, 1));
                a1 = best(a1, measure(athanor, mix, 1));
                Result a2 = measure(athanor, mix, 2);
                Result l2 = measure(lucene, mix, 2);
                l2 = best(l2, measure(lucene, mix, 2));
                a2 = best(a2, measure(athanor, mix, 2));
                System.out.printf("%-28s %9s %9s %10s %10s%n", "", "p50 ms", "p99 ms", "q/s 1 thr", "q/s 2 thr");
                System.out.printf("%-28s %9.2f %9.2f %10.0f %10.0f%n", "Athanor SearchEngine", a1.p50, a1.p99, a1.qps, a2.qps);
                System.out.printf("%-28s %9.2f %9.2f %10.0f %10.0f%n", "raw Lucene, same index", l1.p50, l1.p99, l1.qps, l2.qps);
                System.out.printf("%-28s %9.2f %9.2f %10.2f %10.2f%n", "ratio Athanor / Lucene", a1.p50 / l1.p50, a1.p99 / l1.p99, l1.qps / a1.qps, l2.qps / a2.qps);
                System.out.printf("(ratios are Athanor's time over Lucene's: 1.20 means 20%% slower; p99 with two threads: Athanor %.2f ms, Lucene %.2f ms)%n",
                        a2.p99, l2.p99);
            }
            System.out.printf("process RSS with the index open: %s (max heap %d MiB)%n", rss(), Runtime.getRuntime().maxMemory() / 1048576);
        }
    }

    interface Runner {
        long run(BenchQuery q) throws IOException;
    }

    record Result(double p50, double p99, double qps) {}

    static Result best(Result a, Result b) {
        return new Result(Math.min(a.p50, b.p50), Math.min(a.p99, b.p99), Math.max(a.qps, b.qps));
    }

    static Result measure(Runner runner, List<BenchQuery> mix, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int shift = t * 37;
                futures.add(pool.submit(() -> {
                    long[] times = new long[mix.size()];
                    for (int i = 0; i < mix.size(); i++) {
                        BenchQuery q = mix.get((i + shift) % mix.size());
                        long s = System.nanoTime();
                        runner.run(q);
                        times[i] = System.nanoTime() - s;
                    }
                    return times;
                }));
            }
            List<Long> all = new ArrayList<>();
            for (Future<long[]> f : futures) for (long v : f.get()) all.add(v);
            double seconds = (System.nanoTime() - start) / 1e9;
            all.sort(null);
            return new Result(all.get(all.size() / 2) / 1e6, all.get((int) Math.ceil(all.size() * 0.99) - 1) / 1e6, all.size() / seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One query of the mix: its text in the query language, and the same query written with Lucene's classes. */
    record BenchQuery(String text, Query lucene, boolean restricted, boolean facets) {}

    static List<BenchQuery> mix(Random r) {
        List<BenchQuery> out = new ArrayList<>();
        for (int i = 0; i < QUERIES; i++) {
            String w1 = pick(r, WORDS);
            String w2 = pick(r, WORDS);
            String k = pick(r, KEYWORDS);
            int year = 2000 + r.nextInt(25);
            boolean restricted = i % 2 == 1;
            boolean facets = i % 4 == 0;
            out.add(switch (i % 10) {
                case 0 -> new BenchQuery(w1, words(w1), restricted, facets);
                case 1 -> new BenchQuery(w1 + " " + w2, and(words(w1), words(w2)), restricted, facets);
                case 2 -> {
                    String city = pick(r, CITIES);
                    yield new BenchQuery("\"à " + city + "\"", phrase(Fields.ALL, "a", fold(city)), restricted, facets);
                }
                case 3 -> new BenchQuery("Keywords:" + k, new TermQuery(new Term(Fields.text("Keywords"), fold(k))), restricted, facets);
                case 4 -> new BenchQuery("Date>=" + year, LongField.newRangeQuery(Fields.date("Date"), start(year), Long.MAX_VALUE), restricted, facets);
                case 5 -> new BenchQuery("Keywords:" + k + " AND Date<" + year + "/06",
                        and(new TermQuery(new Term(Fields.text("Keywords"), fold(k))),
                                LongField.newRangeQuery(Fields.date("Date"), Long.MIN_VALUE, DateRange.parse(year + "/06").orElseThrow().start() - 1)), restricted, facets);
                case 6 -> new BenchQuery(w1 + " EXCEPT " + w2, new BooleanQuery.Builder().add(words(w1), Occur.MUST).add(words(w2), Occur.MUST_NOT).build(),
                        restricted, facets);
                case 7 -> {
                    String stem = fold(w1).substring(0, Math.min(4, fold(w1).length()));
                    yield new BenchQuery(stem + "*", new PrefixQuery(new Term(Fields.ALL, stem)), restricted, facets);
                }
                case 8 -> new BenchQuery("flag.Online:true " + w1, and(words(w1), IntField.newExactQuery(Fields.BIT, ONLINE)), restricted, facets);
                default -> new BenchQuery("meta.CameraModel:canon OR City:" + pick(r, CITIES).split(" ")[0],
                        or(new TermQuery(new Term(Fields.metaText("CameraModel"), "canon")), new TermQuery(new Term(Fields.text("City"), fold(out.size() % 2 == 0 ? "Paris" : "Lyon")))),
                        restricted, facets);
            });
        }
        // the last template names a city picked at random: rewrite its text to match the Lucene query exactly
        for (int i = 0; i < out.size(); i++) {
            BenchQuery q = out.get(i);
            if (q.text.startsWith("meta.CameraModel")) out.set(i, new BenchQuery("meta.CameraModel:canon OR City:" + (i % 2 == 0 ? "Paris" : "Lyon"),
                    or(new TermQuery(new Term(Fields.metaText("CameraModel"), "canon")), new TermQuery(new Term(Fields.text("City"), i % 2 == 0 ? "paris" : "lyon"))),
                    q.restricted, q.facets));
        }
        return out;
    }

    static long rawSearch(IndexSearcher searcher, DefaultSortedSetDocValuesReaderState facetState, BenchQuery q) throws IOException {
        Query rights;
        if (q.restricted) {
            rights = new BooleanQuery.Builder()
                    .add(KeywordField.newExactQuery(Fields.BASE, "1"), Occur.SHOULD)
                    .add(new BooleanQuery.Builder().add(KeywordField.newExactQuery(Fields.BASE, "2"), Occur.FILTER)
                            .add(IntField.newExactQuery(Fields.BIT, ONLINE), Occur.FILTER).build(), Occur.SHOULD).build();
        } else {
            rights = KeywordField.newSetQuery(Fields.BASE, BASES.stream().map(b -> new BytesRef(String.valueOf(b.value()))).toList());
        }
        Query full = new BooleanQuery.Builder().add(q.lucene, Occur.MUST).add(rights, Occur.FILTER).build();
        TopScoreDocCollectorManager top = new TopScoreDocCollectorManager(TOP, Integer.MAX_VALUE);
        if (!q.facets) {
            TopDocs docs = searcher.search(full, top);
            for (var sd : docs.scoreDocs) searcher.storedFields().document(sd.doc);
            return docs.totalHits.value;
        }
        Object[] both = searcher.search(full, new MultiCollectorManager(top, new FacetsCollectorManager()));
        TopDocs docs = (TopDocs) both[0];
        for (var sd : docs.scoreDocs) searcher.storedFields().document(sd.doc);
        SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(facetState, (FacetsCollector) both[1]);
        for (String dim : List.of(Fields.F_COLLECTION, Fields.F_DATABASE, Fields.F_TYPE, Fields.F_MIME, Fields.F_CAMERA, Fields.facet("Keywords"), Fields.facet("City")))
            counts.getTopChildren(dim.startsWith("f.") ? 10 : 20, dim);
        return docs.totalHits.value;
    }

    private static Query words(String w) {
        return new TermQuery(new Term(Fields.ALL, fold(w)));
    }

    private static Query phrase(String field, String... terms) {
        return new PhraseQuery(field, terms);
    }

    private static Query and(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.MUST).add(b, Occur.MUST).build();
    }

    private static Query or(Query a, Query b) {
        return new BooleanQuery.Builder().add(a, Occur.SHOULD).add(b, Occur.SHOULD).build();
    }

    private static String fold(String w) {
        return new FoldingAnalyzer().normalize(Fields.ALL, w).utf8ToString();
    }

    private static long start(int year) {
        return DateRange.parse(String.valueOf(year)).orElseThrow().start();
    }

    /** Words follow a skewed distribution (a few frequent, many rare), as in real captions. */
    private static String pick(Random r, String[] words) {
        double x = r.nextDouble();
        return words[(int) (words.length * x * x)];
    }

    static SearchCatalog catalog() {
        List<StructureField> fields = List.of(
                field("Headline", FieldType.STRING, 0, 0, "1"), field("Caption", FieldType.TEXT, 0, 1, null),
                field("Keywords", FieldType.STRING, 10, 2, null), field("City", FieldType.STRING, 10, 3, null),
                field("Date", FieldType.DATE, 0, 4, null), field("Credit", FieldType.STRING, 0, 5, null));
        Structure structure = new Structure(fields, List.of(), List.of(new StatusBit(ONLINE, "Online", "Offline", Map.of(), true, true)));
        return new SearchCatalog(List.of(new SearchCatalog.Databox(SBAS, "bench", structure,
                Map.of(BASES.get(0), "photos", BASES.get(1), "archives", BASES.get(2), "presse", BASES.get(3), "video"))));
    }

    private static StructureField field(String name, FieldType type, int aggregable, int position, String thumbtitle) {
        return new StructureField(name, "", type, name.equals("Keywords"), false, false, false, true, aggregable, thumbtitle, ";", null, null, Map.of(), position);
    }

    static IndexedRecord record(int id, Random r) {
        String city = CITIES[r.nextInt(CITIES.length)];
        StringBuilder headline = new StringBuilder(pick(r, WORDS)).append(' ').append(pick(r, WORDS)).append(" à ").append(city);
        StringBuilder caption = new StringBuilder();
        for (int w = 10 + r.nextInt(16); w > 0; w--) caption.append(pick(r, WORDS)).append(w % 7 == 0 ? ", " : " ");
        List<String> keywords = new ArrayList<>();
        for (int k = 2 + r.nextInt(5); k > 0; k--) keywords.add(pick(r, KEYWORDS));
        String date = switch (r.nextInt(3)) {
            case 0 -> String.valueOf(2000 + r.nextInt(25));
            case 1 -> String.format("%d/%02d", 2000 + r.nextInt(25), 1 + r.nextInt(12));
            default -> String.format("%d/%02d/%02d", 2000 + r.nextInt(25), 1 + r.nextInt(12), 1 + r.nextInt(28));
        };
        List<IndexedRecord.Field> fields = List.of(
                new IndexedRecord.Field("Headline", FieldType.STRING, false, 0, List.of(headline.toString())),
                new IndexedRecord.Field("Caption", FieldType.TEXT, false, 0, List.of(caption.toString().strip())),
                new IndexedRecord.Field("Keywords", FieldType.STRING, false, 10, keywords),
                new IndexedRecord.Field("City", FieldType.STRING, false, 10, List.of(city)),
                new IndexedRecord.Field("Date", FieldType.DATE, false, 0, List.of(date)),
                new IndexedRecord.Field("Credit", FieldType.STRING, false, 0, List.of("Photo " + pick(r, WORDS) + " / Agence " + (1 + r.nextInt(40)))));
        Map<String, String> tech = Map.of("CameraModel", CAMERAS[r.nextInt(CAMERAS.length)], "Width", String.valueOf(2000 + r.nextInt(4000)),
                "Height", String.valueOf(1500 + r.nextInt(3000)), "MimeType", "image/jpeg");
        long status = r.nextInt(3) > 0 ? 1L << ONLINE : 0;
        Instant created = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(id * 60L);
        return new IndexedRecord(SBAS, new RecordId(id), BASES.get(r.nextInt(BASES.size())), "image", "image/jpeg", false, List.of(),
                java.util.UUID.nameUUIDFromBytes(String.valueOf(id).getBytes()).toString(), Long.toHexString(r.nextLong()),
                "IMG_" + id + ".jpg", status, created, created, fields, tech, headline.toString());
    }

    private static String rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status")))
                if (line.startsWith("VmRSS:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.0f MiB", kb / 1024.0);
                }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "unknown";
    }
}
