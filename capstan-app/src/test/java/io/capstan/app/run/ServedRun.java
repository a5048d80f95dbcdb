package io.capstan.app.run;

import io.capstan.app.config.PolicyFile;
import io.capstan.app.input.InputLimits;
import io.capstan.core.spi.DecisionStore;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code capstan run} starts, in this JVM: the config's controller (resumed) and its API on 127.0.0.1, an
 * ephemeral port, with a reload of the same file; ready when asked, as capstan run is once resumed.
 */
record ServedRun(Controller controller, ApiServer api, String url) {

    static ServedRun start(Path config, Path data, DecisionStore store, Clock clock, String token, boolean dryRun, boolean ready) throws Exception {
        PolicyFile.Live live = PolicyFile.loadLive(config, data, InputLimits.DEFAULT);
        assertThat(live.policy().problems()).isEmpty();
        Controller controller = RunCommand.controller(live, store, data, clock, dryRun);
        controller.resume();
        ApiServer api = new ApiServer(controller, store, token, clock, new Reload(config, data, live, controller, clock, interval -> { }));
        String url = "http://127.0.0.1:" + api.start("127.0.0.1", 0);
        if (ready) api.ready();
        return new ServedRun(controller, api, url);
    }
}
