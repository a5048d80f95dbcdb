package io.capstan.app.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InputFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String before, int bad, String after) {
        byte[] a = before.getBytes(StandardCharsets.UTF_8), c = after.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[a.length + 1 + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = (byte) bad;
        System.arraycopy(c, 0, out, a.length + 1, c.length);
        return out;
    }

    @Test
    void textThatIsNotUtf8IsAProblemAtTheLineAndColumnOfTheFirstBadByte() throws IOException {
        Path p = dir.resolve("y6.yaml");
        // line 3, after "  name: caf" and a two-byte character: column counts characters, not bytes
        Files.write(p, bytes("targets:\n- replicas: {min: 1}\n  name: é", 0xFF, "x\n"));
        InputFile.Read r = InputFile.read(p, InputLimits.DEFAULT);
        assertThat(r.ok()).isFalse();
        assertThat(r.readError()).as("the file was read and found wrong").isNull();
        assertThat(r.problem().toString()).startsWith(p + ":3:10: not UTF-8 text: byte 0xFF");
    }

    @Test
    void theFirstBadByteIsFoundAfterCrOnlyAndCrlfLineEnds() {
        byte[] b = bytes("a\r\nb\rcd", 0xC3, "(");
        assertThat(Utf8.firstBad(b, 0, b.length)).isEqualTo(new Utf8.Bad(3, 3, 0xC3));
        byte[] good = "ok\nç\n".getBytes(StandardCharsets.UTF_8);
        assertThat(Utf8.firstBad(good, 0, good.length)).isNull();
    }
}
