package io.capstan.app.input;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for names: the closest accepted name within a small edit distance. */
public final class NearMiss {
    private NearMiss() {}

    /** The accepted name closest to {@code given}, or null when none is close enough to be a typo. */
    public static String closest(String given, Collection<String> accepted) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String g = given.toLowerCase(Locale.ROOT);
        for (String a : accepted) {
            int d = distance(g, a.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        if (best == null) return null;
        int allowed = Math.max(1, Math.min(3, best.length() / 3));
        return bestDistance <= allowed && bestDistance < given.length() ? best : null;
    }

    /** "; did you mean 'x'?" or nothing. */
    public static String suggestion(String given, Collection<String> accepted) {
        String c = closest(given, accepted);
        return c == null ? "" : "; did you mean '" + c + "'?";
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("metirc"). */
    public static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
