package io.capstan.app.trace;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary binary file the samples of a long trace are written to while the CSV is read once,
 * and read back, block by block, as the simulation advances (see {@link SpilledSeries}): the trace
 * costs disk (16 bytes a sample) instead of heap. The file is unlinked as soon as it is open (on
 * POSIX systems; elsewhere when closed), so no run, however it ends, leaves it behind.
 *
 * <p>Appends come from one thread (the reader); reads are positional and may come from several
 * cursors once the writing is done.
 */
final class SpillFile implements AutoCloseable {
    private final FileChannel channel;
    private final Path path;
    private long size;

    private SpillFile(FileChannel channel, Path path) {
        this.channel = channel;
        this.path = path;
    }

    /** A new empty file in the JVM's temporary directory ({@code java.io.tmpdir}). */
    static SpillFile create() {
        Path path = null;
        try {
            // the property as it is now (Files.createTempFile(prefix, suffix) reads it once per JVM)
            path = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "capstan-trace-", ".bin");
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            return new SpillFile(channel, path);
        } catch (IOException | RuntimeException e) {
            if (path != null) {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // nothing more to do: the directory refused both
                }
            }
            throw new SpillException("cannot create a temporary file for the trace in " + directory() + ": " + e.getMessage(), e);
        }
    }

    /** Appends the buffer's remaining bytes; returns the offset they start at. */
    long append(ByteBuffer bytes) {
        long at = size;
        try {
            while (bytes.hasRemaining()) size += channel.write(bytes, size);
        } catch (IOException e) {
            throw new SpillException("cannot write the trace's temporary file " + path + " (" + size + " bytes written): " + e.getMessage(), e);
        }
        return at;
    }

    /** Fills {@code into} from {@code at} on. */
    void read(ByteBuffer into, long at) {
        try {
            long position = at;
            while (into.hasRemaining()) {
                int n = channel.read(into, position);
                if (n < 0) throw new EOFException("the file ends at " + position);
                position += n;
            }
        } catch (IOException e) {
            throw new SpillException("cannot read the trace back from its temporary file " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is unlinked already, or goes with the process
        }
    }

    private static String directory() {
        return System.getProperty("java.io.tmpdir") + " (java.io.tmpdir: set it with CAPSTAN_JAVA_OPTS=-Djava.io.tmpdir=DIR)";
    }
}
