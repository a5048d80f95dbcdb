package io.capstan.app.source.host;

import java.nio.file.Path;
import java.util.List;

/** The host source's metric names, as a metric writes them in {@code source: {host: <name>}}. */
final class HostMetric {
    private HostMetric() {}

    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String LOAD1 = "load1";
    static final String LOAD5 = "load5";
    static final String LOAD15 = "load15";
    static final String NETWORK_IN = "network.in";
    static final String NETWORK_OUT = "network.out";
    static final String NETWORK_PREFIX = "network.";
    static final String DISK_PREFIX = "disk:";

    static final List<String> NAMES = List.of(CPU, MEMORY, LOAD1, LOAD5, LOAD15, NETWORK_IN, NETWORK_OUT, "disk:/");
    static final String SPELLINGS = "cpu, memory, load1, load5, load15, network.in, network.out or disk:<path>";

    /** Null when {@code name} is a host metric, else why not. */
    static String whyNot(String name) {
        if (name.startsWith(DISK_PREFIX)) {
            String path = name.substring(DISK_PREFIX.length());
            return path.startsWith("/") && isPath(path) ? null
                    : "disk needs an absolute path of the file system to measure, e.g. disk:/ or disk:/var/lib, found '" + name + "'";
        }
        return NAMES.contains(name) && !name.startsWith(DISK_PREFIX) ? null
                : "unknown host metric '" + name + "'; expected " + SPELLINGS;
    }

    private static boolean isPath(String path) {
        try {
            Path.of(path);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
