package io.capstan.app.run;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

/** Switches the log output to JSON lines for machines ({@code --log-format json}); plain text is logback.xml's default. */
final class Logs {
    private Logs() {}

    static void configure(boolean json) {
        if (!json || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return;
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setTarget("System.err");
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        // one readable line per event: the message as printed, not its template and arguments apart
        encoder.setWithFormattedMessage(true);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithContext(false);
        encoder.setWithSequenceNumber(false);
        encoder.start();
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
    }
}
