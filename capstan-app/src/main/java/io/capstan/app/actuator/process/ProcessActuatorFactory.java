package io.capstan.app.actuator.process;

import io.capstan.app.actuator.ActuatorFactory;
import io.capstan.app.actuator.Actuators;
import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.core.spi.Backoff;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code actuator: {type: process, command: [...], ...}}: a pool of local processes, one per replica. The keys, with
 * their defaults, are declared here once; docs/run.md explains them.
 */
public final class ProcessActuatorFactory implements ActuatorFactory {
    static final String TYPE = "process";

    /** What members see set by Capstan; a config's {@code env} may not set them. */
    static final String MEMBER_VARIABLE = "CAPSTAN_MEMBER";
    static final String POOL_VARIABLE = "CAPSTAN_POOL";
    static final String PORT_VARIABLE = "PORT";
    /** The {@code ${...}} names an HTTP readiness URL may use. */
    static final List<String> PLACEHOLDERS = List.of(PORT_VARIABLE, MEMBER_VARIABLE);

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");
    private static final String COMMAND_EXAMPLE = "[\"sh\", \"-c\", \"exec my-server\"]";

    static final Field<List<String>> COMMAND = Field.required("command", command("the command"),
            "the program and its arguments, as a list: " + COMMAND_EXAMPLE);
    static final Field<Node.Mapping> ENV = Field.optional("env", Types.mapping("a map of variable name to value"),
            "variables added to Capstan's own environment for every member");
    static final Field<Path> WORKING_DIRECTORY = Field.optional("workingDirectory", path(), "where members run (default: Capstan's)");
    static final Field<Duration> GRACE_PERIOD = Field.optional("gracePeriod", Types.duration(Duration.ZERO), Duration.ofSeconds(10),
            "how long a member may take to exit after SIGTERM before it gets SIGKILL");
    static final Field<Node.Mapping> PORT = Field.optional("port", Types.mapping("{base: <port>}"),
            "{base: N} gives member k the variable PORT=N+k");
    static final Field<Node.Mapping> READINESS = Field.optional("readiness", Types.mapping("{command: [...]} or {http: <url>}"),
            "when a running member counts as ready (default: as soon as it runs)");
    static final Field<Node.Mapping> RESTART = Field.optional("restart", Types.mapping("{backoff, maxBackoff, resetAfter, crashLoopAfter}"),
            "how crashed members are restarted");
    static final Field<Path> LOG_DIRECTORY = Field.optional("logDirectory", path(),
            "where member-<k>.log files go (default: <data>/process/<target>/logs)");
    static final Schema POOL = Schema.of("a process actuator {type: process, command: [...], ...}", Actuators.TYPE, COMMAND, ENV,
            WORKING_DIRECTORY, GRACE_PERIOD, PORT, READINESS, RESTART, LOG_DIRECTORY);

    static final Field<Integer> PORT_BASE = Field.required("base", Types.integer(1, 65535), "the port of member 0");
    static final Schema PORTS = Schema.of("the port settings {base: <port>}", PORT_BASE);

    static final Field<List<String>> CHECK_COMMAND = Field.optional("command", command("the readiness command"),
            "ready when this exits 0; runs with the member's environment");
    static final Field<String> CHECK_HTTP = Field.optional("http", Types.string("a URL"),
            "ready when a GET answers 2xx or 3xx; ${PORT} and ${CAPSTAN_MEMBER} are replaced per member");
    static final Field<Duration> CHECK_INTERVAL = Field.optional("interval", Types.duration(Duration.ofMillis(1)), Duration.ofSeconds(1),
            "how often each member is checked");
    static final Field<Duration> CHECK_TIMEOUT = Field.optional("timeout", Types.duration(Duration.ofMillis(1)), Duration.ofSeconds(1),
            "how long one check may take before it counts as failed");
    static final Schema READINESS_CHECK = Schema.of("a readiness check {command: [...]} or {http: <url>}", CHECK_COMMAND, CHECK_HTTP,
            CHECK_INTERVAL, CHECK_TIMEOUT);

    static final Field<Duration> BACKOFF = Field.optional("backoff", Types.duration(Duration.ofMillis(1)), Duration.ofSeconds(1),
            "the wait before the first restart; it doubles with each crash in a row");
    static final Field<Duration> MAX_BACKOFF = Field.optional("maxBackoff", Types.duration(Duration.ofMillis(1)), Duration.ofMinutes(1),
            "the longest wait before a restart");
    static final Field<Duration> RESET_AFTER = Field.optional("resetAfter", Types.duration(Duration.ofMillis(1)), Duration.ofMinutes(1),
            "a member that ran this long counts its crashes from zero again");
    static final Field<Integer> CRASH_LOOP_AFTER = Field.optional("crashLoopAfter", Types.integer(1, 1000), 3,
            "from this many crashes in a row on, the member is reported as crash-looping");
    static final Schema RESTART_POLICY = Schema.of("the restart policy {backoff, maxBackoff, resetAfter, crashLoopAfter}", BACKOFF,
            MAX_BACKOFF, RESET_AFTER, CRASH_LOOP_AFTER);

    @Override
    public List<String> leftRunning(io.capstan.core.spi.ActuatorRecord record) {
        if (!record.kind().equals("process/" + record.target())) return List.of();
        PoolRecord pool;
        try {
            pool = PoolRecord.decode(record.payload());
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        List<String> running = new java.util.ArrayList<>();
        for (PoolRecord.Member m : pool.members()) {
            if (ProcessHandle.of(m.pid()).filter(ProcessTree::runs).filter(m::is).isPresent()) {
                running.add("member " + m.index() + " (pid " + m.pid() + ")");
            }
        }
        return running;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String doc() {
        return "a pool of local processes, one per replica";
    }

    @Override
    public Configured read(Node.Mapping section, Problems problems) {
        PoolSettings settings = settings(section, problems);
        if (settings == null) return null;
        Fields f = POOL.open(section, new Problems(null));
        return new Pool(settings, f.node(COMMAND), f.path(COMMAND), f.node(WORKING_DIRECTORY), f.path(WORKING_DIRECTORY),
                f.has(PORT) ? f.node(PORT) : null, f.has(PORT) ? f.path(PORT) : null);
    }

    /** A pool's settings with where their keys are written, for the checks that need the target or the machine. */
    private record Pool(PoolSettings settings, Node commandAt, String commandPath, Node directoryAt, String directoryPath,
                        Node portAt, String portPath) implements Configured {
        @Override
        public io.capstan.core.spi.Actuator open(io.capstan.app.actuator.ActuatorContext context) {
            return ProcessPool.open(settings, context);
        }

        @Override
        public void check(int maxReplicas, Problems problems) {
            Integer base = settings.portBase();
            if (base != null && (long) base + maxReplicas - 1 > 65535) {
                problems.add(portAt, portPath, "member " + (maxReplicas - 1) + " (of max " + maxReplicas + ") would get port "
                        + ((long) base + maxReplicas - 1) + ", above 65535; use a base of at most " + (65535 - maxReplicas + 1));
            }
        }

        @Override
        public void preflight(Problems problems) {
            String missing = settings.missingHere();
            if (missing == null) return;
            boolean directory = missing.startsWith("working directory");
            problems.add(directory ? directoryAt : commandAt, directory ? directoryPath : commandPath, missing + " on this machine");
        }
    }

    /** The pool's settings, or null with every problem reported. */
    static PoolSettings settings(Node.Mapping section, Problems problems) {
        int before = problems.count();
        Fields f = POOL.open(section, problems);
        List<String> command = f.get(COMMAND);
        Map<String, String> env = f.has(ENV) ? env(f.get(ENV), problems) : Map.of();
        Path workingDirectory = f.get(WORKING_DIRECTORY);
        Duration grace = f.get(GRACE_PERIOD);
        Integer portBase = null;
        if (f.has(PORT) && f.get(PORT) != null) {
            Fields p = PORTS.open(f.get(PORT), problems);
            portBase = p.get(PORT_BASE);
        }
        if (env.containsKey(PORT_VARIABLE) && f.has(PORT)) {
            problems.add(f.node(ENV), f.path(ENV), "env sets PORT, which port: {base} sets per member; keep one of them");
        }
        Readiness readiness = f.has(READINESS) && f.get(READINESS) != null
                ? readiness(f.get(READINESS), portBase != null || env.containsKey(PORT_VARIABLE), workingDirectory, problems) : null;
        PoolSettings.Restart restart = restart(f.has(RESTART) ? f.get(RESTART) : null, problems);
        Path logs = f.get(LOG_DIRECTORY);
        if (problems.count() > before) return null;
        return new PoolSettings(command, env, workingDirectory, grace, portBase, readiness, restart, logs);
    }

    private static Map<String, String> env(Node.Mapping map, Problems problems) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Node.Entry e : map.entries().values()) {
            String at = Node.child(map.path(), e.key());
            if (!ENV_NAME.matcher(e.key()).matches()) {
                problems.add(e.line(), e.column(), at, "'" + e.key() + "' is not a variable name: letters, digits and _, not starting with a digit");
            } else if (e.key().equals(MEMBER_VARIABLE)) {
                problems.add(e.line(), e.column(), at, MEMBER_VARIABLE + " is set by Capstan to each member's number (0, 1, ...)");
            } else if (e.key().equals(POOL_VARIABLE)) {
                problems.add(e.line(), e.column(), at, POOL_VARIABLE + " is set by Capstan to the pool's id, by which it finds its members");
            } else {
                String value = Types.text().read(e.value(), problems);
                if (value != null) env.put(e.key(), value);
            }
        }
        return env;
    }

    private static Readiness readiness(Node.Mapping map, boolean hasPort, Path workingDirectory, Problems problems) {
        int before = problems.count();
        Fields f = READINESS_CHECK.open(map, problems);
        if (f.has(CHECK_COMMAND) == f.has(CHECK_HTTP)) {
            problems.add(map, "a readiness check has exactly one of 'command' or 'http', found "
                    + (f.has(CHECK_COMMAND) ? "both" : "neither"));
            return null;
        }
        Duration interval = f.get(CHECK_INTERVAL);
        Duration timeout = f.get(CHECK_TIMEOUT);
        if (f.has(CHECK_COMMAND)) {
            List<String> command = f.get(CHECK_COMMAND);
            return problems.count() > before ? null : new Readiness.Command(command, interval, timeout, workingDirectory);
        }
        String url = f.get(CHECK_HTTP);
        if (url != null && checkUrl(url, hasPort, f.node(CHECK_HTTP), problems) && problems.count() == before) {
            return new Readiness.Http(url, interval, timeout);
        }
        return null;
    }

    private static boolean checkUrl(String url, boolean hasPort, Node at, Problems problems) {
        Matcher m = PLACEHOLDER.matcher(url);
        String probe = url;
        while (m.find()) {
            String name = m.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                problems.add(at, "unknown placeholder ${" + name + "} in the URL; it may use ${PORT} and ${CAPSTAN_MEMBER}");
                return false;
            }
            if (name.equals(PORT_VARIABLE) && !hasPort) {
                problems.add(at, "the URL uses ${PORT} but members get no PORT; add port: {base: <port>}");
                return false;
            }
            probe = probe.replace(m.group(), "1");
        }
        try {
            URI uri = new URI(probe);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                problems.add(at, "expected an http:// or https:// URL with a host, such as http://127.0.0.1:${PORT}/ready, found '" + url + "'");
                return false;
            }
            return true;
        } catch (URISyntaxException e) {
            problems.add(at, "not a URL: " + e.getMessage());
            return false;
        }
    }

    private static PoolSettings.Restart restart(Node.Mapping map, Problems problems) {
        Duration backoff = BACKOFF.defaultValue();
        Duration max = MAX_BACKOFF.defaultValue();
        Duration reset = RESET_AFTER.defaultValue();
        Integer crashLoop = CRASH_LOOP_AFTER.defaultValue();
        if (map != null) {
            Fields f = RESTART_POLICY.open(map, problems);
            backoff = f.get(BACKOFF);
            max = f.get(MAX_BACKOFF);
            reset = f.get(RESET_AFTER);
            crashLoop = f.get(CRASH_LOOP_AFTER);
            if (backoff != null && max != null && max.compareTo(backoff) < 0) {
                String b = io.capstan.core.model.Durations.format(backoff);
                String m = io.capstan.core.model.Durations.format(max);
                if (f.has(MAX_BACKOFF)) problems.add(f.node(MAX_BACKOFF), f.path(MAX_BACKOFF), "maxBackoff " + m + " is below backoff " + b);
                else problems.add(f.node(BACKOFF), f.path(BACKOFF), "backoff " + b + " is above the default maxBackoff of " + m + "; set maxBackoff too");
                return null;
            }
        }
        if (backoff == null || max == null || reset == null || crashLoop == null) return null;
        return new PoolSettings.Restart(Backoff.exponential(backoff, max, 0), reset, crashLoop);
    }

    /** A command: a list of words, the first (the program) not empty. */
    private static Type<List<String>> command(String what) {
        String expected = "a list of words such as " + COMMAND_EXAMPLE;
        return new Type<>() {
            @Override
            public List<String> read(Node node, Problems problems) {
                if (node instanceof Node.Scalar s && s.kind() == Node.ScalarKind.TEXT) {
                    problems.add(node, "expected " + what + " as " + expected + ", found " + node.describe()
                            + "; write each word as an item, or a shell line as [\"sh\", \"-c\", \"" + s.text() + "\"]");
                    return null;
                }
                if (!(node instanceof Node.Sequence seq)) {
                    problems.add(node, "expected " + what + " as " + expected + ", found " + node.describe());
                    return null;
                }
                if (seq.items().isEmpty()) {
                    problems.add(node, "expected " + what + " as " + expected + ", found an empty list");
                    return null;
                }
                List<String> words = new ArrayList<>();
                for (Node item : seq.items()) {
                    if (!(item instanceof Node.Scalar s) || !s.isValue()) {
                        problems.add(item, "expected a word of " + what + ", found " + item.describe());
                        return null;
                    }
                    words.add(s.text());
                }
                if (words.get(0).isBlank()) {
                    problems.add(seq.items().get(0), "the program name of " + what + " is empty");
                    return null;
                }
                return words;
            }

            @Override
            public String expected() {
                return expected;
            }
        };
    }

    private static Type<Path> path() {
        return Types.string("a path").map(text -> {
            if (text.isBlank()) throw new IllegalArgumentException("expected a path, found an empty one");
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a path: " + e.getMessage());
            }
        });
    }
}
