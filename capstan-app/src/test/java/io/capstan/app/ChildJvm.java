package io.capstan.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM that runs a main class from the test class path as its own process: the java of this
 * JVM, the given options, and native access for the unnamed module, as the {@code ./capstan} launcher gives it (the
 * host source loads JNA through OSHI, and the JDK would otherwise print a restricted-method warning into the output
 * a test reads).
 */
public final class ChildJvm {
    public static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";

    private ChildJvm() {}

    public static List<String> command(List<String> options, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(options);
        command.add(NATIVE_ACCESS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return command;
    }
}
