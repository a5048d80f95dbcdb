package io.capstan.app.source.host;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the host source reads from the machine, each reading as of the moment it is called. */
interface Machine {
    /** Cumulative CPU time of all logical CPUs by kind, indexed by {@link CentralProcessor.TickType#getIndex()}. */
    long[] cpuTicks();

    /** Bytes of physical memory: total and available (free plus reclaimable caches). */
    long[] memory();

    /** The 1, 5 and 15 minute load averages; negative where the OS has none. */
    double[] load();

    /** Bytes received and sent since boot, summed over interfaces with a hardware address (not loopback). */
    long[] networkBytes();

    /** Bytes of the file system holding {@code path}: total, free (unallocated), usable by unprivileged users. */
    long[] disk(Path path) throws IOException;

    /** The machine itself through OSHI; disk through the JDK, which finds the file system of any path. */
    final class Oshi implements Machine {
        private final HardwareAbstractionLayer hal = new SystemInfo().getHardware();

        @Override
        public long[] cpuTicks() {
            return hal.getProcessor().getSystemCpuLoadTicks();
        }

        @Override
        public long[] memory() {
            GlobalMemory m = hal.getMemory();
            return new long[] {m.getTotal(), m.getAvailable()};
        }

        @Override
        public double[] load() {
            return hal.getProcessor().getSystemLoadAverage(3);
        }

        @Override
        public long[] networkBytes() {
            long in = 0;
            long out = 0;
            // Fetched anew each time: interfaces come and go (a VPN, a container's veth), and a fresh list has fresh counters.
            for (NetworkIF n : hal.getNetworkIFs(false)) {
                in += n.getBytesRecv();
                out += n.getBytesSent();
            }
            return new long[] {in, out};
        }

        @Override
        public long[] disk(Path path) throws IOException {
            FileStore s = Files.getFileStore(path);
            return new long[] {s.getTotalSpace(), s.getUnallocatedSpace(), s.getUsableSpace()};
        }
    }
}
