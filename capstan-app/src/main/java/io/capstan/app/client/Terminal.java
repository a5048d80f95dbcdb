package io.capstan.app.client;

import java.io.Console;

/** Whether standard output is a person's terminal (not a pipe, a file or a test's buffer). */
final class Terminal {
    private Terminal() {}

    static boolean isTerminal() {
        Console c = System.console();
        if (c == null) return false;
        // From JDK 22 on, System.console() is there for redirected streams too; isTerminal() tells them apart.
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
