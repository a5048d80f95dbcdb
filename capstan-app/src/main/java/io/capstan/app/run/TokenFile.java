package io.capstan.app.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The server's {@code --token-file}: the token it holds, refused when the file is empty (given a file, Capstan never
 * runs without a token by accident), and a warning when others than its owner can read it.
 */
final class TokenFile {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

    /** A token file that cannot be used: the message is the whole line to show. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    /** The token read and, when the file is readable by others, the warning to show (else null). */
    record Read(String token, String warning) {}

    private TokenFile() {}

    static Read read(Path file) throws Unusable {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new Unusable("cannot read --token-file " + file + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        if (token.isEmpty()) throw new Unusable("--token-file " + file + " is empty; a token is required when --token-file is given");
        String warning = null;
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(OTHERS::contains)) {
                warning = "warning: --token-file " + file + " is readable by others than its owner (mode " + octal(mode) + " "
                        + PosixFilePermissions.toString(mode) + "): chmod 600 " + file;
            }
        } catch (UnsupportedOperationException | IOException e) {
            // no POSIX permissions here (Windows): nothing to check
        }
        return new Read(token, warning);
    }

    private static String octal(Set<PosixFilePermission> mode) {
        int m = 0;
        for (PosixFilePermission p : mode) m |= 1 << (8 - p.ordinal());
        return String.format("%04o", m);
    }
}
