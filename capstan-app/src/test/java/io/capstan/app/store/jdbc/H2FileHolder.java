package io.capstan.app.store.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;

/** Another process holding an H2 file open, as a second Capstan on the same --data would: until its stdin closes. */
public final class H2FileHolder {
    static final String READY = "holding";

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0])) {
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Held until the test closes our stdin.
            }
        }
    }
}
