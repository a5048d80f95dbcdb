package io.capstan.app.source;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.core.spi.SeriesRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The polled source types installed, by name, and the reader of a config's {@code sources:} section and of each
 * metric's {@code source:}. A metric's {@code source:} is written {@code {<type>: <spelling>}}; a bare word
 * ({@code source: push}) names a type that needs no spelling and is left to whoever handles that type.
 */
public final class Sources {
    /** The top-level key holding each source type's settings. */
    public static final String SECTION = "sources";
    /** The key of a metric's source. */
    public static final String METRIC_KEY = "source";
    /**
     * Sources written as a bare word that deliver samples on their own instead of being polled ({@code source: push},
     * the push endpoint). They are read here so a typo is caught, and left to the part that receives them.
     */
    public static final List<String> DELIVERING = List.of("push");

    private final Map<String, SourceFactory> byType;

    private Sources(Map<String, SourceFactory> byType) {
        this.byType = byType;
    }

    /** Every factory registered through {@link ServiceLoader} on the class path. */
    public static Sources installed() {
        return of(ServiceLoader.load(SourceFactory.class, Sources.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList());
    }

    static Sources of(List<SourceFactory> factories) {
        Map<String, SourceFactory> m = new TreeMap<>();
        for (SourceFactory f : factories) {
            SourceFactory earlier = m.putIfAbsent(f.type(), f);
            if (earlier != null) {
                throw new IllegalStateException("two sources registered as '" + f.type() + "': "
                        + earlier.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return new Sources(m);
    }

    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    /** A metric's source as read: its type and the query its requests carry; {@code at} is where it was written. */
    public record Spelling(String type, String query, Node at) {}

    /**
     * One metric of one target fed by a polled source: the request to put in each poll of its source.
     *
     * @param request the series to ask for
     * @param type    which source answers it
     */
    public record Binding(SeriesRequest request, String type) {}

    /**
     * What a whole config says about polled sources: each type in use, ready to open, and every metric they feed.
     *
     * @param sources  by type, only the types some metric uses
     * @param bindings in file order
     */
    public record Config(Map<String, SourceFactory.Configured> sources, List<Binding> bindings) {
        public Config {
            sources = Map.copyOf(sources);
            bindings = List.copyOf(bindings);
        }
    }

    /**
     * Reads a metric's {@code source:} value. A bare word names a type taken as is (a pushed metric); a map has
     * exactly one key, the type, whose factory reads the spelling under it.
     *
     * @return the spelling, or null with every problem reported
     */
    public Spelling metric(Node node, Problems problems) {
        if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.TEXT) {
            SourceFactory f = byType.get(s.text());
            if (f != null) {
                problems.add(node, "source " + s.text() + " needs to be told what to read: write {" + s.text() + ": ...}");
                return null;
            }
            if (!DELIVERING.contains(s.text())) {
                List<String> words = new ArrayList<>(DELIVERING);
                words.addAll(byType.keySet());
                problems.add(node, "unknown source '" + s.text() + "'" + NearMiss.suggestion(s.text(), words)
                        + " Write push for pushed samples, or {<type>: <what to read>} with a type of " + String.join(", ", byType.keySet()));
                return null;
            }
            return new Spelling(s.text(), "", node);
        }
        if (!(node instanceof Node.Mapping m) || m.entries().size() != 1) {
            problems.add(node, "expected a source {<type>: <what to read>} with one of the types " + String.join(", ", byType.keySet())
                    + ", found " + (node instanceof Node.Mapping m && m.entries().isEmpty() ? "an empty map"
                    : node instanceof Node.Mapping mm ? "the keys " + String.join(", ", mm.entries().keySet()) : node.describe()));
            return null;
        }
        Node.Entry e = m.entries().values().iterator().next();
        SourceFactory f = byType.get(e.key());
        if (f == null) {
            problems.add(e.line(), e.column(), Node.child(m.path(), e.key()), unknownType(e.key()));
            return null;
        }
        String query = f.query(e.value(), problems);
        return query == null ? null : new Spelling(f.type(), query, e.value());
    }

    /**
     * Reads a whole config: every {@code targets[i].metrics.<name>.source} and the {@code sources:} sections of the
     * types they use. Other keys are the policy reader's business and are not looked at, except that a
     * {@code sources:} section for a type no metric uses, or for no installed type, is reported.
     *
     * @return the sources and bindings, or null with every problem reported
     */
    public Config read(Node root, Problems problems) {
        int before = problems.count();
        if (!(root instanceof Node.Mapping doc)) return null;
        List<Binding> bindings = new ArrayList<>();
        Map<String, Node> firstUse = new LinkedHashMap<>();
        if (doc.get("targets") instanceof Node.Sequence targets) {
            for (Node t : targets.items()) {
                if (!(t instanceof Node.Mapping target) || !(target.get("name") instanceof Node.Scalar name) || !name.isValue()
                        || !(target.get("metrics") instanceof Node.Mapping metrics)) continue;
                for (Node.Entry metric : metrics.entries().values()) {
                    if (!(metric.value() instanceof Node.Mapping settings) || settings.get(METRIC_KEY) == null) continue;
                    Node source = settings.get(METRIC_KEY);
                    // A type is in use even when its spelling is wrong: its section is read, not called unused.
                    if (source instanceof Node.Mapping m && m.entries().size() == 1) {
                        Node.Entry e = m.entries().values().iterator().next();
                        if (byType.containsKey(e.key())) firstUse.putIfAbsent(e.key(), e.value());
                    }
                    Spelling s = metric(source, problems);
                    if (s == null || !byType.containsKey(s.type())) continue;
                    bindings.add(new Binding(new SeriesRequest(name.text(), metric.key(), s.query()), s.type()));
                }
            }
        }
        Node.Mapping sections = sections(doc.get(SECTION), firstUse, problems);
        Map<String, SourceFactory.Configured> configured = new TreeMap<>();
        for (Map.Entry<String, Node> use : firstUse.entrySet()) {
            Node section = sections == null ? null : sections.get(use.getKey());
            if (section != null && !(section instanceof Node.Mapping)) {
                if (!(section instanceof Node.Scalar sc && sc.isNull())) {
                    problems.add(section, "expected the settings of source " + use.getKey() + " as a map, found " + section.describe());
                    continue;
                }
                section = null;
            }
            SourceFactory.Configured c = byType.get(use.getKey()).read((Node.Mapping) section, use.getValue(), problems);
            if (c != null) configured.put(use.getKey(), c);
        }
        return problems.count() > before ? null : new Config(configured, bindings);
    }

    /** The {@code sources:} map, having reported sections for unknown types and for types no metric uses. */
    private Node.Mapping sections(Node node, Map<String, Node> used, Problems problems) {
        if (node == null || node instanceof Node.Scalar s && s.isNull()) return null;
        if (!(node instanceof Node.Mapping m)) {
            problems.add(node, "expected the sources' settings {" + String.join(", ", byType.keySet()) + "}, found " + node.describe());
            return null;
        }
        for (Node.Entry e : m.entries().values()) {
            if (!byType.containsKey(e.key())) {
                problems.add(e.line(), e.column(), Node.child(m.path(), e.key()), unknownType(e.key()));
            } else if (!used.containsKey(e.key())) {
                problems.warn(e.value(), "no metric reads from source " + e.key() + "; its settings are not used");
            }
        }
        return m;
    }

    private String unknownType(String name) {
        String near = NearMiss.suggestion(name, byType.keySet());
        return "unknown source type '" + name + "'" + (near.isEmpty() ? "; known types: " : near + " Known types: ") + describeTypes();
    }

    private String describeTypes() {
        StringBuilder b = new StringBuilder();
        byType.forEach((type, f) -> b.append(b.isEmpty() ? "" : ", ").append(type).append(" (").append(f.doc()).append(')'));
        return b.toString();
    }
}
