package io.capstan.app.report;

import io.capstan.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's main job, end to end, looked at as a person would: simulate the Sergas runbook over
 * the shipped trace, then render report.html in headless Chromium (installed by .ci/run) and check
 * the page drew charts, not a blank or broken page.
 */
class ReportRenderTest {

    @Test
    void theReadmeReportRendersInABrowser(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sergas");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Main.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true), "simulate",
                "--policy", "../examples/sergas.yaml", "--trace", "../examples/traces/mongodb-app-rps.csv", "--out", out.toString());
        assertThat(code).as(stderr.toString()).isZero();
        assertThat(stdout.toString()).contains("api-server").contains("demand replay").contains("report.html");
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains("<svg").doesNotContain("http://").doesNotContain("https://");

        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "chromium is installed by .ci/run; without it the page is not rendered");
        Path png = dir.resolve("report.png");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"), "--window-size=1200,1400", "--screenshot=" + png,
                out.resolve("report.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        } finally {
            p.destroyForcibly();
        }
        assertThat(png).exists();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1200);
        // a drawn page has the header's dark band, white cards and coloured chart lines
        assertThat(distinctColours(image)).isGreaterThan(50);
        assertThat(isDark(image.getRGB(20, 20))).as("header band").isTrue();
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) colours.add(image.getRGB(x, y) & 0xFFFFFF);
        }
        return colours.size();
    }

    private static boolean isDark(int rgb) {
        int r = (rgb >> 16) & 0xFF, g = (rgb >> 8) & 0xFF, b = rgb & 0xFF;
        return r + g + b < 150;
    }
}
