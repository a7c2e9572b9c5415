package org.athanor.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetCounts;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSelector;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.SortedSetSelector;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.AlreadyClosedException;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.BaseId;
import org.athanor.ids.DataboxId;
import org.athanor.databox.FieldType;
import org.athanor.ids.RecordId;
import org.athanor.databox.StructureField;
import org.athanor.search.IndexBuild;
import org.athanor.search.IndexStatus;
import org.athanor.search.IndexedRecord;
import org.athanor.search.SearchCatalog;
import org.athanor.search.SearchEngine;
import org.athanor.search.SearchRequest;
import org.athanor.search.SearchResult;
import org.athanor.search.SearchSort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded search engine: a Lucene index in the data folder ({@code main.search-engine.options.path}, default
 * {@code <data>/index}).
 *
 * <p>The folder holds generations ({@code g<millis>/}, each a Lucene index) and two pointer files: {@code current}
 * names the live generation, {@code building} the one a populate fills. Publishing a build replaces {@code current}
 * with an atomic rename, so every process switches to the new generation at its next refresh (within 0.5 s) and none
 * ever reads a half-built index. One process at a time writes a generation (Lucene's write lock); it commits every
 * second, and the other processes refresh their searchers every 100 ms: a change is searchable within about 1 s in
 * the writing process (near-real-time) and 2 s elsewhere.
 */
public final class LuceneSearchEngine implements SearchEngine {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneSearchEngine.class);
    static final String CURRENT = "current";
    static final String BUILDING = "building";

    private final Path root;
    private final FoldingAnalyzer analyzer = new FoldingAnalyzer();
    private final ScheduledExecutorService refresher;
    private volatile LuceneIndex live;
    private volatile long pointerCheckedAt;
    private volatile FacetState facetState;
    private long committedAt;   // touched by the refresh thread only

    private record FacetState(IndexReader reader, DefaultSortedSetDocValuesReaderState state) {}

    public LuceneSearchEngine(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "search-index-refresh");
            t.setDaemon(true);
            return t;
        });
        refresher.scheduleWithFixedDelay(this::tick, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Where the index lives. */
    public Path root() {
        return root;
    }

    // --- lifecycle

    @Override public synchronized void create() {
        if (exists()) throw new AthanorException(ErrorCode.CONFLICT, "A search index exists already in " + root
                + ". Fill it with searchengine:index:populate, or remove it first with searchengine:index:drop.");
        String gen = newGeneration();
        LuceneIndex index = LuceneIndex.create(root.resolve(gen), analyzer);
        writePointer(CURRENT, gen);
        switchTo(index);
    }

    @Override public synchronized void drop() {
        if (live != null) {
            live.close();
            live = null;
        }
        facetState = null;
        if (!Files.exists(root)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(root)) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot remove the search index " + root + ": " + e.getMessage(), e);
        }
    }

    @Override public boolean exists() {
        return Files.isRegularFile(root.resolve(CURRENT));
    }

    @Override public void close() {
        // no interrupt: an interrupted thread in Lucene's file I/O closes the NIO channel under the writer, which then
        // refuses every commit ("this writer hit an unrecoverable error"). The tick in hand finishes; no new one starts.
        refresher.shutdown();
        try {
            if (!refresher.awaitTermination(30, TimeUnit.SECONDS)) refresher.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (live != null) live.close();
            live = null;
        }
    }

    // --- writes

    @Override public void index(IndexedRecord record) {
        LuceneIndex index = requireLive();
        try {
            Document doc = DocumentMapper.map(record);
            index.writer().updateDocument(new Term(Fields.ID, Fields.id(record.databox().value(), record.record().value())), doc);
            index.markChanged();
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot index record " + record.databox() + "/" + record.record() + ": " + e.getMessage(), e);
        }
    }

    @Override public void delete(DataboxId databox, RecordId record) {
        LuceneIndex index = requireLive();
        try {
            index.writer().deleteDocuments(new Term(Fields.ID, Fields.id(databox.value(), record.value())));
            index.markChanged();
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot remove record " + databox + "/" + record + " from the index: " + e.getMessage(), e);
        }
    }

    @Override public void refresh() {
        LuceneIndex index = live();
        if (index == null) return;
        index.refresh(true);
    }

    /** Wait for the merges in progress, commit, and refresh: the benchmark measures a settled index. */
    void settle() throws IOException {
        LuceneIndex index = requireLive();
        if (index.writing()) {
            if (index.writer().getConfig().getMergeScheduler() instanceof org.apache.lucene.index.ConcurrentMergeScheduler cms) cms.sync();
            index.commit();
        }
        index.refresh(true);
    }

    @Override public synchronized IndexBuild beginBuild() {
        if (!exists()) throw notCreated();
        String gen = readPointer(BUILDING);
        boolean resumed = gen != null && Files.isDirectory(root.resolve(gen));
        if (!resumed) {
            gen = newGeneration();
            writePointer(BUILDING, gen);
        }
        return LuceneBuild.open(this, root.resolve(gen), analyzer, resumed);
    }

    /** Make the build's generation live: called by {@link LuceneBuild#publish()} with its index, writer still open. */
    synchronized void publish(LuceneIndex built) {
        writePointer(CURRENT, built.generation);
        try {
            Files.deleteIfExists(root.resolve(BUILDING));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        built.refresh(true);
        switchTo(built);
        removeOtherGenerations(built.generation);
    }

    // --- search

    @Override public SearchResult search(SearchRequest request, SearchCatalog catalog) {
        long start = System.nanoTime();
        LuceneIndex index = requireLive();
        Query query = new QueryCompiler(request.text(), catalog, request.scope(), analyzer).compile(request.query(), request.collections());
        SearcherAndManager sm = acquire(index);
        try {
            IndexSearcher searcher = sm.searcher;
            int wanted = request.offset() + request.limit();
            Sort sort = sort(request.sort(), catalog);
            CollectorManager<?, ? extends TopDocs> top = sort == null ? new TopScoreDocCollectorManager(wanted, Integer.MAX_VALUE)
                    : new TopFieldCollectorManager(sort, wanted, Integer.MAX_VALUE);
            TopDocs topDocs;
            FacetsCollector facets = null;
            if (request.facets()) {
                Object[] both = searcher.search(query, new MultiCollectorManager(top, new FacetsCollectorManager()));
                topDocs = (TopDocs) both[0];
                facets = (FacetsCollector) both[1];
            } else {
                topDocs = searcher.search(query, top);
            }
            ScoreDoc[] page = topDocs.scoreDocs.length <= request.offset() ? new ScoreDoc[0]
                    : java.util.Arrays.copyOfRange(topDocs.scoreDocs, request.offset(), topDocs.scoreDocs.length);
            Map<String, String[]> highlights = request.highlight() && page.length > 0 ? highlight(searcher, query, page, catalog) : Map.of();
            List<SearchResult.Hit> hits = new ArrayList<>();
            var stored = searcher.storedFields();
            for (int i = 0; i < page.length; i++) hits.add(hit(stored.document(page[i].doc), page[i], i, highlights, catalog, request));
            List<SearchResult.Facet> facetList = facets == null ? List.of() : facets(searcher.getIndexReader(), facets, catalog);
            return new SearchResult(topDocs.totalHits.value, request.offset(), hits, facetList, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Search failed reading the index " + index.folder + ": " + e.getMessage(), e);
        } finally {
            sm.release();
        }
    }

    private record SearcherAndManager(IndexSearcher searcher, org.apache.lucene.search.SearcherManager manager) {
        void release() {
            try {
                manager.release(searcher);
            } catch (IOException | AlreadyClosedException e) {
                // the generation was swapped out meanwhile
            }
        }
    }

    private SearcherAndManager acquire(LuceneIndex index) {
        for (int attempt = 0; ; attempt++) {
            var manager = index.searchers();
            try {
                return new SearcherAndManager(manager.acquire(), manager);
            } catch (AlreadyClosedException | IOException e) {
                if (attempt >= 3) throw new AthanorException(ErrorCode.IO, "Cannot read the search index " + index.folder + ": " + e.getMessage(), e);
                index = requireLive();
            }
        }
    }

    private Sort sort(SearchSort s, SearchCatalog catalog) {
        if (s.key().equals("relevance")) return null;
        boolean desc = s.descending();
        SortField by = switch (s.key()) {
            case "created_on" -> longSort(Fields.CREATED, desc);
            case "updated_on" -> longSort(Fields.UPDATED, desc);
            case "record_id" -> longSort(Fields.RECORD, desc);
            default -> {
                var defs = catalog.field(s.key());
                if (defs.isEmpty()) throw new AthanorException(ErrorCode.BAD_ARGUMENT, "--sort " + s.key()
                        + ": no such field. Use relevance, created_on, updated_on, record_id or one of " + String.join(", ", catalog.fieldNames()));
                yield switch (defs.get(0).field().type()) {
                    case DATE -> longSort(Fields.date(s.key()), desc);
                    case NUMBER -> {
                        SortField f = new SortedNumericSortField(Fields.number(s.key()), SortField.Type.DOUBLE, desc, SortedNumericSelector.Type.MIN);
                        f.setMissingValue(desc ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);   // records without a value come last
                        yield f;
                    }
                    default -> {
                        SortField f = KeywordField.newSortField(Fields.exact(s.key()), desc, SortedSetSelector.Type.MIN);
                        f.setMissingValue(desc ? SortField.STRING_FIRST : SortField.STRING_LAST);
                        yield f;
                    }
                };
            }
        };
        return new Sort(by, new SortedNumericSortField(Fields.RECORD, SortField.Type.LONG, s.descending()));
    }

    private static SortField longSort(String field, boolean descending) {
        SortField f = new SortedNumericSortField(field, SortField.Type.LONG, descending, SortedNumericSelector.Type.MIN);
        f.setMissingValue(descending ? Long.MIN_VALUE : Long.MAX_VALUE);   // records without a value come last
        return f;
    }

    private Map<String, String[]> highlight(IndexSearcher searcher, Query query, ScoreDoc[] page, SearchCatalog catalog) throws IOException {
        List<String> fields = new ArrayList<>();
        for (String name : catalog.fieldNames()) fields.add(Fields.text(name));
        if (fields.isEmpty()) return Map.of();
        UnifiedHighlighter h = UnifiedHighlighter.builder(searcher, analyzer).withWeightMatches(false).withFieldMatcher(f -> true)
                .withMaxNoHighlightPassages(0).withMaxLength(10_000)
                .withFormatter(new org.apache.lucene.search.uhighlight.DefaultPassageFormatter("<em>", "</em>", " … ", true)).build();
        int[] passages = new int[fields.size()];
        java.util.Arrays.fill(passages, 2);
        TopDocs pageDocs = new TopDocs(new TotalHits(page.length, TotalHits.Relation.EQUAL_TO), page);
        return h.highlightFields(fields.toArray(String[]::new), query, pageDocs, passages);
    }

    private SearchResult.Hit hit(Document d, ScoreDoc sd, int index, Map<String, String[]> highlights, SearchCatalog catalog, SearchRequest request) {
        DataboxId sbas = new DataboxId(Integer.parseInt(d.get(Fields.SBAS)));
        BaseId base = new BaseId(Integer.parseInt(d.get(Fields.BASE)));
        boolean business = request.scope().seesBusinessFields(base);
        Map<String, List<String>> caption = new LinkedHashMap<>();
        Map<String, List<String>> marked = new LinkedHashMap<>();
        catalog.databox(sbas).ifPresent(db -> {
            for (StructureField f : db.structure().fields()) {
                if (f.business() && !business) continue;
                String[] values = d.getValues(Fields.text(f.name()));
                if (values.length > 0) caption.put(f.name(), List.of(values));
                String[] h = highlights.get(Fields.text(f.name()));
                if (h != null && h[index] != null) marked.put(f.name(), List.of(h[index]));
            }
        });
        IndexableField rid = d.getField(Fields.RECORD);
        return new SearchResult.Hit(sbas, new RecordId(rid.numericValue().longValue()), base, Boolean.parseBoolean(d.get(Fields.STORY)),
                d.get(Fields.TITLE), Float.isNaN(sd.score) ? 0f : sd.score, caption, marked);
    }

    private List<SearchResult.Facet> facets(IndexReader reader, FacetsCollector collector, SearchCatalog catalog) throws IOException {
        DefaultSortedSetDocValuesReaderState state = facetState(reader);
        if (state == null) return List.of();
        SortedSetDocValuesFacetCounts counts = new SortedSetDocValuesFacetCounts(state, collector);
        List<SearchResult.Facet> out = new ArrayList<>();
        Set<String> dims = new java.util.HashSet<>();
        state.getDims().forEach(dims::add);
        addFacet(out, counts, dims, Fields.F_COLLECTION, "collection", 50, v -> catalog.collectionName(new BaseId(Integer.parseInt(v))),
                v -> "collection:" + v);
        addFacet(out, counts, dims, Fields.F_DATABASE, "database", 50,
                v -> catalog.databox(new DataboxId(Integer.parseInt(v))).map(SearchCatalog.Databox::name).orElse(v), v -> "database:" + v);
        addFacet(out, counts, dims, Fields.F_TYPE, "type", 10, v -> v, v -> "type:" + v);
        addFacet(out, counts, dims, Fields.F_MIME, "mime", 20, v -> v, v -> "meta.MimeType=" + quote(v));
        addFacet(out, counts, dims, Fields.F_CAMERA, "camera model", 20, v -> v, v -> "meta.CameraModel=" + quote(v));
        Set<String> done = new java.util.HashSet<>();
        for (var db : catalog.databoxes()) {
            for (StructureField f : db.structure().fields()) {
                if (f.aggregable() == 0 || f.business() || !done.add(Fields.key(f.name()))) continue;
                int size = f.aggregable() < 0 ? 1000 : f.aggregable();
                addFacet(out, counts, dims, Fields.facet(f.name()), f.name(), size, v -> v, v -> f.name() + "=" + quote(v));
            }
        }
        return out;
    }

    private static String quote(String v) {
        return "\"" + v.replace("\"", "") + "\"";
    }

    private static void addFacet(List<SearchResult.Facet> out, SortedSetDocValuesFacetCounts counts, Set<String> dims, String dim, String name, int size,
                                 java.util.function.UnaryOperator<String> label, java.util.function.UnaryOperator<String> query) throws IOException {
        if (!dims.contains(dim)) return;
        FacetResult r = counts.getTopChildren(size, dim);
        if (r == null || r.labelValues.length == 0) return;
        List<SearchResult.FacetValue> values = new ArrayList<>();
        for (LabelAndValue lv : r.labelValues) values.add(new SearchResult.FacetValue(label.apply(lv.label), lv.value.longValue(), query.apply(lv.label)));
        out.add(new SearchResult.Facet(name, values));
    }

    /** The facet ordinals of a reader, computed once per reader (after each refresh that changed the index). */
    private DefaultSortedSetDocValuesReaderState facetState(IndexReader reader) throws IOException {
        FacetState s = facetState;
        if (s != null && s.reader == reader) return s.state;
        synchronized (this) {
            s = facetState;
            if (s != null && s.reader == reader) return s.state;
            DefaultSortedSetDocValuesReaderState state;
            try {
                state = new DefaultSortedSetDocValuesReaderState(reader, DocumentMapper.FACETS);
            } catch (IllegalArgumentException noFacetYet) {
                state = null;    // an empty index has no facet field yet
            }
            facetState = new FacetState(reader, state);
            return state;
        }
    }

    // --- status

    @Override public IndexStatus status() {
        if (!exists()) return IndexStatus.missing(root);
        LuceneIndex index = requireLive();
        Map<Integer, Long> perDatabox = new LinkedHashMap<>();
        long docs;
        SearcherAndManager sm = acquire(index);
        try {
            IndexReader reader = sm.searcher.getIndexReader();
            docs = reader.numDocs();
            for (var leaf : reader.leaves()) {
                var terms = leaf.reader().terms(Fields.SBAS);
                if (terms == null) continue;
                var it = terms.iterator();
                org.apache.lucene.util.BytesRef term;
                while ((term = it.next()) != null) {
                    var postings = it.postings(null);
                    var live = leaf.reader().getLiveDocs();
                    long n = 0;
                    for (int doc = postings.nextDoc(); doc != org.apache.lucene.search.DocIdSetIterator.NO_MORE_DOCS; doc = postings.nextDoc())
                        if (live == null || live.get(doc)) n++;
                    perDatabox.merge(Integer.parseInt(term.utf8ToString()), n, Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            sm.release();
        }
        Long building = null;
        String gen = readPointer(BUILDING);
        if (gen != null) building = LuceneBuild.doneSoFar(root.resolve(gen));
        return new IndexStatus(true, root.toString(), docs, perDatabox, building, size(root));
    }

    private static long size(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    // --- generations

    private LuceneIndex requireLive() {
        LuceneIndex index = live();
        if (index == null) throw notCreated();
        return index;
    }

    private AthanorException notCreated() {
        return new AthanorException(ErrorCode.NOT_FOUND, "No search index in " + root
                + ". Create it with bin/console searchengine:index:create, then fill it with searchengine:index:populate.");
    }

    /** The live generation, switching to a newer one another process published. */
    private LuceneIndex live() {
        LuceneIndex index = live;
        long now = System.currentTimeMillis();
        if (index != null && now - pointerCheckedAt < 500) return index;
        synchronized (this) {
            pointerCheckedAt = now;
            String gen = readPointer(CURRENT);
            if (gen == null) {
                if (live != null) live.close();
                live = null;
                return null;
            }
            if (live == null || !live.generation.equals(gen)) switchTo(LuceneIndex.open(root.resolve(gen), analyzer));
            return live;
        }
    }

    private synchronized void switchTo(LuceneIndex index) {
        LuceneIndex before = live;
        live = index;
        pointerCheckedAt = System.currentTimeMillis();
        if (before != null && before != index) before.close();
    }

    private void tick() {
        try {
            LuceneIndex index = live();
            if (index == null) return;
            index.refresh(false);
            long now = System.currentTimeMillis();
            if (now - committedAt >= 1000) {   // once a second: other processes see the changes at their next refresh
                committedAt = now;
                index.commitIfChanged();
            }
        } catch (RuntimeException | IOException e) {
            LOG.debug("search index refresh", e);
        }
    }

    private void removeOtherGenerations(String keep) {
        String building = readPointer(BUILDING);
        try (Stream<Path> s = Files.list(root)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                String name = p.getFileName().toString();
                if (name.equals(keep) || name.equals(building)) continue;
                try (Stream<Path> walk = Files.walk(p)) {
                    for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.warn("could not remove the old index generation {}: {}", p, e.toString());
                }
            }
        } catch (IOException e) {
            LOG.warn("could not list {}: {}", root, e.toString());
        }
    }

    private String newGeneration() {
        long millis = System.currentTimeMillis();
        while (Files.exists(root.resolve("g" + millis))) millis++;
        return "g" + millis;
    }

    String readPointer(String name) {
        Path p = root.resolve(name);
        try {
            return Files.isRegularFile(p) ? Files.readString(p, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void writePointer(String name, String value) {
        try {
            Files.createDirectories(root);
            Path tmp = root.resolve(name + ".tmp");
            Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, root.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write " + root.resolve(name) + ": " + e.getMessage(), e);
        }
    }
}
