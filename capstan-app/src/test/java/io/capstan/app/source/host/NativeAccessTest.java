package io.capstan.app.source.host;

import io.capstan.app.ChildJvm;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OSHI reads the network counters through JNA, whose System.load the JDK reports with a restricted-method warning
 * unless native access is enabled: the launcher, the test JVM and every child JVM a test starts enable it.
 */
class NativeAccessTest {
    /** Reads every host metric through OSHI, as the host source does. */
    public static final class Probe {
        public static void main(String[] args) {
            Machine m = new Machine.Oshi();
            System.out.println(m.cpuTicks().length + " " + m.memory()[0] + " " + m.load().length + " " + m.networkBytes()[0]);
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aChildJvmReadingTheHostPrintsNoRestrictedMethodWarning() throws Exception {
        List<String> command = ChildJvm.command(List.of(), Probe.class.getName(), List.of());
        assertThat(run(command)).doesNotContain("restricted method");
        // the probe does provoke the warning when native access is not enabled: the assertion above can fail
        List<String> without = new ArrayList<>(command);
        without.remove(ChildJvm.NATIVE_ACCESS);
        assertThat(run(without)).contains("restricted method");
    }

    @Test
    void theTestJvmRunsWithNativeAccessEnabled() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).contains(ChildJvm.NATIVE_ACCESS);
    }
}
