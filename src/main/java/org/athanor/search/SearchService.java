package org.athanor.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.athanor.core.Progress;
import org.athanor.appbox.RegisteredDatabox;
import org.athanor.appbox.Registry;
import org.athanor.appbox.Rights;
import org.athanor.appbox.User;
import org.athanor.appbox.UserService;
import org.athanor.ids.BaseId;
import org.athanor.databox.CollectionInfo;
import org.athanor.databox.Collections;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.search.query.Query;
import org.athanor.search.query.QueryParser;

/**
 * Search for the CLI, web and API: parses queries, applies the rights of the user who searches, keeps the index
 * current (one record at a time, or a whole populate), over whichever {@link SearchEngine} the configuration chose.
 */
public final class SearchService implements AutoCloseable {
    /** Records read and committed per populate checkpoint. */
    static final int BATCH = 1000;
    private static final long CATALOG_MILLIS = 5_000;
    /** How long every process may keep writing the old index after a swap (it checks the pointer every 0.5 s), with a margin. */
    static final java.time.Duration SWAP_NOTICE = java.time.Duration.ofSeconds(1);

    private final SearchEngine engine;
    private final RecordSource source;
    private final Registry registry;
    private final Collections collections;
    private final UserService users;
    private final Rights rights;
    private volatile SearchCatalog catalog;
    private volatile long catalogAt;

    public SearchService(SearchEngine engine, RecordSource source, Registry registry, Collections collections, UserService users, Rights rights) {
        this.engine = engine;
        this.source = source;
        this.registry = registry;
        this.collections = collections;
        this.users = users;
        this.rights = rights;
    }

    public SearchEngine engine() {
        return engine;
    }

    /** Parse a query; errors show the position. */
    public Query parse(String query) {
        return QueryParser.parse(query);
    }

    /** One search as the installation (every collection, business fields included) when {@code login} is null, else as that user. */
    public SearchResult search(String query, String login, Set<BaseId> onlyCollections, SearchSort sort, int offset, int limit,
                               boolean facets, boolean highlight) {
        SearchScope scope = login == null ? everything() : scopeOf(users.require(login));
        return engine.search(SearchRequest.of(query, scope, onlyCollections, sort, offset, limit, facets, highlight), catalog());
    }

    /** Run a prepared request. */
    public SearchResult search(SearchRequest request) {
        return engine.search(request, catalog());
    }

    /** What {@code user} may see: collections with {@code access}, their status masks, business fields where {@code canmodifrecord}. */
    public SearchScope scopeOf(User user) {
        Map<BaseId, Rights.StatusMask> masks = rights.statusMasks(user.id());
        Map<BaseId, Rights.StatusMask> visible = new HashMap<>();
        Set<BaseId> business = new java.util.HashSet<>();
        for (Rights.CollectionGrant g : rights.collectionRights(user.id())) {
            if (!g.flags().contains("access")) continue;
            visible.put(g.collection(), masks.getOrDefault(g.collection(), new Rights.StatusMask(0, 0)));
            if (g.flags().contains("canmodifrecord")) business.add(g.collection());
        }
        return new SearchScope(visible, business);
    }

    /** Every collection, no mask, business fields included: operators at the console, and the benchmark. */
    public SearchScope everything() {
        Map<BaseId, Rights.StatusMask> all = new HashMap<>();
        for (var c : registry.collections()) all.put(c.baseId(), new Rights.StatusMask(0, 0));
        return new SearchScope(all, all.keySet());
    }

    /** The databoxes, collections and structures searched (cached a few seconds). */
    public SearchCatalog catalog() {
        SearchCatalog c = catalog;
        if (c != null && System.currentTimeMillis() - catalogAt < CATALOG_MILLIS) return c;
        Map<DataboxId, Map<BaseId, String>> names = new HashMap<>();
        for (CollectionInfo info : collections.list()) names.computeIfAbsent(info.databox(), k -> new LinkedHashMap<>()).put(info.baseId(), info.name());
        List<SearchCatalog.Databox> boxes = new ArrayList<>();
        for (RegisteredDatabox d : registry.databoxes())
            boxes.add(new SearchCatalog.Databox(d.id(), d.name(), source.structure(d.id()), names.getOrDefault(d.id(), Map.of())));
        c = new SearchCatalog(boxes);
        catalog = c;
        catalogAt = System.currentTimeMillis();
        return c;
    }

    /**
     * Bring the document of one record up to date: index it, or remove it when the record is gone; the stories it
     * belongs to are indexed again too (their member lists). Does nothing when no index exists.
     */
    public void reindex(DataboxId databox, RecordId record) {
        if (!engine.exists()) return;
        var read = source.read(databox, record);
        if (read.isPresent()) engine.index(read.get());
        else engine.delete(databox, record);
        if (read.isPresent() && !read.get().story())
            for (RecordId story : source.storiesOf(databox, record)) source.read(databox, story).ifPresent(engine::index);
    }

    /**
     * Queue a {@link SearchIndexTaskType#JOB_TYPE} job for every record of a databox, for the search-index task to
     * reindex them in the background: after a structure change (a field's type, its business flag, a status bit's
     * name). Return how many jobs were added (records with a job already waiting are skipped).
     */
    public int queueDatabox(DataboxId databox, org.athanor.tasks.JobQueue jobs) {
        forgetStructures();
        List<RecordId> ids = source.allIds(databox).stream().sorted().map(RecordId::new).toList();
        return jobs.enqueueAll(SearchIndexTaskType.JOB_TYPE, databox, ids);
    }

    /** Read structures and collections anew from now on (each pass of the search-index task starts so). */
    public void forgetStructures() {
        catalog = null;
        source.forget();
    }

    /** What a populate did. */
    public record PopulateReport(long indexed, long removed, boolean resumed, long millis) {}

    /**
     * Fill a new index beside the live one with every record of every databox, then swap it in: searches keep
     * answering from the live index meanwhile. Resumes a build a killed populate left. Before the swap, records
     * changed or deleted since the build started are brought up to date, pass after pass until a pass finds nothing.
     */
    public PopulateReport populate(Progress progress) {
        long start = System.currentTimeMillis();
        forgetStructures();
        if (!engine.exists()) engine.create();
        List<RegisteredDatabox> boxes = registry.databoxes();
        long total = 0;
        for (RegisteredDatabox d : boxes) total += source.count(d.id());
        long indexed = 0;
        long removed = 0;
        boolean resumed;
        try (IndexBuild build = engine.beginBuild()) {
            long done = 0;
            resumed = boxes.stream().anyMatch(d -> build.checkpoint(d.id()) > 0);
            progress.step(resumed ? "Resuming the index build" : "Indexing records");
            for (RegisteredDatabox d : boxes) {
                long after = build.checkpoint(d.id());
                if (after > 0) done += build.recordIds(d.id()).size();
                progress.advance(done, total);
                while (true) {
                    List<Long> ids = source.idsAfter(d.id(), after, BATCH);
                    if (ids.isEmpty()) break;
                    for (long id : ids) {
                        var r = source.read(d.id(), new RecordId(id));
                        if (r.isPresent()) {
                            build.add(r.get());
                            indexed++;
                        }
                        done++;
                    }
                    after = ids.get(ids.size() - 1);
                    build.checkpoint(d.id(), after);
                    progress.advance(done, total);
                }
            }
            progress.step("Catching up with changes made during the build");
            Instant since = build.startedAt().minusSeconds(2);
            for (int pass = 0; pass < 10; pass++) {
                Instant passStart = Instant.now();
                long[] changes = catchUp(build, boxes, since);
                removed += changes[1];
                since = passStart.minusSeconds(2);
                if (changes[0] + changes[1] == 0 || pass > 0 && changes[0] + changes[1] < 10) break;
            }
            progress.step("Swapping the new index in");
            build.publish();
            // changes committed between the last pass and the swap went to the old index, where another process may
            // write them until it sees the swap (within SWAP_NOTICE): index them again in the new one, which this
            // build still writes (that process's task hands its jobs back meanwhile)
            sleep(SWAP_NOTICE);
            removed += catchUp(build, boxes, since)[1];
        }
        return new PopulateReport(indexed, removed, resumed, System.currentTimeMillis() - start);
    }

    private static void sleep(java.time.Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Remove the records deleted and index again those changed since {@code since}; return {changed, removed}. */
    private long[] catchUp(IndexBuild build, List<RegisteredDatabox> boxes, Instant since) {
        long changed = 0;
        long removed = 0;
        for (RegisteredDatabox d : boxes) {
            Set<Long> inDatabase = source.allIds(d.id());
            for (long id : build.recordIds(d.id()))
                if (!inDatabase.contains(id)) {
                    build.delete(d.id(), new RecordId(id));
                    removed++;
                }
            for (long id : source.modifiedSince(d.id(), since)) {
                var r = source.read(d.id(), new RecordId(id));
                if (r.isPresent()) {
                    build.add(r.get());
                    changed++;
                }
            }
        }
        return new long[] {changed, removed};
    }

    public IndexStatus status() {
        return engine.status();
    }

    @Override public void close() {
        engine.close();
    }
}
