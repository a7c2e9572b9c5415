package org.athanor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code main.search-engine}: which engine indexes the records, and its options.
 *
 * <p>Once loaded, {@code options} holds every option of the type with defaults applied:
 * for {@code lucene}, {@code path} (a {@link Path}, default {@code <data>/index}); for {@code opensearch},
 * {@code host} (String, default {@code localhost}), {@code port} (Integer, default 9200) and
 * {@code index} (String, default {@code athanor}). The typed accessors read them.
 *
 * @param type {@link #LUCENE} or {@link #OPENSEARCH}
 */
public record SearchEngineConfig(String type, Map<String, Object> options) {
    /** Apache Lucene, an index on disk; the default. */
    public static final String LUCENE = "lucene";
    /** An OpenSearch cluster. */
    public static final String OPENSEARCH = "opensearch";
    /** The accepted types. */
    public static final List<String> TYPES = List.of(LUCENE, OPENSEARCH);

    public SearchEngineConfig {
        if (!TYPES.contains(type)) {
            throw new ConfigException("main.search-engine.type: expected one of lucene, opensearch, found '" + type + "'. Example: type: lucene");
        }
        options = Map.copyOf(options);
    }

    /** Return a Lucene engine whose index lives in {@code <data>/index}. */
    public static SearchEngineConfig luceneUnder(Path data) {
        return new SearchEngineConfig(LUCENE, Map.of("path", data.resolve("index")));
    }

    /** Return the Lucene index folder. */
    public Path lucenePath() {
        return (Path) Objects.requireNonNull(options.get("path"), "main.search-engine.options.path");
    }

    /** Return the OpenSearch host name. */
    public String opensearchHost() {
        return (String) options.getOrDefault("host", "localhost");
    }

    /** Return the OpenSearch port. */
    public int opensearchPort() {
        return (Integer) options.getOrDefault("port", 9200);
    }

    /** Return the name of the OpenSearch index. */
    public String opensearchIndex() {
        return (String) options.getOrDefault("index", "athanor");
    }
}
