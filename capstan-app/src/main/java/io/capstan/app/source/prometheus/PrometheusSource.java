package io.capstan.app.source.prometheus;

import io.capstan.core.model.Durations;
import io.capstan.core.spi.MetricSource;
import io.capstan.core.spi.Poll;
import io.capstan.core.spi.Sample;
import io.capstan.core.spi.SeriesRequest;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Answers each poll with instant queries evaluated at the poll's {@code now}: one query per distinct ungrouped query
 * text, one per group of at most {@code groupSize} targets for grouped templates, at most {@code concurrency} in
 * flight, the whole poll bounded by {@code timeout}. Everything that is not one finite, fresh value for a request is a
 * failure naming why; the server's URL in messages never carries credentials (they are not allowed in it).
 */
final class PrometheusSource implements MetricSource {
    /** How much of a query a message quotes: a grouped query can list thousands of targets. */
    private static final int QUOTED = 200;

    private final PrometheusSettings settings;
    private final URI endpoint;
    private final String server;
    private final HttpClient http;
    private final ExecutorService queries;

    PrometheusSource(PrometheusSettings settings) {
        this.settings = settings;
        this.endpoint = settings.queryEndpoint();
        this.server = "prometheus at " + settings.url();
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.queries = Executors.newFixedThreadPool(settings.concurrency(),
                Thread.ofPlatform().daemon().name("capstan-prometheus-", 0).factory());
    }

    PrometheusSettings settings() {
        return settings;
    }

    /** One HTTP query and the requests it answers: by target when grouped by {@code label}, else all alike. */
    private record Job(String query, String quoted, String label, Map<String, List<SeriesRequest>> byTarget) {}

    private record GroupKey(PromQuery query, String metric) {}

    @Override
    public Poll poll(List<SeriesRequest> requests, Instant now) {
        String authorization;
        try {
            authorization = settings.auth().header();
        } catch (Secret.Unreadable e) {
            return Poll.failed(requests, server + ": " + e.getMessage());
        }
        Map<SeriesRequest, String> failures = new HashMap<>();
        List<Job> jobs = plan(requests, failures);
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        List<Future<Object>> answers = new ArrayList<>();
        for (Job j : jobs) answers.add(queries.submit(() -> fetch(j.query(), now, authorization, deadline)));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            Object answer = await(answers.get(i), deadline);
            if (answer instanceof String failure) {
                for (List<SeriesRequest> rs : job.byTarget().values()) fail(rs, server + ": " + failure + " (query: " + job.quoted() + ")", failures);
            } else if (answer instanceof PromAnswer.Error e) {
                for (List<SeriesRequest> rs : job.byTarget().values()) {
                    fail(rs, server + ": " + e.errorType() + ": " + e.error() + " (query: " + job.quoted() + ")", failures);
                }
            } else {
                read(job, (PromAnswer.Result) answer, now, samples, failures);
            }
        }
        return new Poll(samples, failures);
    }

    /** The queries to send; a request whose template cannot be sent (not read through the factory) fails here. */
    private List<Job> plan(List<SeriesRequest> requests, Map<SeriesRequest, String> failures) {
        Map<String, PromQuery> parsed = new HashMap<>();
        Map<String, String> invalid = new HashMap<>();
        Map<String, List<SeriesRequest>> single = new LinkedHashMap<>();
        Map<GroupKey, Map<String, List<SeriesRequest>>> grouped = new LinkedHashMap<>();
        for (SeriesRequest r : requests) {
            PromQuery q = parsed.computeIfAbsent(r.query(), k -> {
                PromQuery p = PromQuery.parse(k);
                String why = p.whyNot();
                if (why != null) invalid.put(k, why);
                return p;
            });
            if (invalid.containsKey(r.query())) {
                failures.put(r, server + ": " + invalid.get(r.query()) + " (query: " + quote(r.query()) + ")");
            } else if (q.groupBy() == null) {
                single.computeIfAbsent(q.forTarget(r.target(), r.metric()), k -> new ArrayList<>()).add(r);
            } else {
                grouped.computeIfAbsent(new GroupKey(q, r.metric()), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Job> jobs = new ArrayList<>();
        single.forEach((query, rs) -> jobs.add(new Job(query, quote(query), null, Map.of("", rs))));
        grouped.forEach((key, byTarget) -> {
            List<String> targets = new ArrayList<>(byTarget.keySet());
            for (int from = 0; from < targets.size(); from += settings.groupSize()) {
                List<String> chunk = targets.subList(from, Math.min(targets.size(), from + settings.groupSize()));
                Map<String, List<SeriesRequest>> part = new LinkedHashMap<>();
                for (String t : chunk) part.put(t, byTarget.get(t));
                jobs.add(new Job(key.query().forTargets(chunk, key.metric()), quote(key.query().template()) + " grouped by "
                        + key.query().groupBy(), key.query().groupBy(), part));
            }
        });
        return jobs;
    }

    /** The answer, an error answer, or why there is none (a String). */
    private Object fetch(String query, Instant now, String authorization, long deadline) {
        return send(endpoint, "query=" + URLEncoder.encode(query, StandardCharsets.UTF_8) + "&time=" + epochSeconds(now), authorization, deadline,
                settings.timeout());
    }

    private Object send(URI endpoint, String form, String authorization, long deadline, Duration timeout) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return "no answer within " + Durations.format(timeout);
        // POST: a grouped query names up to groupSize targets, too long for a URL.
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(Duration.ofNanos(left))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) b.header("Authorization", authorization);
        try {
            HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status / 100 == 2) return PromAnswer.read(body);
                byte[] bytes = body.readNBytes(64 * 1024);
                try {
                    PromAnswer a = PromAnswer.read(new java.io.ByteArrayInputStream(bytes));
                    if (a instanceof PromAnswer.Error e) return new PromAnswer.Error(e.errorType(), e.error() + " (HTTP " + status + ")");
                } catch (IOException notAnAnswer) {
                    // Not Prometheus speaking (a proxy's page): say what the status was.
                }
                return "HTTP " + status + (status == 401 || status == 403 ? " (check sources.prometheus.auth)" : "")
                        + ": " + quote(new String(bytes, StandardCharsets.UTF_8).strip());
            }
        } catch (HttpTimeoutException e) {
            return "no answer within " + Durations.format(timeout);
        } catch (ConnectException e) {
            return "cannot connect (" + (e.getMessage() == null ? "connection refused" : e.getMessage()) + ")";
        } catch (IOException e) {
            return "cannot read the answer: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no answer within " + Durations.format(timeout);
        }
    }

    private Object await(Future<Object> answer, long deadline) {
        try {
            return answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            return "no answer within " + Durations.format(settings.timeout());
        } catch (ExecutionException e) {
            return "query failed: " + e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return "poll interrupted";
        }
    }

    private void read(Job job, PromAnswer.Result result, Instant now, List<Sample> samples, Map<SeriesRequest, String> failures) {
        String type = result.resultType();
        if (!type.equals("vector") && !type.equals("scalar")) {
            String why = server + ": the query gives a " + type + "; expected an instant vector or a scalar"
                    + (type.equals("matrix") ? " (a range such as [5m] needs a function around it, e.g. rate(x[5m]))" : "")
                    + " (query: " + job.quoted() + ")";
            for (List<SeriesRequest> rs : job.byTarget().values()) fail(rs, why, failures);
            return;
        }
        if (job.label() == null) {
            List<SeriesRequest> rs = job.byTarget().values().iterator().next();
            List<PromAnswer.Series> series = result.series();
            if (series.size() != 1) {
                fail(rs, server + ": " + (series.isEmpty() ? "no series: the query selects nothing"
                        : series.size() + " series, expected one: " + labels(series) + "; aggregate them (sum, max) or select one")
                        + " (query: " + job.quoted() + ")", failures);
            } else {
                answer(rs, series.get(0), now, job, samples, failures);
            }
            return;
        }
        Map<String, List<PromAnswer.Series>> byLabel = new HashMap<>();
        int unlabelled = 0;
        for (PromAnswer.Series s : result.series()) {
            String v = s.labels().get(job.label());
            if (v == null) unlabelled++;
            else byLabel.computeIfAbsent(v, k -> new ArrayList<>(1)).add(s);
        }
        for (Map.Entry<String, List<SeriesRequest>> e : job.byTarget().entrySet()) {
            List<PromAnswer.Series> mine = byLabel.get(e.getKey());
            String matcher = job.label() + "=\"" + PromQuery.stringEscape(e.getKey()) + "\"";
            if (mine == null) {
                fail(e.getValue(), server + ": no series with " + matcher + " in the grouped answer" + (unlabelled == 0 ? ""
                        : "; " + unlabelled + " series have no label " + job.label() + ": keep it with by (" + job.label() + ")")
                        + " (query: " + job.quoted() + ")", failures);
            } else if (mine.size() > 1) {
                fail(e.getValue(), server + ": " + mine.size() + " series with " + matcher + ", expected one: " + labels(mine)
                        + "; aggregate by (" + job.label() + ")" + " (query: " + job.quoted() + ")", failures);
            } else {
                answer(e.getValue(), mine.get(0), now, job, samples, failures);
            }
        }
    }

    private void answer(List<SeriesRequest> rs, PromAnswer.Series s, Instant now, Job job, List<Sample> samples,
                        Map<SeriesRequest, String> failures) {
        String why = null;
        double value = Double.NaN;
        if (s.at() == null || s.value() == null) {
            why = "a series without a value";
        } else if (s.at().isBefore(now.minus(settings.staleness()))) {
            why = "stale: the value is from " + s.at() + ", " + Durations.format(Duration.between(s.at(), now))
                    + " before now (staleness: " + Durations.format(settings.staleness()) + ")";
        } else {
            value = value(s.value());
            if (!Double.isFinite(value)) why = "the value is " + s.value() + ", not a finite number";
        }
        if (why != null) {
            fail(rs, server + ": " + why + " (query: " + job.quoted() + ")", failures);
            return;
        }
        for (SeriesRequest r : rs) samples.add(new Sample(r.target(), r.metric(), s.at(), value));
    }

    // ---------------------------------------------------------------- range queries (a warm start, capstan plan)

    /**
     * Points one range query may ask per series: Prometheus refuses more than 11,000 ("exceeded maximum resolution of
     * 11,000 points per timeseries"); a longer range is asked in chunks of this many steps.
     */
    static final int RANGE_POINTS = 10_000;
    /** The least time one chunk of a range query is given. */
    static final Duration RANGE_TIMEOUT = Duration.ofSeconds(30);

    @Override
    public boolean keepsHistory() {
        return true;
    }

    /**
     * Each request's query over the range, through {@code /api/v1/query_range} on the grid of {@code step} multiples
     * inside [{@code from}, {@code to}], in chunks of at most {@link #RANGE_POINTS} points, grouped as {@link #poll}
     * groups; each chunk within the source's timeout. A chunk that fails fails the requests of its query (their samples
     * of other chunks are dropped: a history with a hole in it is not given as whole).
     */
    @Override
    public Poll range(List<SeriesRequest> requests, Instant from, Instant to, Duration step) {
        String authorization;
        try {
            authorization = settings.auth().header();
        } catch (Secret.Unreadable e) {
            return Poll.failed(requests, server + ": " + e.getMessage());
        }
        long stepMillis = Math.max(1, step.toMillis());
        long first = -Math.floorDiv(-from.toEpochMilli(), stepMillis) * stepMillis;
        long last = Math.floorDiv(to.toEpochMilli(), stepMillis) * stepMillis;
        // A chunk is up to 10,000 points of every series of its query: more work than a poll's instant query.
        Duration rangeTimeout = settings.timeout().compareTo(RANGE_TIMEOUT) > 0 ? settings.timeout() : RANGE_TIMEOUT;
        Map<SeriesRequest, String> failures = new HashMap<>();
        List<Job> jobs = plan(requests, failures);
        List<Sample> samples = new ArrayList<>();
        for (Job job : jobs) {
            List<Sample> mine = new ArrayList<>();
            String failed = null;
            for (long start = first; start <= last && failed == null; start += RANGE_POINTS * stepMillis) {
                long end = Math.min(last, start + (RANGE_POINTS - 1) * stepMillis);
                String form = "query=" + URLEncoder.encode(job.query(), StandardCharsets.UTF_8) + "&start=" + epochSeconds(Instant.ofEpochMilli(start))
                        + "&end=" + epochSeconds(Instant.ofEpochMilli(end)) + "&step=" + epochSeconds(Instant.ofEpochMilli(stepMillis));
                Object answer = send(settings.rangeEndpoint(), form, authorization, System.nanoTime() + rangeTimeout.toNanos(), rangeTimeout);
                if (answer instanceof String why) failed = why;
                else if (answer instanceof PromAnswer.Error e) failed = e.errorType() + ": " + e.error();
                else failed = readRange(job, (PromAnswer.Result) answer, mine);
            }
            if (failed != null) {
                for (List<SeriesRequest> rs : job.byTarget().values()) fail(rs, server + ": " + failed + " (range query: " + job.quoted() + ")", failures);
            } else {
                samples.addAll(mine);
            }
        }
        return new Poll(samples, failures);
    }

    /** Adds the matrix's finite values as samples of the job's requests; why not, when the answer is not one series per target. */
    private static String readRange(Job job, PromAnswer.Result result, List<Sample> samples) {
        if (!result.resultType().equals("matrix")) return "the range query gives a " + result.resultType() + ", expected a matrix";
        if (job.label() == null) {
            if (result.ranges().size() > 1) {
                return result.ranges().size() + " series, expected one; aggregate them (sum, max) or select one";
            }
            for (PromAnswer.Range r : result.ranges()) add(r, job.byTarget().values().iterator().next(), samples);
            return null;
        }
        Map<String, List<PromAnswer.Range>> byLabel = new HashMap<>();
        for (PromAnswer.Range r : result.ranges()) {
            String v = r.labels().get(job.label());
            if (v != null) byLabel.computeIfAbsent(v, k -> new ArrayList<>(1)).add(r);
        }
        for (Map.Entry<String, List<SeriesRequest>> e : job.byTarget().entrySet()) {
            List<PromAnswer.Range> mine = byLabel.getOrDefault(e.getKey(), List.of());
            if (mine.size() > 1) return mine.size() + " series with " + job.label() + "=\"" + e.getKey() + "\", expected one; aggregate by (" + job.label() + ")";
            for (PromAnswer.Range r : mine) add(r, e.getValue(), samples);
        }
        return null;
    }

    private static void add(PromAnswer.Range r, List<SeriesRequest> rs, List<Sample> samples) {
        for (int i = 0; i < r.epochMillis().length; i++) {
            double v = value(r.values()[i]);
            if (!Double.isFinite(v)) continue;
            for (SeriesRequest q : rs) samples.add(new Sample(q.target(), q.metric(), Instant.ofEpochMilli(r.epochMillis()[i]), v));
        }
    }

    /** Prometheus writes values as Go formats them: NaN, +Inf, -Inf, or a decimal. */
    private static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
        };
    }

    private static String labels(List<PromAnswer.Series> series) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(3, series.size()); i++) {
            if (i > 0) b.append(", ");
            b.append('{');
            series.get(i).labels().forEach((k, v) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(k).append("=\"")
                    .append(PromQuery.stringEscape(v)).append('"'));
            b.append('}');
        }
        return series.size() > 3 ? b + " and " + (series.size() - 3) + " more" : b.toString();
    }

    private static void fail(List<SeriesRequest> rs, String why, Map<SeriesRequest, String> failures) {
        for (SeriesRequest r : rs) failures.put(r, why);
    }

    private static String quote(String query) {
        String oneLine = query.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= QUOTED ? oneLine : oneLine.substring(0, QUOTED) + "...";
    }

    private static String epochSeconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros().toPlainString();
    }

    @Override
    public void close() {
        queries.shutdownNow();
        // Not close(): it waits for queries in flight, up to the timeout; nobody waits for their answers any more.
        http.shutdownNow();
    }
}
