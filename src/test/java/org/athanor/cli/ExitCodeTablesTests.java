package org.athanor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.athanor.core.ErrorCode;
import org.athanor.tasks.RunState;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Exit codes and HTTP statuses are documented tables")
class ExitCodeTablesTests {
    @Test @DisplayName("each records:* command's help lists the exit codes it returns, with RecordsExit's numbers")
    void recordsCommandsListTheirExitCodes() {
        for (String command : new String[] {"records:add", "records:build-subdefs", "records:rescan-technical-datas", "records:write-metadata"}) {
            String help = CliRun.console("help", command).out();
            assertThat(help).as(command).contains("Exit codes:");
            for (RecordsExit e : new RecordsExit[] {RecordsExit.DONE, RecordsExit.SETUP_ERROR, RecordsExit.BAD_ARGUMENT, RecordsExit.FATAL,
                    RecordsExit.SOME_FAILED}) {
                assertThat(help).as(command + " " + e).containsPattern("(?m)^\\s+" + e.code + "\\s+\\S");
            }
        }
        assertThat(CliRun.console("help", "records:add").out()).containsPattern("(?m)^\\s+" + RecordsExit.SOME_NOT_ADDED.code + "\\s+some files could not be added");
    }

    @Test @DisplayName("every task state has its task-manager exit code, as Phraseanet numbers them")
    void everyRunStateHasAnExitCode() {
        for (RunState s : RunState.values()) assertThat(TaskManagerExit.of(s).name()).isEqualTo(s.name());
        assertThat(TaskManagerExit.of(RunState.STOPPED).code).isEqualTo(11);
        assertThat(TaskManagerExit.of(RunState.STATE_UNKNOWN).code).isEqualTo(21);
    }

    @Test @DisplayName("one table gives each error code its HTTP status and exit code: a conflict is 409, not 500")
    void errorCodesMapToStatusAndExitCode() {
        assertThat(ErrorCode.CONFLICT.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.NOT_FOUND.httpStatus()).isEqualTo(404);
        assertThat(ErrorCode.BAD_ARGUMENT.httpStatus()).isEqualTo(400);
        assertThat(ErrorCode.INTERNAL.httpStatus()).isEqualTo(500);
        assertThat(Cli.exitCodeOf(ErrorCode.CONFIG_INVALID)).isEqualTo(1);
        assertThat(Cli.exitCodeOf(ErrorCode.NOT_FOUND)).isEqualTo(2);
        assertThat(Cli.exitCodeOf(ErrorCode.CONFLICT)).isEqualTo(3);
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(c.httpStatus()).as(c.name()).isBetween(400, 599);
            assertThat(c.exitCode()).as(c.name()).isBetween(1, 3);
        }
    }
}
