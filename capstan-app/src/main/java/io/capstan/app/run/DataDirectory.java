package io.capstan.app.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code --data} directory of a running Capstan, checked before the store opens in it and held for as long as it
 * runs: an OS lock on {@code capstan.lock} (which names the holder's pid) keeps a second Capstan from running on the
 * same store and pools. Each refusal is one line saying why, instead of the store's stack trace.
 */
final class DataDirectory implements AutoCloseable {
    static final String LOCK_FILE = "capstan.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Why a data directory cannot be used: the message is the whole line to show. */
    static final class Unusable extends Exception {
        Unusable(Path dir, String why) {
            super("cannot open the store under " + dir + ": " + why);
        }
    }

    static DataDirectory open(Path dir) throws Unusable {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new Unusable(dir, p.equals(dir.toAbsolutePath().normalize()) ? "not a directory" : "not a directory (" + p + " is a file)");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new Unusable(dir, "cannot be created (" + reason(e) + ")");
        }
        try {
            Files.deleteIfExists(Files.createTempFile(dir, ".capstan-write-check", ""));
        } catch (IOException e) {
            throw new Unusable(dir, "not writable (" + reason(e) + ")");
        }
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new Unusable(dir, "in use by another capstan" + (holder.matches("[0-9]+") ? " (pid " + holder + ")" : ""));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new DataDirectory(channel, lock);
        } catch (IOException e) {
            try {
                if (channel != null) channel.close();
            } catch (IOException ignored) {
                // already failing: the first reason is the one to say
            }
            throw new Unusable(dir, "cannot lock " + file + " (" + reason(e) + ")");
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process is ending: the OS drops the lock with it
        }
    }
}
