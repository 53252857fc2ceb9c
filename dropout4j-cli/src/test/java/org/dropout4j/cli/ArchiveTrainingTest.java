package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher's archive training run ({@link ArchiveTraining}): its command lines are ones the CLI accepts (an
 * option renamed in a command would otherwise make every archive fail to build, silently, as the launcher then runs
 * without one), it covers the commands whose start-up the archive is for, and a failure is an exit status naming what
 * failed. That the archive made from it holds every class {@code mc-predict} and {@code predict} load is checked on
 * the real launcher by {@code .ci/cds-coverage.sh}.
 */
class ArchiveTrainingTest {
  @TempDir
  Path dir;

  @Test
  void every_command_line_parses_as_the_cli_parses_it() {
    for (List<String> command : ArchiveTraining.commands(dir)) {
      CommandLine cl = Main.commandLine(command);
      NumberOptions.register(cl);
      cl.parseArgs(command.toArray(new String[0])); // throws ParameterException for an unknown or bad option
    }
  }

  @Test
  void it_runs_the_commands_the_archive_is_for() {
    List<String> names = new ArrayList<>();
    for (List<String> command : ArchiveTraining.commands(dir)) {
      names.add(command.get(0));
    }
    assertTrue(names.containsAll(List.of("circles", "convert", "data", "predict", "mc-predict")), names.toString());
    // predict and mc-predict read the model convert writes and the inputs taken from data's CSV
    assertTrue(names.indexOf("convert") < names.indexOf("predict") && names.indexOf("data") < names.indexOf("predict"),
        names.toString());
  }

  @Test
  void a_work_folder_that_cannot_be_made_is_status_1_naming_it() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = ArchiveTraining.run(file.resolve("work"));
    } finally {
      System.setErr(old);
    }
    assertEquals(1, status);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("not-a-folder"), err.toString(StandardCharsets.UTF_8));
  }
}
