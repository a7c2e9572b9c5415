package org.athanor.search.lucene;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.slf4j.LoggerFactory;

/**
 * One generation of the index: a Lucene folder, its writer (opened on the first write: one process at a time may
 * write) and the searchers over it: near-real-time from the writer when this process writes, else from the last
 * commit of the writing process (refreshed by {@link LuceneSearchEngine} every 100 ms; the writer commits every second).
 */
final class LuceneIndex implements AutoCloseable {
    final Path folder;
    final String generation;
    private final Directory directory;
    private final FoldingAnalyzer analyzer;
    private IndexWriter writer;
    private volatile SearcherManager searchers;
    private volatile boolean changed;

    private LuceneIndex(Path folder, Directory directory, FoldingAnalyzer analyzer) {
        this.folder = folder;
        this.generation = folder.getFileName().toString();
        this.directory = directory;
        this.analyzer = analyzer;
    }

    static LuceneIndex open(Path folder, FoldingAnalyzer analyzer) {
        try {
            java.nio.file.Files.createDirectories(folder);
            return new LuceneIndex(folder, FSDirectory.open(folder), analyzer);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot open the search index " + folder + ": " + e.getMessage()
                    + ". Check the folder's permissions (main.search-engine.options.path in configuration.yml).", e);
        }
    }

    /** Create an empty index here (a first commit, so that readers of other processes can open it). */
    static LuceneIndex create(Path folder, FoldingAnalyzer analyzer) {
        LuceneIndex index = open(folder, analyzer);
        try {
            index.writer().commit();
        } catch (IOException e) {
            index.close();
            throw new UncheckedIOException(e);
        }
        return index;
    }

    /** The writer of this generation, opened on first use; refused while another process writes it. */
    synchronized IndexWriter writer() {
        if (writer != null && writer.getTragicException() == null) return writer;
        if (writer != null) {
            // it hit an unrecoverable error (e.g. its thread was interrupted during file I/O): drop it, keep the last
            // commit, and open a new one; what it held uncommitted is indexed again by the jobs that are retried
            LoggerFactory.getLogger(LuceneIndex.class).warn("search index {}: its writer hit an unrecoverable error ({}); opening a new one",
                    folder, writer.getTragicException().toString());
            try {
                writer.rollback();
            } catch (IOException | RuntimeException e) {
                // already broken: the rollback only releases its lock
            }
            writer = null;
        }
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                    .setRAMBufferSizeMB(64);
            writer = new IndexWriter(directory, config);
        } catch (LockObtainFailedException e) {
            throw new AthanorException(ErrorCode.CONFLICT, "The search index " + folder + " is being written by another process "
                    + "(the scheduler, or a searchengine:index:populate). Only one process writes it; the change is retried later.", e);
        } catch (IOException e) {
            throw new AthanorException(ErrorCode.IO, "Cannot write the search index " + folder + ": " + e.getMessage(), e);
        }
        SearcherManager before = searchers;
        try {
            searchers = new SearcherManager(writer, null);
            if (before != null) before.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return writer;
    }

    synchronized boolean writing() {
        return writer != null;
    }

    /** The searchers: acquire one, and release it to the same manager. */
    SearcherManager searchers() {
        SearcherManager s = searchers;
        if (s != null) return s;
        synchronized (this) {
            if (searchers == null) {
                try {
                    searchers = new SearcherManager(directory, null);
                } catch (IOException e) {
                    throw new AthanorException(ErrorCode.IO, "Cannot read the search index " + folder + ": " + e.getMessage()
                            + ". Rebuild it: bin/console searchengine:index:drop, then create and populate.", e);
                }
            }
            return searchers;
        }
    }

    void markChanged() {
        changed = true;
    }

    /** Make recent changes visible: reopen the searchers when the index changed. */
    void refresh(boolean blocking) {
        SearcherManager s = searchers;
        if (s == null) return;
        try {
            if (blocking) s.maybeRefreshBlocking();
            else s.maybeRefresh();
        } catch (IOException | org.apache.lucene.store.AlreadyClosedException e) {
            // closed by a swap meanwhile: the next refresh uses the new generation
        }
    }

    /** Commit when this process changed the index since the last commit, so that other processes see the changes. */
    synchronized void commitIfChanged() throws IOException {
        if (writer != null && changed) {
            changed = false;
            writer.commit();
        }
    }

    synchronized void commit() throws IOException {
        if (writer != null) {
            changed = false;
            writer.commit();
        }
    }

    IndexSearcher acquire() throws IOException {
        return searchers().acquire();
    }

    @Override public synchronized void close() {
        try {
            if (searchers != null) searchers.close();
            if (writer != null) {
                if (writer.getTragicException() == null) {
                    writer.commit();
                    writer.close();
                } else {
                    writer.rollback();   // a writer that hit an unrecoverable error cannot commit: keep the last commit
                }
            }
            directory.close();
        } catch (IOException | IllegalStateException e) {   // AlreadyClosedException is one; so is a writer refusing to commit
            // closing: nothing more to do with this generation
        } finally {
            searchers = null;
            writer = null;
        }
    }
}
