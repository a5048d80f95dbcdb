package io.capstan.app.actuator;

import io.capstan.app.input.Node;
import io.capstan.app.input.Problems;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActuatorsTest {
    private record Named(String type) implements ActuatorFactory {
        @Override
        public String doc() {
            return "a test actuator";
        }

        @Override
        public Configured read(Node.Mapping section, Problems problems) {
            return null;
        }
    }

    @Test
    void twoPluginsCannotClaimOneTypeName() {
        assertThatThrownBy(() -> Actuators.of(List.of(new Named("process"), new Named("process"))))
                .hasMessageContaining("two actuators registered as 'process'");
    }
}
