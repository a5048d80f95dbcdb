package io.capstan.app.actuator;

import io.capstan.core.spi.ActuatorStateStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Actuator state as one file per key under a directory, until the JDBC store keeps it. A save writes a temporary file
 * beside the target, forces it to disk, renames it over the target atomically and forces the directory, so a crash
 * (of Capstan or of the machine) at any point leaves either the old text or the new one.
 */
public final class FileActuatorStateStore implements ActuatorStateStore {
    private final Path directory;

    public FileActuatorStateStore(Path directory) {
        this.directory = directory;
    }

    /** The file a key is kept in: the key with every character but letters, digits, '.', '_' and '-' escaped. */
    public Path file(String key) {
        StringBuilder b = new StringBuilder();
        for (byte c : key.getBytes(StandardCharsets.UTF_8)) {
            if (Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' && !b.isEmpty()) b.append((char) c);
            else b.append('%').append(String.format("%02X", c & 0xFF));
        }
        return directory.resolve(b + ".state");
    }

    @Override
    public Optional<String> load(String key) throws IOException {
        try {
            return Optional.of(Files.readString(file(key), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void save(String key, String state) throws IOException {
        Files.createDirectories(directory);
        Path target = file(key);
        Path temp = Files.createTempFile(directory, target.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(state.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) ch.write(bytes);
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + target + " atomically on this file system", e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory();
    }

    /** The rename is durable only once the directory entry is; not every OS lets a directory be opened for it. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; the rename is as durable as the file system makes it.
        }
    }
}
