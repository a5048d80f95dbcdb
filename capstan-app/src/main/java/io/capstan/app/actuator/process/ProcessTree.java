package io.capstan.app.actuator.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starting members in a session of their own and stopping a member with everything it started.
 *
 * <p>Members start through {@code setsid} where the system has it: each member leads its own session and process
 * group. A Ctrl-C in the terminal Capstan runs in signals Capstan's foreground process group, which then no longer
 * holds the members, so stopping Capstan by hand never stops the service it scales; and the member's group is a handle
 * on the processes it starts, so stopping a member stops its whole tree. Without {@code setsid} (macOS ships none)
 * members share Capstan's group, and a stop signals the member and its descendants one by one.
 */
final class ProcessTree {
    private ProcessTree() {}

    /** {@code setsid}'s path, or null where the system has none. */
    static final String SETSID = onPath("setsid", System.getenv("PATH"));

    /** How long a member killed with SIGKILL may take to disappear before a stop reports it as still there. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    /** The executable a program name runs: a name with a '/' as it is (against {@code directory}), others on {@code path}. */
    static Path executable(String program, String path, Path directory) {
        if (program.contains(File.separator)) {
            Path p = directory == null ? Path.of(program) : directory.resolve(program);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
        }
        String found = onPath(program, path);
        return found == null ? null : Path.of(found);
    }

    private static String onPath(String program, String path) {
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue;
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    /**
     * Stops members, each with its whole tree: SIGTERM to every one, in the order given, then, once {@code grace} has
     * passed, SIGKILL to whatever of them and their descendants still runs.
     *
     * @return for each member, in the order given, how it ended ("exited after SIGTERM")
     */
    static List<String> stop(List<ProcessHandle> members, Duration grace) throws InterruptedException {
        List<Set<ProcessHandle>> trees = new ArrayList<>();
        for (ProcessHandle m : members) {
            // Taken before the signal: once the member has gone, its children belong to init and are no descendants.
            Set<ProcessHandle> tree = new LinkedHashSet<>();
            tree.add(m);
            m.descendants().forEach(tree::add);
            trees.add(tree);
            signal(m, tree, "TERM");
        }
        long deadline = System.nanoTime() + grace.toNanos();
        List<String> ends = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Set<ProcessHandle> tree = trees.get(i);
            if (awaitExit(tree, Math.max(0, deadline - System.nanoTime()))) {
                ends.add("exited after SIGTERM");
                continue;
            }
            boolean leaderLived = members.get(i).isAlive();
            for (ProcessHandle h : List.copyOf(tree)) if (h.isAlive()) h.descendants().forEach(tree::add);
            signal(members.get(i), tree, "KILL");
            boolean gone = awaitExit(tree, AFTER_KILL.toNanos());
            String what = leaderLived ? "killed with SIGKILL" : "its child processes killed with SIGKILL";
            ends.add(what + " after the grace period of " + io.capstan.core.model.Durations.format(grace)
                    + (gone ? "" : "; some of its processes were still running " + AFTER_KILL.toSeconds() + " s later"));
        }
        return ends;
    }

    private static void signal(ProcessHandle leader, Set<ProcessHandle> tree, String signal) throws InterruptedException {
        // The group first, while its leader is alive (and so its number cannot name another group), then each process
        // known, for those that left the group.
        if (leader.isAlive() && leadsGroup(leader.pid())) signalGroup(leader.pid(), signal);
        for (ProcessHandle h : tree) {
            if (signal.equals("KILL")) h.destroyForcibly();
            else h.destroy();
        }
    }

    private static boolean awaitExit(Set<ProcessHandle> tree, long nanos) throws InterruptedException {
        CompletableFuture<?>[] exits = tree.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("waiting for a process to exit failed", e);
        }
    }

    /** True when the process leads its process group (Linux: the fifth field of /proc/PID/stat). */
    static boolean leadsGroup(long pid) {
        String group = statField(pid, 5);
        return group != null && group.equals(Long.toString(pid));
    }

    /**
     * Where the OS can tell (Linux), the boot and the start of a process within it: the boot id and the start time in
     * clock ticks since boot (field 22 of /proc/PID/stat). Unlike the start instant the JDK derives from them, a step
     * of the wall clock (NTP, a suspended VM) does not move it, so a member is still recognised after one. Null where
     * the OS does not say.
     */
    static String bootStart(long pid) {
        String ticks = statField(pid, 22);
        try {
            return ticks == null ? null : Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip() + ":" + ticks;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * True while the process runs. A zombie does not: an adopted member is no child of this Capstan, so when it exits it
     * waits for its new parent to reap it, and the JDK still counts such a process as alive.
     */
    static boolean runs(ProcessHandle process) {
        return process.isAlive() && !"Z".equals(statField(process.pid(), 3));
    }

    /**
     * The processes that lead their own process group and have {@code name=value} in their environment: members
     * started through {@code setsid} with that marker. Their descendants inherit the marker but lead no group. Empty
     * where the OS does not show environments (only Linux's /proc is read).
     */
    static List<ProcessHandle> groupLeadersWith(String name, String value) {
        byte[] marker = (name + "=" + value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return ProcessHandle.allProcesses().filter(h -> leadsGroup(h.pid()) && hasVariable(h.pid(), marker)).toList();
    }

    /** The value of {@code name} in a process's environment (Linux: /proc/PID/environ), or null. */
    static String variable(long pid, String name) {
        try {
            for (String entry : Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0")) {
                if (entry.startsWith(name + "=")) return entry.substring(name.length() + 1);
            }
        } catch (IOException | RuntimeException e) {
            // another user's process, or gone
        }
        return null;
    }

    private static boolean hasVariable(long pid, byte[] marker) {
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
            for (int start = 0; start < env.length; ) {
                int end = start;
                while (end < env.length && env[end] != 0) end++;
                if (java.util.Arrays.equals(env, start, end, marker, 0, marker.length)) return true;
                start = end + 1;
            }
        } catch (IOException | RuntimeException e) {
            // another user's process, or gone
        }
        return false;
    }

    /** Field {@code n} (1-based, as proc(5) numbers them) of /proc/PID/stat, or null. */
    private static String statField(long pid, int n) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) is in parentheses and may hold spaces: count from after it
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[n - 3];
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Sends SIGTERM to what is left of a member's process group after the member itself exited: processes it started
     * and left behind would otherwise hold its port and files when it is restarted. The group's number cannot name
     * another group while any of these processes lives (Linux does not hand out a PID that is in use as a group id),
     * and when none does, there is nothing to signal.
     */
    static void stopLeftovers(long group) {
        try {
            signalGroup(group, "TERM");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void signalGroup(long group, String signal) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + group).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no kill(1): the processes known are still signalled one by one
        }
    }
}
