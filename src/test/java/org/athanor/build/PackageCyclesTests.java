package org.athanor.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.athanor.Athanor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Package cycles of the compiled program, read by {@code jdeps -verbose:package} from the classes Maven built
 * (target/classes): a dependency is any use in the bytecode, including fully qualified names, not only imports.
 * A cycle is a strongly connected group of two or more packages.
 *
 * <p>There is none (issue 12, item 6, removed the last: setup.check / setup.upgrade / setup.upgrade.legacy); a new one
 * fails, naming its packages. Break it by turning one dependency around (an interface where the caller is, implemented
 * where the callee is, handed over by the wiring class), as {@code setup.check.InstallationVersionCheck} and
 * {@code setup.upgrade.PhraseanetImportPath} do.
 */
@DisplayName("Packages depend on each other without cycles")
class PackageCyclesTests {
    /** The root package {@code org.athanor}: the wiring class alone, which depends on the services and nothing depends on but the adapters. */
    static final String ROOT = "org.athanor";

    static Map<String, Set<String>> graph;

    @BeforeAll
    static void readTheCompiledClasses() throws Exception {
        Path classes = Path.of(Athanor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() ->
                new IllegalStateException("jdeps is missing: run the tests with a JDK, not a JRE"));
        StringWriter out = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", "-e", "org\\.athanor(\\..*)?",
                classes.toString());
        assertThat(exit).as("jdeps output:%n%s", out).isZero();
        graph = new TreeMap<>();
        Matcher m = Pattern.compile("(?m)^\\s+(org\\.athanor\\S*)\\s+->\\s+(org\\.athanor\\S*)\\s").matcher(out.toString());
        while (m.find()) {
            if (!m.group(1).equals(m.group(2))) graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
        }
        assertThat(graph).as("jdeps found the packages").containsKeys("org.athanor.appbox", "org.athanor.web");
    }

    @Test @DisplayName("no package is in a cycle")
    void noCycle() {
        assertThat(cycles(Set.of())).as("package cycles: remove one of each one's dependencies (jdeps -verbose:class shows which classes)")
                .isEmpty();
    }

    @Test @DisplayName("only the adapters depend on the root package (the wiring class)")
    void onlyAdaptersDependOnTheRoot() {
        graph.forEach((from, to) -> {
            if (to.contains(ROOT)) assertThat(from).as("a package that depends on the wiring class").isIn("org.athanor.cli", "org.athanor.web");
        });
    }

    @Test @DisplayName("setup.backup no longer depends on setup.check (the cycle of issue 12)")
    void backupDoesNotDependOnCheck() {
        assertThat(graph.getOrDefault("org.athanor.setup.backup", Set.of())).doesNotContain("org.athanor.setup.check");
    }

    /** Return the strongly connected groups of two or more packages, leaving out {@code without} (Tarjan's algorithm). */
    static List<Set<String>> cycles(Set<String> without) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        List<Set<String>> found = new ArrayList<>();
        for (String p : graph.keySet()) {
            if (!without.contains(p) && !index.containsKey(p)) connect(p, without, index, low, stack, found);
        }
        return found;
    }

    private static void connect(String v, Set<String> without, Map<String, Integer> index, Map<String, Integer> low,
                                Deque<String> stack, List<Set<String>> found) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (without.contains(w)) continue;
            if (!index.containsKey(w)) {
                connect(w, without, index, low, stack, found);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (stack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> group = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                group.add(w);
            } while (!w.equals(v));
            if (group.size() > 1) found.add(group);
        }
    }
}
