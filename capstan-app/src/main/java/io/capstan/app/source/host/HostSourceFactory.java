package io.capstan.app.source.host;

import io.capstan.app.input.NearMiss;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.source.SourceFactory;

/**
 * {@code host}: the machine Capstan runs on (runbook 000, a single VM). A metric writes {@code source: {host: cpu}};
 * the names are in {@link HostMetric}. The source has no settings: a {@code sources.host} section must be empty.
 */
public final class HostSourceFactory implements SourceFactory {
    @Override
    public String type() {
        return "host";
    }

    @Override
    public String doc() {
        return "CPU, memory, disk, load and network of this machine";
    }

    @Override
    public String query(Node spelling, Problems problems) {
        if (!(spelling instanceof Node.Scalar s) || s.kind() != Node.ScalarKind.TEXT) {
            problems.add(spelling, "expected a host metric (" + HostMetric.SPELLINGS + "), found " + spelling.describe());
            return null;
        }
        String why = HostMetric.whyNot(s.text().strip());
        if (why != null) {
            problems.add(spelling, why + NearMiss.suggestion(s.text().strip(), HostMetric.NAMES));
            return null;
        }
        return s.text().strip();
    }

    @Override
    public Configured read(Node.Mapping section, Node usedAt, Problems problems) {
        if (section != null && !section.entries().isEmpty()) {
            Node.Entry e = section.entries().values().iterator().next();
            problems.add(e.line(), e.column(), Node.child(section.path(), e.key()), "unknown field '" + e.key()
                    + "'; the host source has no settings");
            return null;
        }
        return HostSource::new;
    }
}
