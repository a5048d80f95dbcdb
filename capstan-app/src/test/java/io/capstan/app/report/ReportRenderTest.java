package io.capstan.app.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.capstan.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's reports, looked at as a person would: simulate, then lay report.html out in headless
 * Chromium (installed by .ci/run), measure the page from inside (a script injected into a copy
 * writes what it measured into the DOM, which --dump-dom prints) and check layout facts: no two
 * chart labels overlap or leave their chart, every series the legend declares is drawn, charts
 * span the content width, time ticks are distinct and increasing, and the decision filter works.
 */
class ReportRenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path p = Path.of(dir, name);
                if (Files.isExecutable(p)) return p;
            }
        }
        return null;
    }

    private static Path simulate(Path out, String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        List<String> all = new ArrayList<>(List.of("simulate"));
        all.addAll(List.of(args));
        all.addAll(List.of("--out", out.toString()));
        int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), all.toArray(String[]::new));
        assertThat(code).as(stderr.toString()).isZero();
        return out.resolve("report.html");
    }

    private static Process chromium(Path dir, String... args) throws IOException {
        Path chromium = chromium();
        assumeTrue(chromium != null, "chromium is not installed (.ci/run installs it): the report is not laid out in a browser");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + dir.resolve("profile")));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(dir.resolve("chromium.log").toFile()).redirectOutput(dir.resolve("chromium.out").toFile()).start();
    }

    private static void await(Process p) throws InterruptedException {
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    /** Lays the report out at the given width and returns what the injected script measured. */
    private static JsonNode layout(Path report, Path dir, int width) throws Exception {
        String script;
        try (InputStream in = ReportRenderTest.class.getResourceAsStream("layout-facts.js")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String html = Files.readString(report);
        Path probe = dir.resolve("probe-" + width + ".html");
        Files.writeString(probe, html.replace("</body>", "<script>" + script + "</script></body>"));
        Process p = chromium(dir, "--window-size=" + width + ",1200", "--virtual-time-budget=10000", "--dump-dom", probe.toUri().toString());
        await(p);
        String dom = Files.readString(dir.resolve("chromium.out"));
        Matcher m = Pattern.compile("<pre id=\"capstan-layout\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertThat(m.find()).as("the page ran the measuring script; chromium said: " + Files.readString(dir.resolve("chromium.log"))).isTrue();
        return JSON.readTree(m.group(1).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
    }

    /** The facts every report must show at any reasonable width. */
    private static void assertReadable(JsonNode facts) {
        assertThat(facts.get("scrollWidth").asInt()).as("no horizontal scrolling").isLessThanOrEqualTo(facts.get("innerWidth").asInt());
        JsonNode charts = facts.get("charts");
        assertThat(charts.size()).isGreaterThanOrEqualTo(2);
        for (JsonNode c : charts) {
            String chart = c.get("caption").asText();
            assertThat(c.get("width").asDouble()).as(chart + ": chart spans the content width").isGreaterThanOrEqualTo(0.95 * c.get("content").asDouble());
            assertThat(c.get("overlaps")).as(chart + ": overlapping labels").isEmpty();
            assertThat(c.get("outside")).as(chart + ": labels cut off at the chart's edge").isEmpty();
            assertThat(c.get("series").size()).as(chart + ": declares its series").isPositive();
            for (JsonNode s : c.get("series")) {
                assertThat(s.get("drawn").asBoolean()).as(chart + ": series " + s.get("id") + " drawn").isTrue();
                assertThat(s.get("numbers").asInt()).as(chart + ": series " + s.get("id") + " has points").isGreaterThanOrEqualTo(3);
                assertThat(s.get("length").asDouble()).as(chart + ": series " + s.get("id") + " has a visible length").isPositive();
            }
            JsonNode ticks = c.get("ticks");
            assertThat(ticks.size()).as(chart + ": time ticks").isBetween(3, 16);
            Set<String> labels = new HashSet<>();
            for (int i = 0; i < ticks.size(); i++) {
                assertThat(labels.add(ticks.get(i).get("label").asText())).as(chart + ": tick labels are distinct: " + ticks).isTrue();
                if (i > 0) {
                    assertThat(ticks.get(i).get("t").asLong()).as(chart + ": ticks increase in time").isGreaterThan(ticks.get(i - 1).get("t").asLong());
                    assertThat(ticks.get(i).get("x").asDouble()).as(chart + ": ticks increase left to right").isGreaterThan(ticks.get(i - 1).get("x").asDouble());
                }
            }
            JsonNode yticks = c.get("yticks");
            for (int i = 1; i < yticks.size(); i++) {
                assertThat(yticks.get(i).get("label").asDouble()).as(chart + ": y ticks increase").isGreaterThan(yticks.get(i - 1).get("label").asDouble());
                assertThat(yticks.get(i).get("y").asDouble()).as(chart + ": upwards").isLessThan(yticks.get(i - 1).get("y").asDouble());
            }
        }
        for (JsonNode t : facts.get("tables")) {
            assertThat(t.get("outOnly").asBoolean()).as("the kind filter shows only scale-outs").isTrue();
            assertThat(t.get("outShown").asInt()).isEqualTo(t.get("outTotal").asInt()).isPositive();
            assertThat(t.get("searchNone").asInt()).as("a search that matches nothing hides every row").isZero();
            for (JsonNode p : t.get("policies")) assertThat(p.get("shown").asInt()).as("policy filter").isEqualTo(p.get("total").asInt()).isPositive();
        }
    }

    private static JsonNode chart(JsonNode facts, String captionStart) {
        for (JsonNode c : facts.get("charts")) if (c.get("caption").asText().startsWith(captionStart)) return c;
        throw new AssertionError("no chart " + captionStart);
    }

    @Test
    void theReadmeReportIsReadable(@TempDir Path dir) throws Exception {
        Path report = simulate(dir.resolve("sergas"), "--policy", "../examples/sergas.yaml", "--trace", "../examples/traces/mongodb-app-rps.csv");
        String html = Files.readString(report);
        assertThat(html).contains("<svg").doesNotContain("http://").doesNotContain("https://").doesNotContain("<script src");
        JsonNode facts = layout(report, dir, 1600);
        assertReadable(facts);
        // the per-pod target sits on the per-replica chart, not on the total request rate
        assertThat(chart(facts, "request_rate per ready replica").get("series")).isNotEmpty();
        assertReadable(layout(report, dir, 1100));

        Path png = dir.resolve("report.png");
        await(chromium(dir, "--window-size=1200,1400", "--screenshot=" + png, report.toUri().toString()));
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(distinctColours(image)).as("a drawn page, not a blank one").isGreaterThan(50);
    }

    @Test
    void theCompareReportShowsBothPoliciesReadably(@TempDir Path dir) throws Exception {
        Path report = simulate(dir.resolve("cmp"), "--policy", "../examples/sergas.yaml", "--compare", "../examples/sergas-hpa.yaml",
                "--trace", "../examples/traces/mongodb-app-rps.csv");
        JsonNode facts = layout(report, dir, 1600);
        assertReadable(facts);
        List<String> replicaSeries = new ArrayList<>();
        chart(facts, "replicas").get("series").forEach(s -> replicaSeries.add(s.get("id").asText()));
        assertThat(replicaSeries).contains("desired", "ready", "desired@sergas-hpa.yaml");
        assertThat(facts.get("tables").get(0).get("policies")).hasSize(2);
    }

    @Test
    void theEc2CpuTraceReportIsReadable(@TempDir Path dir) throws Exception {
        Path report = simulate(dir.resolve("ec2"), "--policy", "../examples/sergas.yaml", "--trace", "cpu=../examples/traces/ec2-cpu-5f5533.csv",
                "--step", "5m", "--allow-coarse-step"); // as README replays it: 1m steps would leave its 1m windows empty
        assertReadable(layout(report, dir, 1400));
    }

    @Test
    void aMultiYearTraceHasYearTicks(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("years.csv");
        Random rnd = new Random(11);
        StringBuilder csv = new StringBuilder("timestamp,demand\n");
        Instant start = Instant.parse("2017-01-01T00:00:00Z");
        for (int h = 0; h < 3 * 365 * 24; h += 6) {
            csv.append(start.plusSeconds(3600L * h)).append(',').append(4000 + 2500 * Math.sin(h * Math.PI / 12) + rnd.nextGaussian() * 200).append('\n');
        }
        Files.writeString(trace, csv);
        Path report = simulate(dir.resolve("years"), "--policy", "../examples/sergas.yaml", "--trace", trace.toString(), "--step", "6h",
                "--allow-coarse-step");
        JsonNode facts = layout(report, dir, 1600);
        assertReadable(facts);
        List<String> labels = new ArrayList<>();
        chart(facts, "replicas").get("ticks").forEach(t -> labels.add(t.get("label").asText()));
        assertThat(labels).as("ticks name months or years, never the same day twice").allMatch(l -> l.matches("(\\w{3} )?20\\d\\d"));
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y) & 0xFFFFFF);
        }
        return colours.size();
    }
}
