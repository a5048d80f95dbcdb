package io.capstan.app.input;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Where UTF-8 text goes wrong: the first byte that is not UTF-8, as a line and column a user can go to,
 * for every text input (policy files, manifests, scenarios, traces), rather than the decoder's "Input length = 1".
 */
public final class Utf8 {
    private Utf8() {}

    /** The first malformed or unmappable byte: its 1-based line and column (in characters) and its value. */
    public record Bad(int line, int column, int value) {
        /** "not UTF-8 text: byte 0xFF (is the file Latin-1 or UTF-16? save it as UTF-8)". */
        public String message() {
            return "not UTF-8 text: byte 0x" + String.format("%02X", value) + " cannot start or continue a character here"
                    + " (is the file in another encoding, such as Latin-1 or UTF-16? save it as UTF-8)";
        }
    }

    /** The first byte of {@code bytes[from, to)} that is not UTF-8, or null when all of it is. */
    public static Bad firstBad(byte[] bytes, int from, int to) {
        int at = firstBadOffset(bytes, from, to);
        if (at < 0) return null;
        int line = 1, lineStart = from;
        for (int i = from; i < at; i++) {
            // a CR not followed by LF ends a line too, as it does for the readers
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= to || bytes[i + 1] != '\n')) {
                line++;
                lineStart = i + 1;
            }
        }
        int column = 1;
        // the prefix is valid UTF-8: every byte that is not a continuation byte starts one character
        for (int i = lineStart; i < at; i++) if ((bytes[i] & 0xC0) != 0x80) column++;
        return new Bad(line, column, bytes[at] & 0xFF);
    }

    private static int firstBadOffset(byte[] bytes, int from, int to) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, from, to - from);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) return in.position();
            if (r.isUnderflow()) return -1;
            out.clear();
        }
    }
}
