package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.athanor.core.AthanorException;
import org.athanor.core.ErrorCode;
import org.athanor.config.ConfigWriter;
import org.athanor.db.Box;
import org.athanor.db.BoxConnection;
import org.athanor.db.BoxKind;
import org.athanor.db.Engine;
import org.athanor.testing.TestInstallation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Opening a box never creates a database")
class WrongDatabasePathTests {
    @TempDir Path dir;

    @Test @DisplayName("a read-only command with a wrong main.database.path creates no folder and no file, and names the configuration file to fix")
    void readOnlyCommandCreatesNothing() throws Exception {
        try (TestInstallation t = TestInstallation.install(Engine.H2, dir)) {
            Path wrong = dir.resolve("typo").resolve("db").resolve("appbox");
            ConfigWriter.setValue(t.configFile(), "main.database.path", wrong);

            CliRun run = CliRun.console("--config", t.configFile().toString(), "databox:list");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("No appbox database at " + wrong + ".mv.db: main.database.path in " + t.configFile()
                    + " is " + wrong + ". Nothing was created. Fix main.database.path in that file");
            assertThat(dir.resolve("typo")).doesNotExist();
        }
    }

    @Test @DisplayName("Box.open of a missing H2 file is refused (NOT_INSTALLED) and leaves no folder behind")
    void boxOpenCreatesNothing() {
        Path missing = dir.resolve("absent").resolve("box");

        assertThatThrownBy(() -> Box.open(BoxKind.DATABOX, "photos", BoxConnection.h2(missing)))
                .isInstanceOf(AthanorException.class)
                .satisfies(e -> assertThat(((AthanorException) e).code()).isEqualTo(ErrorCode.NOT_INSTALLED))
                .hasMessage("The H2 database of the databox 'photos' does not exist: " + missing + ".mv.db is missing. Nothing was "
                        + "created. Put the file back (or restore it with system:restore-db): the appbox registers the databox at that path "
                        + "(bin/console databox:list).");
        assertThat(dir.resolve("absent")).doesNotExist();
    }

    @Test @DisplayName("the IFEXISTS=TRUE of the H2 URL refuses a database that is not there, even without Athanor's check")
    void urlRefusesCreation() {
        BoxConnection c = BoxConnection.h2(dir.resolve("raw").resolve("box"));

        assertThatThrownBy(() -> java.sql.DriverManager.getConnection(c.jdbcUrl(), "sa", "").close())
                .isInstanceOf(java.sql.SQLException.class)
                .satisfies(e -> assertThat(((java.sql.SQLException) e).getErrorCode()).isEqualTo(org.h2.api.ErrorCode.DATABASE_NOT_FOUND_WITH_IF_EXISTS_1));
        assertThat(dir.resolve("raw").resolve("box.mv.db")).doesNotExist();
    }
}
