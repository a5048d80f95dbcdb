package io.capstan.app.actuator.process;

import io.capstan.core.model.Durations;
import io.capstan.core.spi.Backoff;
import io.capstan.core.spi.Capacity;
import io.capstan.core.spi.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The process pool against real processes: {@code sh}, {@code sleep}, and a JVM for the HTTP check. */
class ProcessPoolTest {
    @TempDir
    Path dir;
    PoolFixture pools;
    Path out;

    @BeforeEach
    void setUp() throws IOException {
        pools = new PoolFixture(dir.resolve("data"));
        out = Files.createDirectories(dir.resolve("out"));
    }

    @AfterEach
    void killEverything() {
        pools.close();
    }

    private String sleeper(String extra) {
        return "{type: process, command: [sh, -c, 'exec sleep 3600'], gracePeriod: 5s" + extra + "}";
    }

    private static Map<Integer, Long> pidsByMember(ProcessPool pool) {
        return pool.members().stream().collect(Collectors.toMap(ProcessPool.MemberView::index, ProcessPool.MemberView::pid));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void scalingOutStartsMembersEachWithItsNumberPortAndEnvironmentAndALogFile() throws IOException {
        int base = PoolFixture.freePortPair();
        ProcessPool pool = pools.open("{type: process, command: [sh, -c, 'echo \"$CAPSTAN_MEMBER $PORT $GREETING\" > \"$OUT/env-$CAPSTAN_MEMBER\";"
                + " echo hello from $CAPSTAN_MEMBER; exec sleep 3600'], env: {OUT: '" + out + "', GREETING: hi}, port: {base: " + base + "}}");

        Outcome o = pools.apply(pool, "d1", 2);

        assertThat(o).isInstanceOf(Outcome.Applied.class);
        Outcome.Applied applied = (Outcome.Applied) o;
        assertThat(applied.before()).isZero();
        assertThat(applied.after()).isEqualTo(2);
        assertThat(applied.changes()).hasSize(2).allMatch(c -> c.startsWith("started member "));
        await().untilAsserted(() -> {
            assertThat(out.resolve("env-0")).hasContent("0 " + base + " hi");
            assertThat(out.resolve("env-1")).hasContent("1 " + (base + 1) + " hi");
            assertThat(pool.logFile(1)).content().contains("hello from 1");
        });
        Capacity c = pool.observe();
        assertThat(List.of(c.desired(), c.current(), c.ready())).containsExactly(2, 2, 2);
        assertThat(c.notes()).isEmpty();
    }

    @Test
    void targetsWhoseNamesDifferOnlyOutsideAsciiKeepTheirLogsApart() throws IOException {
        String echo = "{type: process, command: [sh, -c, 'echo I am $CAPSTAN_TARGET; exec sleep 3600'], gracePeriod: 5s}";
        ProcessPool wo = pools.open(echo.replace("$CAPSTAN_TARGET", "wo-umlaut"), "w\u00f6");
        ProcessPool wa = pools.open(echo.replace("$CAPSTAN_TARGET", "wa-umlaut"), "w\u00e4");
        pools.apply(wo, "d1", 1);
        pools.apply(wa, "d2", 1);
        assertThat(wo.logFile(0)).isNotEqualTo(wa.logFile(0));
        await().untilAsserted(() -> {
            assertThat(wo.logFile(0)).content().contains("I am wo-umlaut").doesNotContain("wa-umlaut");
            assertThat(wa.logFile(0)).content().contains("I am wa-umlaut").doesNotContain("wo-umlaut");
        });
        // an ASCII name keeps the directory it always had
        assertThat(ProcessPool.safe("worker-1.a_b")).isEqualTo("worker-1.a_b");
        assertThat(ProcessPool.safe("a b")).startsWith("a_b~").isNotEqualTo(ProcessPool.safe("a_b"));
    }

    @Test
    void membersRunInASessionOfTheirOwn() {
        ProcessPool pool = pools.open(sleeper(""));
        pools.apply(pool, "d1", 1);
        long pid = pidsByMember(pool).get(0);
        // with setsid the member leads its own process group, so a Ctrl-C to Capstan's group does not reach it
        assertThat(ProcessTree.leadsGroup(pid)).isEqualTo(ProcessTree.SETSID != null);
        assertThat(ProcessTree.leadsGroup(ProcessHandle.current().pid())).isFalse();
    }

    @Test
    void scalingInStopsTheNewestMembersFirstAndKeepsTheOldest() {
        ProcessPool pool = pools.open(sleeper(""));
        pools.apply(pool, "d1", 3);
        Map<Integer, Long> before = pidsByMember(pool);

        Outcome o = pools.apply(pool, "d2", 1);

        assertThat(o.changes()).containsExactly(
                "stopped member 2 (pid " + before.get(2) + "): exited after SIGTERM",
                "stopped member 1 (pid " + before.get(1) + "): exited after SIGTERM");
        assertThat(pidsByMember(pool)).containsExactly(Map.entry(0, before.get(0)));
        assertThat(alive(before.get(0))).isTrue();
        assertThat(alive(before.get(1))).isFalse();
        assertThat(alive(before.get(2))).isFalse();
        assertThat(((Outcome.Applied) o).after()).isEqualTo(1);
        assertThat(pool.observe().current()).isEqualTo(1);
    }

    @Test
    void stoppingAMemberStopsEveryProcessItStarted() {
        ProcessPool pool = pools.open("{type: process, command: [sh, -c, 'sleep 3600 & sleep 3600 & wait'], gracePeriod: 5s}");
        pools.apply(pool, "d1", 1);
        ProcessHandle member = ProcessHandle.of(pidsByMember(pool).get(0)).orElseThrow();
        await().until(() -> member.descendants().count() == 2);
        List<ProcessHandle> tree = member.descendants().toList();
        tree.forEach(h -> pools.track(h.pid()));

        pools.apply(pool, "d2", 0);

        assertThat(member.isAlive()).isFalse();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aMemberIgnoringSigtermIsKilledAfterTheGracePeriod() {
        // the readiness file says the trap is set, so SIGTERM cannot arrive before it
        ProcessPool pool = pools.open("{type: process, command: [sh, -c, 'trap \"\" TERM; touch \"$OUT/trapped-$CAPSTAN_MEMBER\"; exec sleep 3600'],"
                + " env: {OUT: '" + out + "'}, gracePeriod: 300ms,"
                + " readiness: {command: [sh, -c, 'test -f \"$OUT/trapped-$CAPSTAN_MEMBER\"'], interval: 20ms}}");
        pools.apply(pool, "d1", 1);
        await().until(() -> pool.observe().ready() == 1);
        long pid = pidsByMember(pool).get(0);

        Outcome o = pools.apply(pool, "d2", 0);

        assertThat(o.changes()).containsExactly("stopped member 0 (pid " + pid + "): killed with SIGKILL after the grace period of 300ms");
        assertThat(alive(pid)).isFalse();
    }

    @Test
    void aCrashingMemberIsRestartedWithGrowingBackoffAndReportedAsCrashLooping() throws IOException {
        ProcessPool pool = pools.open("{type: process, command: [sh, -c, 'echo start >> \"$OUT/starts-$CAPSTAN_MEMBER\"; exit 3'],"
                + " env: {OUT: '" + out + "'}, restart: {backoff: 20ms, maxBackoff: 80ms, crashLoopAfter: 3}}");

        pools.apply(pool, "d1", 1);

        Path starts = out.resolve("starts-0");
        await().until(() -> Files.exists(starts) && Files.readAllLines(starts).size() >= 5);
        await().until(() -> pool.observe().notes().stream().anyMatch(n -> n.startsWith("member 0 is crash-looping")));
        Backoff backoff = Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(80), 0).withSeed(0);
        for (int n = 1; n <= 4; n++) {
            String wait = "; restarting in " + Durations.format(backoff.delay(n));
            assertThat(pools.events).as("crash %d", n).anyMatch(e -> e.startsWith("web: member 0 (pid ") && e.contains("exited with code 3")
                    && e.contains(wait));
        }
        assertThat(pools.events).anyMatch(e -> e.contains("(crash 2 in a row)"));
        assertThat(pools.events).anyMatch(e -> e.contains("(crash-looping: 3 crashes in a row; see " + pool.logFile(0) + ")"));
        assertThat(pools.events).anyMatch(e -> e.startsWith("web: restarted member 0 (pid "));
        Capacity c = pool.observe();
        assertThat(c.desired()).isEqualTo(1);
        assertThat(c.notes()).anyMatch(n -> n.contains("exited with code 3"));
    }

    @Test
    void processesACrashedMemberLeftBehindAreStoppedBeforeItsRestart() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessTree.SETSID != null, "without setsid a member has no group of its own");
        ProcessPool pool = pools.open("{type: process, command: [sh, -c, 'sleep 3600 & echo $! > \"$OUT/child\"; exit 1'],"
                + " env: {OUT: '" + out + "'}, restart: {backoff: 1h, maxBackoff: 1h}}");
        pools.apply(pool, "d1", 1);

        await().until(() -> pools.events.stream().anyMatch(e -> e.contains("exited with code 1")));
        long child = Long.parseLong(Files.readString(out.resolve("child")).strip());
        pools.track(child);

        await().until(() -> !alive(child));
    }

    @Test
    void aMemberKilledFromOutsideIsRestartedInItsSlotAndRecorded() throws IOException {
        ProcessPool pool = pools.open(sleeper(", restart: {backoff: 10ms}"));
        pools.apply(pool, "d1", 2);
        Map<Integer, Long> before = pidsByMember(pool);

        ProcessHandle.of(before.get(1)).orElseThrow().destroyForcibly();

        await().until(() -> {
            Long now = pidsByMember(pool).get(1);
            return now != null && !now.equals(before.get(1)) && alive(now);
        });
        long restarted = pidsByMember(pool).get(1);
        pools.track(restarted);
        assertThat(pidsByMember(pool).get(0)).isEqualTo(before.get(0));
        assertThat(pools.events).anyMatch(e -> e.startsWith("web: member 1 (pid " + before.get(1) + ") was killed by signal 9"));
        await().until(() -> pool.observe().current() == 2);
        assertThat(pools.state.load("process/web").orElseThrow()).contains("member 1 " + restarted + " ");
    }

    @Test
    void aReadinessCommandDecidesWhichMembersAreReady() throws IOException {
        ProcessPool pool = pools.open(sleeper(", env: {OUT: '" + out + "'},"
                + " readiness: {command: [sh, -c, 'test -f \"$OUT/ready-$CAPSTAN_MEMBER\"'], interval: 20ms}"));
        pools.apply(pool, "d1", 2);

        await().untilAsserted(() -> assertThat(pool.observe().notes())
                .contains("member 1 (pid " + pidsByMember(pool).get(1) + ") is starting: not ready yet (readiness command exited with code 1)"));
        Capacity starting = pool.observe();
        assertThat(List.of(starting.current(), starting.ready())).containsExactly(2, 0);

        Files.createFile(out.resolve("ready-1"));
        await().until(() -> pool.observe().ready() == 1);
        Files.createFile(out.resolve("ready-0"));
        await().until(() -> pool.observe().ready() == 2);
        assertThat(pool.observe().notes()).isEmpty();
        assertThat(pools.events).anyMatch(e -> e.startsWith("web: member 1 (pid ") && e.endsWith(") is ready"));
    }

    @Test
    void anHttpReadinessCheckAsksEachMemberOnItsOwnPort() throws IOException {
        int base = PoolFixture.freePortPair();
        ProcessPool pool = pools.open("{type: process, command: " + PoolFixture.jvmCommand(ReadyServer.class) + ", env: {OUT: '" + out + "'},"
                + " port: {base: " + base + "}, gracePeriod: 10s,"
                + " readiness: {http: 'http://127.0.0.1:${PORT}/ready', interval: 50ms, timeout: 2s}}");
        pools.apply(pool, "d1", 2);

        // both listening, neither ready
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(pool.observe().notes())
                .anyMatch(n -> n.endsWith("(HTTP 503 from http://127.0.0.1:" + base + "/ready)"))
                .anyMatch(n -> n.endsWith("(HTTP 503 from http://127.0.0.1:" + (base + 1) + "/ready)")));
        assertThat(pool.observe().ready()).isZero();

        Files.createFile(out.resolve("ready-1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> pool.observe().ready() == 1);
        assertThat(pool.observe().notes()).singleElement().asString().contains("member 0").contains("HTTP 503 from http://127.0.0.1:" + base + "/");
    }

    @Test
    void applyingTheSameDecisionTwiceChangesNothingEvenAfterANewerOneOrARestart() {
        ProcessPool pool = pools.open(sleeper(""));
        pools.apply(pool, "d1", 2);
        Map<Integer, Long> first = pidsByMember(pool);

        assertThat(pools.apply(pool, "d1", 2)).isEqualTo(new Outcome.AlreadyApplied("d1", 2));
        assertThat(pidsByMember(pool)).isEqualTo(first);

        assertThat(pools.apply(pool, "d2", 1)).isInstanceOf(Outcome.Applied.class);
        // a late retry of d1 must not undo d2
        assertThat(pools.apply(pool, "d1", 2)).isEqualTo(new Outcome.AlreadyApplied("d1", 1));
        assertThat(pool.observe().current()).isEqualTo(1);

        pool.close();
        ProcessPool reopened = pools.open(sleeper(""));
        assertThat(pidsByMember(reopened)).containsExactly(Map.entry(0, first.get(0)));
        assertThat(pools.apply(reopened, "d2", 1)).isEqualTo(new Outcome.AlreadyApplied("d2", 1));
        assertThat(pools.apply(reopened, "d1", 2)).isEqualTo(new Outcome.AlreadyApplied("d1", 1));
        assertThat(pidsByMember(reopened)).containsExactly(Map.entry(0, first.get(0)));
    }

    /** Opens a pool whose record names {@code process} as member 0, described by {@code record}; the pid it then has. */
    private long memberAfterOpeningWith(Process process, PoolRecord.Member record) throws IOException {
        pools.track(process.pid());
        pools.state.save("process/web", new PoolRecord(null, 1, List.of("d1"), List.of(record)).encode());
        ProcessPool pool = pools.open(sleeper(""));
        await().until(() -> pidsByMember(pool).containsKey(0));
        pools.track(pool);
        return pidsByMember(pool).get(0);
    }

    @Test
    void aRecordedPidNowRunningAnotherProcessIsNotAdoptedNorKilled() throws IOException {
        Process stranger = new ProcessBuilder("sleep", "3600").start();
        java.time.Instant realStart = stranger.toHandle().info().startInstant().orElseThrow();

        long member = memberAfterOpeningWith(stranger, new PoolRecord.Member(0, stranger.pid(), realStart.minusSeconds(3600), null));

        assertThat(member).isNotEqualTo(stranger.pid());
        assertThat(stranger.isAlive()).isTrue();
        assertThat(pools.events).anyMatch(e -> e.startsWith("web: pid " + stranger.pid() + " of member 0 now belongs to another process"));
    }

    /** A {@code sleep} started by the test, and its boot-relative start (the test is skipped where the OS gives none). */
    private record Sleeper(Process process, String bootStart, java.time.Instant startInstant) {
        static Sleeper start() throws IOException {
            Process p = new ProcessBuilder("sleep", "3600").start();
            String bootStart = ProcessTree.bootStart(p.pid());
            if (bootStart == null) p.destroyForcibly();
            org.junit.jupiter.api.Assumptions.assumeTrue(bootStart != null, "the OS gives no boot-relative start time");
            return new Sleeper(p, bootStart, p.toHandle().info().startInstant().orElseThrow());
        }
    }

    @Test
    void theBootRelativeStartTimeDecidesWhereTheOsGivesIt() throws IOException {
        Sleeper sleeper = Sleeper.start();
        Process stranger = sleeper.process();
        String bootStart = sleeper.bootStart();
        long ticks = Long.parseLong(bootStart.substring(bootStart.lastIndexOf(':') + 1));
        String otherStart = bootStart.substring(0, bootStart.lastIndexOf(':') + 1) + (ticks + 1);

        // the same start instant, another start within this boot: another process that reused the pid
        assertThat(memberAfterOpeningWith(stranger, new PoolRecord.Member(0, stranger.pid(), sleeper.startInstant(), otherStart)))
                .isNotEqualTo(stranger.pid());
    }

    @Test
    void aMemberIsStillRecognisedAfterTheWallClockStepped() throws IOException {
        // the JDK's start instant is boot time (read from the wall clock) plus ticks since boot: a clock step moves it
        Sleeper member = Sleeper.start();
        long pid = member.process().pid();

        assertThat(memberAfterOpeningWith(member.process(), new PoolRecord.Member(0, pid, member.startInstant().minusSeconds(7), member.bootStart())))
                .isEqualTo(pid);
    }

    /**
     * A member of the recorded pool started as member {@code number} the way the pool starts one, whose start the
     * record never saw (Capstan died between starting it and recording it).
     */
    private Process unrecordedMember(PoolRecord record, int number) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(ProcessTree.SETSID != null, "members are found by their session; no setsid here");
        ProcessBuilder pb = new ProcessBuilder(ProcessTree.SETSID, "sh", "-c", "exec sleep 3600");
        pb.environment().put("CAPSTAN_POOL", record.pool());
        pb.environment().put("CAPSTAN_MEMBER", Integer.toString(number));
        Process p = pb.start();
        pools.track(p.pid());
        await().until(() -> ProcessTree.leadsGroup(p.pid()));
        return p;
    }

    @Test
    void aMemberStartedButNotRecordedBeforeACrashIsAdoptedIntoItsEmptySlot() throws IOException {
        ProcessPool first = pools.open(sleeper(""));
        pools.apply(first, "d1", 1);
        first.close();
        // a restart of member 1 (the count was already 2) that Capstan died before recording
        PoolRecord record = PoolRecord.decode(pools.state.load("process/web").orElseThrow());
        pools.state.save("process/web", new PoolRecord(record.pool(), 2, record.applied(), record.members()).encode());
        Process orphan = unrecordedMember(record, 1);

        ProcessPool second = pools.open(sleeper(""));

        assertThat(pidsByMember(second)).containsEntry(1, orphan.pid());
        assertThat(pools.events).contains("web: found member 1 (pid " + orphan.pid() + ") running but not recorded (started just before Capstan stopped); adopted");
        assertThat(pools.state.load("process/web").orElseThrow()).contains("member 1 " + orphan.pid() + " ");
    }

    /** A pool recorded at 1 whose scale-out started members 1 and 2 before a crash could record them. */
    private Process[] crashedScalingOutFromOne() throws IOException {
        ProcessPool first = pools.open(sleeper(""));
        pools.apply(first, "d1", 1);
        first.close();
        PoolRecord record = PoolRecord.decode(pools.state.load("process/web").orElseThrow());
        return new Process[] {unrecordedMember(record, 1), unrecordedMember(record, 2)};
    }

    @Test
    void membersStartedForACountThatWasNeverRecordedAreAdoptedAndOnlyTheMissingOnesStarted() throws IOException {
        // d2 asked for 5; members 1 and 2 started, then Capstan died (kill -9) before recording the count or the members
        Process[] started = crashedScalingOutFromOne();
        Process one = started[0];
        Process two = started[1];

        ProcessPool second = pools.open(sleeper(""));
        pools.track(second);

        assertThat(one.isAlive()).isTrue();
        assertThat(two.isAlive()).isTrue();
        assertThat(pidsByMember(second)).containsEntry(1, one.pid()).containsEntry(2, two.pid());
        assertThat(pools.events).contains("web: found member 1 (pid " + one.pid() + ") running but not recorded (started just before Capstan stopped); adopted");
        // the resumed d2 starts only members 3 and 4
        Outcome o = pools.apply(second, "d2", 5);
        assertThat(o).isInstanceOf(Outcome.Applied.class);
        assertThat(((Outcome.Applied) o).changes()).hasSize(2).allMatch(c -> c.startsWith("started member 3") || c.startsWith("started member 4"));
        assertThat(pidsByMember(second)).containsEntry(1, one.pid()).containsEntry(2, two.pid()).hasSize(5);
    }

    @Test
    void adoptedUnrecordedMembersBeyondTheResumedCountAreStoppedNewestFirst() throws IOException {
        Process[] started = crashedScalingOutFromOne();
        Process one = started[0];
        Process two = started[1];

        ProcessPool second = pools.open(sleeper(""));
        pools.track(second);
        Outcome o = pools.apply(second, "d2", 2);

        assertThat(((Outcome.Applied) o).changes()).singleElement().asString().startsWith("stopped member 2 (pid " + two.pid() + ")");
        assertThat(two.isAlive()).isFalse();
        assertThat(pidsByMember(second)).containsEntry(1, one.pid()).hasSize(2);
    }

    @Test
    void aSecondUnrecordedProcessForATakenNumberIsStopped() throws IOException {
        ProcessPool first = pools.open(sleeper(""));
        pools.apply(first, "d1", 1);
        first.close();
        Process orphan = unrecordedMember(PoolRecord.decode(pools.state.load("process/web").orElseThrow()), 0);

        ProcessPool second = pools.open(sleeper(""));

        assertThat(orphan.isAlive()).isFalse();
        assertThat(pidsByMember(second)).containsOnlyKeys(0);
        assertThat(pools.events).contains("web: found member 0 (pid " + orphan.pid() + ") running but not recorded (started just before Capstan stopped); member 0 is already running; stopping it");
    }

    @Test
    void aRecordedMemberThatIsGoneIsStartedAnew() throws IOException {
        Process gone = new ProcessBuilder("true").start();
        await().until(() -> !gone.isAlive());
        pools.state.save("process/web", new PoolRecord(null, 1, List.of(), List.of(new PoolRecord.Member(0, gone.pid(), java.time.Instant.EPOCH, null))).encode());

        ProcessPool pool = pools.open(sleeper(""));

        await().until(() -> pool.observe().current() == 1);
        pools.track(pool);
        assertThat(pools.events).anyMatch(e -> e.equals("web: member 0 (pid " + gone.pid() + ") stopped while Capstan was not running; starting it anew"));
    }

    @Test
    void aCommandThatDoesNotExistFailsWithoutRetryAndChangesNothing() {
        ProcessPool pool = pools.open("{type: process, command: [no-such-program-capstan, x]}");

        Outcome o = pools.apply(pool, "d1", 2);

        assertThat(o).isEqualTo(new Outcome.Failed("d1", false, "command 'no-such-program-capstan' is not found on the PATH", List.of()));
        assertThat(pool.observe().desired()).isZero();
        assertThat(pool.members()).isEmpty();
    }

    @Test
    void anUnreadableRecordIsAnErrorNotAFreshStart() throws IOException {
        pools.state.save("process/web", "capstan process-pool 1\ndesired three\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> pools.open(sleeper("")))
                .isInstanceOf(io.capstan.core.spi.ActuatorException.class)
                .hasMessageContaining("line 2: cannot read 'desired three'")
                .hasMessageContaining("move it away");
    }
}
