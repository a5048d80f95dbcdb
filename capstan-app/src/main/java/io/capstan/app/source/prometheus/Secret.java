package io.capstan.app.source.prometheus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * A credential read from a file or an environment variable each time it is used, so a rotated token file (a
 * Kubernetes service account token) is picked up without a restart. Its text never appears in a message or in
 * {@link #toString()}: only where it comes from.
 */
sealed interface Secret {
    /** The secret, without a trailing line break; throws {@link Unreadable} naming the source, never the value. */
    String read();

    /** Where it comes from, for messages. */
    String where();

    record FromFile(Path file) implements Secret {
        @Override
        public String read() {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new Unreadable("cannot read " + where() + ": " + (e instanceof java.nio.file.NoSuchFileException
                        ? "file not found" : e.getClass().getSimpleName()));
            }
            return nonEmpty(text.strip(), this);
        }

        @Override
        public String where() {
            return "the file " + file;
        }
    }

    record FromEnv(String variable, Function<String, String> env) implements Secret {
        @Override
        public String read() {
            String v = env.apply(variable);
            if (v == null) throw new Unreadable("the environment variable " + variable + " is not set");
            return nonEmpty(v.strip(), this);
        }

        @Override
        public String where() {
            return "the environment variable " + variable;
        }

        @Override
        public String toString() {
            return "FromEnv[" + variable + "]";
        }
    }

    private static String nonEmpty(String s, Secret from) {
        if (s.isEmpty()) throw new Unreadable(from.where() + " is empty");
        return s;
    }

    final class Unreadable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
