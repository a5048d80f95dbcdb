package io.capstan.bench;

import io.capstan.core.forecast.Forecast;
import io.capstan.core.forecast.Forecaster;
import io.capstan.core.forecast.Fitted;
import io.capstan.core.forecast.Model;
import io.capstan.core.forecast.RegularSeries;
import io.capstan.core.forecast.Seasons;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fitting a 30-day, 5-minute series (8640 points: daily and weekly cycle, trend, noise, seeded): one model's
 * fit ({@code fit}, at a one-step and a 24-hour horizon), the automatic choice with its backtest and final refit
 * ({@code auto}), and one {@link Fitted#observe} plus a 24-hour forecast, what a caller pays per new sample
 * between refits ({@code observeAndForecast}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForecastBenchmark {
    static final int POINTS = 30 * 288;

    @Param({"seasonal-naive", "holt-winters-additive", "holt-winters-multiplicative", "holt-winters-double", "robust-trend"})
    public String model;

    @Param({"1", "288"})
    public int horizon;

    private double[] y;
    private RegularSeries series;
    private Model m;
    private Fitted fitted;
    private final Seasons seasons = Seasons.of(Duration.ofMinutes(5));
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Random r = new Random(30);
        y = new double[POINTS];
        for (int t = 0; t < POINTS; t++) {
            int day = (t / 288) % 7;
            y[t] = (500 + 0.01 * t) * (1 + 0.4 * Math.sin(2 * Math.PI * t / 288)) * (day >= 5 ? 0.75 : 1) + 20 * r.nextGaussian();
        }
        series = RegularSeries.of(Instant.parse("2026-01-05T00:00:00Z"), Duration.ofMinutes(5), y);
        m = Model.parse(model).orElseThrow();
        fitted = m.fit(y, 0, POINTS, seasons, horizon);
    }

    @Benchmark
    public Fitted fit() {
        return m.fit(y, 0, POINTS, seasons, horizon);
    }

    /** Auto does not depend on the model parameter: read it at model=seasonal-naive. */
    @Benchmark
    public Forecast auto() {
        return Forecaster.forecast(series, horizon, Forecaster.Options.AUTO);
    }

    @Benchmark
    public double[] observeAndForecast() {
        fitted.observe(y[next]);
        next = next + 1 == POINTS ? 0 : next + 1;
        return fitted.forecast(288);
    }
}
