package io.capstan.app.actuator.process;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a pool keeps durably: its id (every member carries it in {@code CAPSTAN_POOL}, so a member started just before
 * a crash, too late to be recorded, is still found), the count it works towards, the decision ids it applied last (newest last) and the
 * identity of each running member. A member is a PID and the start time the OS gives that process: PIDs are reused,
 * the pair is not, so a restarted Capstan adopts a process only when both match.
 *
 * <p>The text form, one fact a line, so a person can read it in an incident:
 * <pre>
 * capstan process-pool 1
 * pool 5b0e3f4c-2a51-4a43-9c55-4f0f5e9f8a11
 * desired 3
 * applied 0192f7c2-...
 * member 0 41236 2026-12-02T01:40:00.120Z 6c1f0a52-8e8d-4c1e-9d35-2d1c0f4f5b7a:918273
 * </pre>
 * The last word of a member line, where the OS gives it, is {@link ProcessTree#bootStart}.
 */
record PoolRecord(String pool, int desired, List<String> applied, List<Member> members) {
    static final String HEADER = "capstan process-pool 1";
    /** How many applied decision ids are kept: a retry comes soon after its decision, never hundreds of decisions later. */
    static final int APPLIED_KEPT = 64;

    /** A pool that has never run: it gets its id when it is first recorded. */
    static final PoolRecord EMPTY = new PoolRecord(null, 0, List.of(), List.of());

    PoolRecord {
        applied = List.copyOf(applied.size() > APPLIED_KEPT ? applied.subList(applied.size() - APPLIED_KEPT, applied.size()) : applied);
        members = List.copyOf(members);
    }

    /**
     * @param startedAt the start time {@link ProcessHandle.Info#startInstant()} gave when the member was started
     * @param bootStart {@link ProcessTree#bootStart} then, or null where the OS does not give it
     */
    record Member(int index, long pid, Instant startedAt, String bootStart) {
        /** True when {@code process} is this member: the same PID, started at the same time. */
        boolean is(ProcessHandle process) {
            if (process.pid() != pid || !process.isAlive()) return false;
            String now = bootStart == null ? null : ProcessTree.bootStart(pid);
            if (now != null) return now.equals(bootStart);
            return process.info().startInstant().map(startedAt::equals).orElse(false);
        }
    }

    String encode() {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        if (pool != null) b.append("pool ").append(pool).append('\n');
        b.append("desired ").append(desired).append('\n');
        for (String id : applied) b.append("applied ").append(id).append('\n');
        for (Member m : members) {
            b.append("member ").append(m.index()).append(' ').append(m.pid()).append(' ').append(m.startedAt());
            if (m.bootStart() != null) b.append(' ').append(m.bootStart());
            b.append('\n');
        }
        return b.toString();
    }

    /** @throws IllegalArgumentException naming the line that is wrong */
    static PoolRecord decode(String text) {
        List<String> lines = text.lines().toList();
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IllegalArgumentException("line 1: expected '" + HEADER + "', found '" + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        String pool = null;
        int desired = -1;
        List<String> applied = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] w = lines.get(i).split(" ");
            try {
                switch (w[0]) {
                    case "pool" -> pool = w[1];
                    case "desired" -> desired = Integer.parseInt(w[1]);
                    case "applied" -> applied.add(w[1]);
                    case "member" -> members.add(new Member(Integer.parseInt(w[1]), Long.parseLong(w[2]), Instant.parse(w[3]),
                            w.length > 4 ? w[4] : null));
                    default -> throw new IllegalArgumentException("unknown entry '" + w[0] + "'");
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException | DateTimeParseException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": cannot read '" + lines.get(i) + "'");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
        }
        if (desired < 0) throw new IllegalArgumentException("no 'desired' line");
        return new PoolRecord(pool, desired, applied, members);
    }
}
