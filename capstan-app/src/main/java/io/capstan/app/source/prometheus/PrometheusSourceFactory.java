package io.capstan.app.source.prometheus;

import io.capstan.app.input.Field;
import io.capstan.app.input.Fields;
import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import io.capstan.app.input.Schema;
import io.capstan.app.input.Type;
import io.capstan.app.input.Types;
import io.capstan.app.source.SourceFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code prometheus}: PromQL through the HTTP API's instant queries. The section and a metric's spelling are in
 * docs/sources.md; {@link PromQuery} has the template and grouping rules.
 */
public final class PrometheusSourceFactory implements SourceFactory {
    static final Type<URI> URL = Types.string("an http:// or https:// URL").map(PrometheusSourceFactory::url);
    static final Type<String> LABEL = Types.string("a label name").where(l -> PromQuery.LABEL.matcher(l).matches() ? null
            : "expected a Prometheus label name (letters, digits and _, not starting with a digit), found '" + l + "'");
    static final Type<Path> FILE = Types.string("a file path").map(Path::of);
    static final Type<String> ENV = Types.string("an environment variable name");

    static final Field<URI> URL_FIELD = Field.required("url", URL, "the Prometheus server, e.g. http://127.0.0.1:9090");
    static final Field<Duration> TIMEOUT = Field.optional("timeout", Types.duration(Duration.ofMillis(1)), Duration.ofSeconds(5),
            "how long one poll may take, every query of it included");
    static final Field<Duration> STALENESS = Field.optional("staleness", Types.duration(Duration.ofMillis(1)), Duration.ofMinutes(5),
            "an answer evaluated longer ago than this is no data");
    static final Field<Integer> GROUP_SIZE = Field.optional("groupSize", Types.integer(1, 100_000), 1000,
            "at most this many targets in one grouped query");
    static final Field<Integer> CONCURRENCY = Field.optional("concurrency", Types.integer(1, 64), 4,
            "at most this many queries in flight at once");
    static final Field<Node.Mapping> AUTH = Field.optional("auth", Types.mapping("{bearerTokenFile | bearerTokenEnv | basic}"),
            "how to authenticate");
    static final Schema SECTION = Schema.of("the prometheus source's settings {url, timeout, staleness, auth, groupSize, concurrency}",
            URL_FIELD, TIMEOUT, STALENESS, AUTH, GROUP_SIZE, CONCURRENCY);

    static final Field<Path> BEARER_FILE = Field.optional("bearerTokenFile", FILE, "a file holding the bearer token");
    static final Field<String> BEARER_ENV = Field.optional("bearerTokenEnv", ENV, "an environment variable holding the bearer token");
    static final Field<Node.Mapping> BASIC = Field.optional("basic", Types.mapping("{user, passwordFile | passwordEnv}"), "HTTP basic auth");
    static final Schema AUTH_SCHEMA = Schema.of("the authentication {bearerTokenFile | bearerTokenEnv | basic: {user, passwordFile | passwordEnv}}",
            BEARER_FILE, BEARER_ENV, BASIC);

    static final Field<String> USER = Field.required("user", Types.string("a user name"), "the user name");
    static final Field<Path> PASSWORD_FILE = Field.optional("passwordFile", FILE, "a file holding the password");
    static final Field<String> PASSWORD_ENV = Field.optional("passwordEnv", ENV, "an environment variable holding the password");
    static final Schema BASIC_SCHEMA = Schema.of("basic auth {user, passwordFile | passwordEnv}", USER, PASSWORD_FILE, PASSWORD_ENV);

    static final Field<String> QUERY = Field.required("query", Types.string("a PromQL query"), "the PromQL query, with {{target}} and {{metric}}");
    static final Field<String> GROUP_BY = Field.optional("groupBy", LABEL, "the label that tells targets apart in one grouped query");
    static final Schema SPELLING = Schema.of("a PromQL query, or {query, groupBy}", QUERY, GROUP_BY);

    private final Function<String, String> env;

    public PrometheusSourceFactory() {
        this(System::getenv);
    }

    PrometheusSourceFactory(Function<String, String> env) {
        this.env = env;
    }

    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public String doc() {
        return "PromQL through the Prometheus HTTP API";
    }

    @Override
    public String query(Node spelling, Problems problems) {
        PromQuery q;
        Node at = spelling;
        if (spelling instanceof Node.Scalar s && s.kind() == Node.ScalarKind.TEXT) {
            q = new PromQuery(s.text(), null);
        } else if (spelling instanceof Node.Mapping) {
            Fields f = SPELLING.open(spelling, problems);
            String template = f.get(QUERY);
            String label = f.get(GROUP_BY);
            if (template == null || f.has(GROUP_BY) && label == null) return null;
            q = new PromQuery(template, label);
            at = f.node(QUERY);
        } else {
            problems.add(spelling, "expected a PromQL query or {query, groupBy}, found " + spelling.describe());
            return null;
        }
        String why = q.whyNot();
        if (why != null) {
            problems.add(at, why);
            return null;
        }
        return q.spelling();
    }

    @Override
    public Configured read(Node.Mapping section, Node usedAt, Problems problems) {
        if (section == null) {
            problems.add(usedAt, "this metric reads from Prometheus, but the config has no sources.prometheus section; add "
                    + "sources: {prometheus: {url: http://127.0.0.1:9090}}");
            return null;
        }
        int before = problems.count();
        Fields f = SECTION.open(section, problems);
        URI url = f.get(URL_FIELD);
        Duration timeout = f.get(TIMEOUT);
        Duration staleness = f.get(STALENESS);
        Integer groupSize = f.get(GROUP_SIZE);
        Integer concurrency = f.get(CONCURRENCY);
        Auth auth = f.has(AUTH) ? auth(f.get(AUTH), problems) : new Auth.None();
        if (problems.count() > before || auth == null) return null;
        PrometheusSettings settings = new PrometheusSettings(url, timeout, staleness, auth, groupSize, concurrency);
        return () -> new PrometheusSource(settings);
    }

    /**
     * A source on the server at {@code url} with the section's defaults and no auth (for {@code --history
     * prometheus:URL}); an IllegalArgumentException saying why for a URL that is not one.
     */
    public static io.capstan.core.spi.MetricSource open(String url) {
        return new PrometheusSource(new PrometheusSettings(url(url), TIMEOUT.defaultValue(), STALENESS.defaultValue(), new Auth.None(),
                GROUP_SIZE.defaultValue(), CONCURRENCY.defaultValue()));
    }

    private Auth auth(Node.Mapping node, Problems problems) {
        if (node == null) return null;
        int before = problems.count();
        Fields f = AUTH_SCHEMA.open(node, problems);
        if (problems.count() > before) return null;
        if (node.entries().size() != 1) {
            problems.add(node, "expected exactly one of bearerTokenFile, bearerTokenEnv or basic, found "
                    + (node.entries().isEmpty() ? "none" : String.join(" and ", node.entries().keySet())));
            return null;
        }
        if (f.has(BASIC)) {
            Node.Mapping b = f.get(BASIC);
            if (b == null) return null;
            Fields bf = BASIC_SCHEMA.open(b, problems);
            if (problems.count() > before) return null;
            String user = bf.get(USER);
            Secret password = secret(bf, PASSWORD_FILE, PASSWORD_ENV, b, problems);
            return user == null || password == null ? null : new Auth.Basic(user, password);
        }
        Secret token = secret(f, BEARER_FILE, BEARER_ENV, node, problems);
        return token == null ? null : new Auth.Bearer(token);
    }

    /** The one of a file or an environment variable that is given, checked readable now so a typo shows at its line. */
    private Secret secret(Fields f, Field<Path> file, Field<String> variable, Node.Mapping at, Problems problems) {
        if (f.has(file) == f.has(variable)) {
            problems.add(at, f.has(file) ? "expected one of " + file.name() + " or " + variable.name() + ", not both"
                    : "missing " + file.name() + " or " + variable.name() + " (where the secret is read from)");
            return null;
        }
        Secret s;
        Node where;
        if (f.has(file)) {
            Path p = f.get(file);
            if (p == null) return null;
            s = new Secret.FromFile(p);
            where = f.node(file);
        } else {
            String v = f.get(variable);
            if (v == null) return null;
            s = new Secret.FromEnv(v, env);
            where = f.node(variable);
        }
        try {
            s.read();
        } catch (Secret.Unreadable e) {
            problems.add(where, e.getMessage());
            return null;
        }
        return s;
    }

    static URI url(String text) {
        URI u;
        try {
            u = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("expected an http:// or https:// URL, found '" + text + "': " + e.getReason());
        }
        if (u.getRawUserInfo() != null || u.getRawAuthority() != null && u.getRawAuthority().contains("@")) {
            // The URL appears in messages and logs; credentials belong in auth, read from a file or the environment.
            throw new IllegalArgumentException("the URL must not hold credentials; write them in auth: {basic: {user, passwordFile}}");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
            throw new IllegalArgumentException("expected an http:// or https:// URL with a host, e.g. http://127.0.0.1:9090, found '" + text + "'");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("expected the server's URL without ?query or #fragment, found '" + text + "'");
        }
        return u;
    }
}
