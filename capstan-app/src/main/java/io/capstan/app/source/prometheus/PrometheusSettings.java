package io.capstan.app.source.prometheus;

import java.net.URI;
import java.time.Duration;

/**
 * The {@code sources.prometheus} section.
 *
 * @param url         the server, without credentials (they are in {@code auth}); the API is under its path
 * @param timeout     how long one poll may take in all, every query of it included
 * @param staleness   an answer evaluated longer ago than this is no data
 * @param groupSize   at most this many targets in one grouped query; more make several queries
 * @param concurrency at most this many queries in flight at once
 */
record PrometheusSettings(URI url, Duration timeout, Duration staleness, Auth auth, int groupSize, int concurrency) {
    /** The query endpoint under the server's path (which may carry a route prefix). */
    URI queryEndpoint() {
        return endpoint("api/v1/query");
    }

    /** The range query endpoint, beside the query endpoint. */
    URI rangeEndpoint() {
        return endpoint("api/v1/query_range");
    }

    private URI endpoint(String path) {
        String base = url.toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }
}
