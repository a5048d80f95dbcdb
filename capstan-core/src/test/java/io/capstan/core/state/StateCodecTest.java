package io.capstan.core.state;

import io.capstan.core.hpa.ScaleEvent;
import io.capstan.core.hpa.TimedRecommendation;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateCodecTest {
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    /** Any state, names with spaces, colons, backslashes and line breaks included, reads back equal. */
    @RepeatedTest(200)
    void roundTrips(RepetitionInfo rep) {
        Random rnd = new Random(7919L * rep.getCurrentRepetition());
        ScalingState s = randomState(rnd);
        String text = StateCodec.encode(s);
        assertThat(StateCodec.decode(text)).isEqualTo(s);
        assertThat(StateCodec.encode(StateCodec.decode(text))).as("encoding is canonical").isEqualTo(text);
    }

    static ScalingState randomState(Random rnd) {
        List<TimedRecommendation> recs = new ArrayList<>();
        for (int i = rnd.nextInt(5); i > 0; i--) recs.add(new TimedRecommendation(instant(rnd), rnd.nextInt(1000)));
        List<ScaleEvent> ups = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) ups.add(new ScaleEvent(instant(rnd), rnd.nextInt(50) - 10, rnd.nextBoolean()));
        List<ScaleEvent> downs = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) downs.add(new ScaleEvent(instant(rnd), rnd.nextInt(50), rnd.nextBoolean()));
        return new ScalingState(ScalingState.CURRENT_VERSION, recs, ups, downs, rnd.nextBoolean() ? instant(rnd) : null,
                rnd.nextBoolean() ? instant(rnd) : null, clocks(rnd), clocks(rnd), clocks(rnd));
    }

    private static Map<String, Instant> clocks(Random rnd) {
        String alphabet = "ab c:>=.()\\\n\r5%é";
        Map<String, Instant> out = new HashMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
            StringBuilder name = new StringBuilder();
            for (int k = 1 + rnd.nextInt(30); k > 0; k--) name.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            out.put(name.toString(), instant(rnd));
        }
        return out;
    }

    private static Instant instant(Random rnd) {
        return T0.plusMillis(rnd.nextLong(-10_000_000_000L, 10_000_000_000L));
    }

    @Test
    void theDocumentedFormReads() {
        ScalingState s = StateCodec.decode("""
                capstan-state 3
                # a comment
                recommendation 2026-03-02T10:00:00Z 5
                scale-up 2026-03-02T10:00:00Z 2
                scale-down 2026-03-02T10:05:00Z 1 outdated
                last-scale-out 2026-03-02T10:00:00Z
                last-scale-in 2026-03-02T10:05:00Z
                sustain 2026-03-02T09:58:00Z cpu-high: avg(cpu, 5m) > 80 for 5m
                action 2026-03-02T10:00:00Z enable-caching
                scheduled 2026-03-02T08:00:00Z business-hours
                """);
        assertThat(s.recommendations()).containsExactly(new TimedRecommendation(T0, 5));
        assertThat(s.scaleDownEvents()).containsExactly(new ScaleEvent(T0.plusSeconds(300), 1, true));
        assertThat(s.sustain()).containsEntry("cpu-high: avg(cpu, 5m) > 80 for 5m", Instant.parse("2026-03-02T09:58:00Z"));
        assertThat(s.lastScale()).isEqualTo(T0.plusSeconds(300));
    }

    /** Versions 1 and 2 named sustain clocks by position: dropped, not misapplied; everything else reads. Version 1 has no scheduled records. */
    @Test
    void olderVersionsRead() {
        ScalingState v2 = StateCodec.decode("""
                capstan-state 2
                last-scale-out 2026-03-02T10:00:00Z
                sustain 2026-03-02T09:58:00Z cpu-high.0
                action 2026-03-02T10:00:00Z enable-caching
                scheduled 2026-03-02T08:00:00Z business-hours
                """);
        assertThat(v2.version()).isEqualTo(ScalingState.CURRENT_VERSION);
        assertThat(v2.sustain()).isEmpty();
        assertThat(v2.actions()).containsKey("enable-caching");
        assertThat(v2.scheduled()).containsKey("business-hours");
        assertThat(v2.lastScaleOut()).isEqualTo(T0);

        ScalingState v1 = StateCodec.decode("capstan-state 1\nrecommendation 2026-03-02T10:00:00Z 3\nsustain 2026-03-02T09:58:00Z t.for\n");
        assertThat(v1.recommendations()).containsExactly(new TimedRecommendation(T0, 3));
        assertThat(v1.sustain()).isEmpty();
        assertThat(v1.scheduled()).isEmpty();
        assertThatThrownBy(() -> StateCodec.decode("capstan-state 1\nscheduled 2026-03-02T08:00:00Z business-hours\n"))
                .isInstanceOf(StateFormatException.class).hasMessage("2:1: scheduled records came with version 2; this state is version 1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|1:1: empty: expected the header \"capstan-state VERSION\"",
            "{\"version\": 3}|1:1: expected the header \"capstan-state VERSION\", found \"{\"version\":\"",
            "capstan-state 9|1:15: version 9 is newer than this Capstan reads (up to 3)",
            "capstan-state three|1:15: expected a version (a whole number), found \"three\"",
            "capstan-state 3\\nrecommendation 2026-03-02T10:00:00Z five|2:37: expected a replica count (a whole number), found \"five\"",
            "capstan-state 3\\nrecommendation 2026-03-02 5|2:16: expected an instant (ISO-8601, e.g. 2026-03-02T10:00:00Z), found \"2026-03-02\"",
            "capstan-state 3\\nrecommendation 2026-03-02T10:00:00Z|2:36: expected a replica count, found the end of the line",
            "capstan-state 3\\nscale-up 2026-03-02T10:00:00Z 2 stale|2:33: expected \"outdated\" or the end of the line, found \"stale\"",
            "capstan-state 3\\nlast-scale-in 2026-03-02T10:00:00Z x|2:36: unexpected \"x\" at the end of the line",
            "capstan-state 3\\nlast-scale-in 2026-03-02T10:00:00Z\\nlast-scale-in 2026-03-02T10:00:00Z|3:1: last-scale-in is given twice",
            "capstan-state 3\\nsustain 2026-03-02T10:00:00Z a\\nsustain 2026-03-02T10:01:00Z a|3:30: sustain clock \"a\" is given twice",
            "capstan-state 3\\naction 2026-03-02T10:00:00Z bad\\tname\\q|2:37: unknown escape \"\\q\"; a name escapes only \\\\, \\n and \\r",
            "capstan-state 3\\ncooldown 2026-03-02T10:00:00Z 5|2:1: unknown record \"cooldown\"; expected recommendation, scale-up, scale-down, last-scale-out, last-scale-in, sustain, action or scheduled",
    })
    void corruptInputIsALocatedError(String text, String message) {
        String input = text.replace("\\n", "\n").replace("\\t", "\t");
        assertThatThrownBy(() -> StateCodec.decode(input)).isInstanceOf(StateFormatException.class).hasMessage(message);
    }

    @Test
    void truncatedOrFlippedTextIsAlwaysALocatedErrorOrAState() {
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
            String text = StateCodec.encode(randomState(rnd));
            char[] cs = text.substring(0, rnd.nextInt(text.length() + 1)).toCharArray();
            if (cs.length > 0) cs[rnd.nextInt(cs.length)] = (char) (32 + rnd.nextInt(95));
            String mangled = new String(cs);
            try {
                StateCodec.decode(mangled);
            } catch (StateFormatException e) {
                assertThat(e.line()).isPositive();
                assertThat(e.column()).isPositive();
            }
        }
    }
}
