package io.capstan.app.plan;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** Runs {@code capstan plan} with "now" fixed, as reading kept history (the lookback before now) needs. */
final class PlanCli {
    private PlanCli() {}

    record Run(int exit, String out, String err) {
        /** The summary (growth, runway, replicas) without the line naming the output directory. */
        List<String> summary() {
            return out.lines().filter(l -> !l.startsWith("Plan: ")).toList();
        }
    }

    static Run at(Instant now, List<String> args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cli = new CommandLine(new PlanCommand(Clock.fixed(now, ZoneOffset.UTC)));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
