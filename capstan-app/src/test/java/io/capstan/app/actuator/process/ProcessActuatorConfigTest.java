package io.capstan.app.actuator.process;

import io.capstan.app.actuator.Actuators;
import io.capstan.app.input.InputLimits;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problem;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Tree;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code actuator: {type: process, ...}} section: what it accepts, and each mistake at its line and column. */
class ProcessActuatorConfigTest {

    private static Node.Mapping section(String yaml, Problems problems) {
        return (Node.Mapping) Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems).get(0);
    }

    private static PoolSettings settings(String yaml) {
        Problems problems = new Problems(Path.of("pool.yaml"));
        PoolSettings s = ProcessActuatorFactory.settings(section(yaml, problems), problems);
        assertThat(problems.list()).isEmpty();
        return s;
    }

    /** Every problem reading the section through the registry, as printed. */
    private static List<String> problems(String yaml) {
        Problems problems = new Problems(Path.of("pool.yaml"));
        Node node = Tree.read(yaml, Tree.Format.YAML, InputLimits.DEFAULT, problems).get(0);
        assertThat(Actuators.installed().read(node, problems)).isNull();
        return problems.list().stream().map(Problem::toString).toList();
    }

    @Test
    void theIssuesSpellingParsesWithTheDefaults() {
        PoolSettings s = settings("{type: process, command: [\"sh\", \"-c\", \"exec sleep 3600\"], gracePeriod: 10s}");
        assertThat(s.command()).containsExactly("sh", "-c", "exec sleep 3600");
        assertThat(s.gracePeriod()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.env()).isEmpty();
        assertThat(s.portBase()).isNull();
        assertThat(s.readiness()).isNull();
        assertThat(s.restart().backoff().initial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.restart().backoff().max()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.restart().resetAfter()).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.restart().crashLoopAfter()).isEqualTo(3);
    }

    @Test
    void theProcessTypeIsFoundThroughServiceLoader() {
        assertThat(Actuators.installed().types()).contains("process");
    }

    @Test
    void everyKeyIsRead() {
        PoolSettings s = settings("""
                type: process
                command: [./server, --port, 8000]
                env: {MODE: worker, THREADS: 4}
                workingDirectory: /srv/app
                gracePeriod: 30s
                port: {base: 9000}
                readiness: {http: 'http://127.0.0.1:${PORT}/ready', interval: 2s, timeout: 500ms}
                restart: {backoff: 2s, maxBackoff: 5m, resetAfter: 10m, crashLoopAfter: 5}
                logDirectory: /var/log/web
                """);
        assertThat(s.command()).containsExactly("./server", "--port", "8000");
        assertThat(s.env()).isEqualTo(Map.of("MODE", "worker", "THREADS", "4"));
        assertThat(s.workingDirectory()).isEqualTo(Path.of("/srv/app"));
        assertThat(s.gracePeriod()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.portBase()).isEqualTo(9000);
        assertThat(s.readiness()).isEqualTo(new Readiness.Http("http://127.0.0.1:${PORT}/ready", Duration.ofSeconds(2), Duration.ofMillis(500)));
        assertThat(((Readiness.Http) s.readiness()).urlFor(Map.of("PORT", "9003"))).isEqualTo("http://127.0.0.1:9003/ready");
        assertThat(s.restart().backoff().initial()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.restart().backoff().max()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.restart().resetAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.restart().crashLoopAfter()).isEqualTo(5);
        assertThat(s.logDirectory()).isEqualTo(Path.of("/var/log/web"));
    }

    @Test
    void aReadinessCommandRunsInTheMembersDirectory() {
        PoolSettings s = settings("{type: process, command: [sleep, 60], workingDirectory: /tmp, readiness: {command: [test, -f, ready]}}");
        assertThat(s.readiness()).isEqualTo(new Readiness.Command(List.of("test", "-f", "ready"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Path.of("/tmp")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an unknown key           | {type: process, command: [sleep, 60], gracePeriods: 5s} | pool.yaml:1:39: gracePeriods: unknown field 'gracePeriods'; did you mean 'gracePeriod'? Accepted fields: type, command, env, workingDirectory, gracePeriod, port, readiness, restart, logDirectory
            a command as one string  | {type: process, command: 'sleep 60'}                   | pool.yaml:1:26: command: expected the command as a list of words such as ["sh", "-c", "exec my-server"], found text 'sleep 60'; write each word as an item, or a shell line as ["sh", "-c", "sleep 60"]
            an empty command         | {type: process, command: []}                           | pool.yaml:1:26: command: expected the command as a list of words such as ["sh", "-c", "exec my-server"], found an empty list
            an empty program name    | {type: process, command: ['', x]}                      | pool.yaml:1:27: command[0]: the program name of the command is empty
            a map inside a command   | {type: process, command: [sh, {a: b}]}                 | pool.yaml:1:31: command[1]: expected a word of the command, found a map
            no command               | {type: process}                                        | pool.yaml:1:1: missing required field 'command' (the program and its arguments, as a list: ["sh", "-c", "exec my-server"])
            a negative grace period  | {type: process, command: [sleep, 60], gracePeriod: -1s} | pool.yaml:1:52: gracePeriod: expected a duration of zero or more, found -1s
            a grace period as a word | {type: process, command: [sleep, 60], gracePeriod: soon} | pool.yaml:1:52: gracePeriod: expected a duration such as 90s, 5m or 1h30m, found 'soon'
            an unknown type          | {type: proces, command: [sleep, 60]}                   | pool.yaml:1:8: type: unknown actuator type 'proces'; did you mean 'process'? Known types: process (a pool of local processes, one per replica)
            no type                  | {command: [sleep, 60]}                                 | pool.yaml:1:1: missing required field 'type' (which kind of actuator: process)
            a type that is a number  | {type: 5, command: [sleep, 60]}                        | pool.yaml:1:8: type: expected an actuator type, found the number 5
            a port out of range      | {type: process, command: [sleep, 60], port: {base: 70000}} | pool.yaml:1:52: port.base: expected a whole number from 1 to 65535, found 70000
            a port as a number       | {type: process, command: [sleep, 60], port: 9000}      | pool.yaml:1:45: port: expected {base: <port>}, found the number 9000
            env setting the member   | {type: process, command: [sleep, 60], env: {CAPSTAN_MEMBER: 1}} | pool.yaml:1:45: env.CAPSTAN_MEMBER: CAPSTAN_MEMBER is set by Capstan to each member's number (0, 1, ...)
            env setting the pool id  | {type: process, command: [sleep, 60], env: {CAPSTAN_POOL: x}} | pool.yaml:1:45: env.CAPSTAN_POOL: CAPSTAN_POOL is set by Capstan to the pool's id, by which it finds its members
            env with a bad name      | {type: process, command: [sleep, 60], env: {1X: a}}    | pool.yaml:1:45: env.1X: '1X' is not a variable name: letters, digits and _, not starting with a digit
            env and port both PORT   | {type: process, command: [sleep, 60], env: {PORT: 1}, port: {base: 9000}} | pool.yaml:1:44: env: env sets PORT, which port: {base} sets per member; keep one of them
            readiness with neither   | {type: process, command: [sleep, 60], readiness: {interval: 1s}} | pool.yaml:1:50: readiness: a readiness check has exactly one of 'command' or 'http', found neither
            readiness with both      | {type: process, command: [sleep, 60], readiness: {command: [true], http: 'http://x/'}} | pool.yaml:1:50: readiness: a readiness check has exactly one of 'command' or 'http', found both
            a URL without a port     | {type: process, command: [sleep, 60], readiness: {http: 'http://127.0.0.1:${PORT}/'}} | pool.yaml:1:57: readiness.http: the URL uses ${PORT} but members get no PORT; add port: {base: <port>}
            a URL with a typo        | {type: process, command: [sleep, 60], port: {base: 9000}, readiness: {http: 'http://127.0.0.1:${PROT}/'}} | pool.yaml:1:77: readiness.http: unknown placeholder ${PROT} in the URL; it may use ${PORT} and ${CAPSTAN_MEMBER}
            a URL that is not http   | {type: process, command: [sleep, 60], readiness: {http: 'ftp://host/'}} | pool.yaml:1:57: readiness.http: expected an http:// or https:// URL with a host, such as http://127.0.0.1:${PORT}/ready, found 'ftp://host/'
            a zero check interval    | {type: process, command: [sleep, 60], readiness: {command: [true], interval: 0s}} | pool.yaml:1:78: readiness.interval: expected a positive duration, found 0s
            a backoff above its cap  | {type: process, command: [sleep, 60], restart: {backoff: 2m, maxBackoff: 1m}} | pool.yaml:1:74: restart.maxBackoff: maxBackoff 1m is below backoff 2m
            a backoff above the default cap | {type: process, command: [sleep, 60], restart: {backoff: 2m}} | pool.yaml:1:58: restart.backoff: backoff 2m is above the default maxBackoff of 1m; set maxBackoff too
            an unknown restart key   | {type: process, command: [sleep, 60], restart: {backof: 2s}} | pool.yaml:1:49: restart.backof: unknown field 'backof'; did you mean 'backoff'? Accepted fields: backoff, maxBackoff, resetAfter, crashLoopAfter
            an empty log directory   | {type: process, command: [sleep, 60], logDirectory: ''} | pool.yaml:1:53: logDirectory: expected a path, found an empty one
            not a map                | [process]                                              | pool.yaml:1:1: expected an actuator {type: process, ...}, found a list
            """)
    void eachMistakeIsOneLocatedProblem(String what, String yaml, String expected) {
        assertThat(problems(yaml)).as(what).containsExactly(expected);
    }
}
