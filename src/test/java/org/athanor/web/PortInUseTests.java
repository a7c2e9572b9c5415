package org.athanor.web;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.config.RegistryConfig;
import org.athanor.db.Engine;
import org.athanor.setup.upgrade.AwaitedUpgrade;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A server whose port is taken")
class PortInUseTests {
    @TempDir Path dir;

    @Test @DisplayName("refuses with PORT_IN_USE and the two ways out, told by the exception's type, not its text")
    void portTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
             TestInstallation installation = TestInstallation.install(Engine.H2, dir)) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> WebServer.create(installation.open(), "127.0.0.1", port).start())
                    .isInstanceOfSatisfying(AthanorException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.PORT_IN_USE))
                    .hasMessage("Port " + port + " on 127.0.0.1 is already in use. Stop the other process, or set http.port in "
                            + "config/configuration.yml (or pass --port).");
            assertThatThrownBy(() -> WaitingServer.start(RegistryConfig.DEFAULT, "127.0.0.1", port,
                    new AwaitedUpgrade.Status(AwaitedUpgrade.State.AWAITS_UPGRADE, "appbox schema 3"), () -> false))
                    .isInstanceOfSatisfying(AthanorException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.PORT_IN_USE));
        }
    }
}
