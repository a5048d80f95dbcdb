package io.capstan.app.run;

import sun.misc.Signal;

/**
 * The process signals {@code capstan run} answers: TERM and INT stop it cleanly (exit 0, not the 143 a shutdown hook
 * gives), HUP reloads the config. A platform without a signal (HUP on Windows) simply does not offer it.
 */
final class Signals {
    private Signals() {}

    static void onStop(Runnable stop) {
        handle("TERM", stop);
        handle("INT", stop);
    }

    static void onReload(Runnable reload) {
        handle("HUP", reload);
    }

    private static void handle(String name, Runnable r) {
        try {
            Signal.handle(new Signal(name), s -> r.run());
        } catch (IllegalArgumentException e) {
            // not on this platform
        }
    }
}
