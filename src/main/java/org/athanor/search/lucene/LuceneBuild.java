package org.athanor.search.lucene;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.ids.DataboxId;
import org.athanor.ids.RecordId;
import org.athanor.search.IndexBuild;
import org.athanor.search.IndexedRecord;

/**
 * A generation being filled by a populate. Its checkpoint file ({@code populate.properties} in the generation) is
 * written after each commit: it records when the build started and the last record id done per databox, so a killed
 * populate resumes where its last commit ended.
 */
final class LuceneBuild implements IndexBuild {
    static final String CHECKPOINT = "populate.properties";

    private final LuceneSearchEngine engine;
    private final LuceneIndex index;
    private final Properties checkpoint;
    private boolean published;
    private final java.util.concurrent.atomic.LongAdder addedSinceCheckpoint = new java.util.concurrent.atomic.LongAdder();

    private LuceneBuild(LuceneSearchEngine engine, LuceneIndex index, Properties checkpoint) {
        this.engine = engine;
        this.index = index;
        this.checkpoint = checkpoint;
    }

    static LuceneBuild open(LuceneSearchEngine engine, Path folder, FoldingAnalyzer analyzer, boolean resume) {
        Properties p = resume ? read(folder) : new Properties();
        if (p.getProperty("started_at") == null) p.setProperty("started_at", Instant.now().toString());
        LuceneIndex index = LuceneIndex.open(folder, analyzer);
        try {
            index.writer();
        } catch (RuntimeException e) {
            index.close();
            throw new AthanorException(ErrorCode.CONFLICT, "Another searchengine:index:populate is filling " + folder
                    + ". Wait for it to end (searchengine:index:status shows its progress).", e);
        }
        LuceneBuild build = new LuceneBuild(engine, index, p);
        build.save();
        return build;
    }

    /** Records done so far by the build in {@code folder}, from its checkpoint. */
    static long doneSoFar(Path folder) {
        return Long.parseLong(read(folder).getProperty("done", "0"));
    }

    @Override public Instant startedAt() {
        return Instant.parse(checkpoint.getProperty("started_at"));
    }

    @Override public long checkpoint(DataboxId databox) {
        return Long.parseLong(checkpoint.getProperty("sbas." + databox.value(), "0"));
    }

    @Override public void add(IndexedRecord r) {
        try {
            index.writer().updateDocument(new Term(Fields.ID, Fields.id(r.databox().value(), r.record().value())), DocumentMapper.map(r));
            index.markChanged();
            addedSinceCheckpoint.increment();
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write the new index " + index.folder + ": " + e.getMessage(), e);
        }
    }

    @Override public void delete(DataboxId databox, RecordId record) {
        try {
            index.writer().deleteDocuments(new Term(Fields.ID, Fields.id(databox.value(), record.value())));
            index.markChanged();
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write the new index " + index.folder + ": " + e.getMessage(), e);
        }
    }

    @Override public void checkpoint(DataboxId databox, long lastRecordId) {
        try {
            index.commit();
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot commit the new index " + index.folder + ": " + e.getMessage(), e);
        }
        checkpoint.setProperty("sbas." + databox.value(), String.valueOf(lastRecordId));
        long done = Long.parseLong(checkpoint.getProperty("done", "0"));
        checkpoint.setProperty("done", String.valueOf(done + addedSinceCheckpoint.sumThenReset()));
        save();
    }

    @Override public Set<Long> recordIds(DataboxId databox) {
        Set<Long> ids = new HashSet<>();
        try (DirectoryReader reader = DirectoryReader.open(index.writer())) {
            IndexSearcher searcher = new IndexSearcher(reader);
            Weight w = searcher.createWeight(searcher.rewrite(KeywordField.newExactQuery(Fields.SBAS, String.valueOf(databox.value()))),
                    ScoreMode.COMPLETE_NO_SCORES, 1f);
            for (LeafReaderContext leaf : reader.leaves()) {
                Scorer s = w.scorer(leaf);
                if (s == null) continue;
                SortedNumericDocValues rids = leaf.reader().getSortedNumericDocValues(Fields.RECORD);
                var live = leaf.reader().getLiveDocs();
                DocIdSetIterator it = s.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (live != null && !live.get(doc)) continue;
                    if (rids != null && rids.advanceExact(doc)) ids.add(rids.nextValue());
                }
            }
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot read the new index " + index.folder + ": " + e.getMessage(), e);
        }
        return ids;
    }

    @Override public void publish() {
        try {
            index.commit();
            Files.deleteIfExists(index.folder.resolve(CHECKPOINT));
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot commit the new index " + index.folder + ": " + e.getMessage(), e);
        }
        engine.publish(index);
        published = true;
    }

    @Override public void close() {
        if (!published) index.close();
    }

    private void save() {
        Path file = index.folder.resolve(CHECKPOINT);
        Path tmp = index.folder.resolve(CHECKPOINT + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            checkpoint.store(out, "searchengine:index:populate checkpoint");
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static Properties read(Path folder) {
        Properties p = new Properties();
        Path file = folder.resolve(CHECKPOINT);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new AthanorException(ErrorCode.IO, "Cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return p;
    }
}
