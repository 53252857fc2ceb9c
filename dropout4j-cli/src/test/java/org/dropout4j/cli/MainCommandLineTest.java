package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Which subcommands {@link Main#commandLine} registers: only the one the first word names (the others are neither
 * constructed nor read by picocli), none for a bare {@code --version}, and the full set for help, completion and
 * names that are not commands, so that help lists every command and a misspelt name gets picocli's suggestions.
 */
class MainCommandLineTest {
  private static List<String> subcommands(String... args) {
    CommandLine cl = Main.commandLine(List.of(args));
    return List.copyOf(cl.getSubcommands().keySet());
  }

  private static final List<String> ALL = List.of("circles", "experiment", "grid", "compare", "uncertainty", "data",
      "convert", "predict", "mc-predict", "train", "fit", "evaluate", "bench", "help", "generate-completion");

  @Test
  void a_named_command_is_the_only_one_registered() {
    assertEquals(List.of("circles"), subcommands("circles", "--repeats", "1"));
    assertEquals(List.of("mc-predict"), subcommands("mc-predict", "m.d4j", "--input", "x.csv"));
  }

  @Test
  void bare_version_registers_no_command() {
    assertEquals(List.of(), subcommands("--version"));
  }

  @Test
  void help_no_arguments_and_unknown_names_register_every_command_in_help_order() {
    assertEquals(ALL, subcommands());
    assertEquals(ALL, subcommands("--help"));
    assertEquals(ALL, subcommands("--version", "--help"));
    assertEquals(ALL, subcommands("help", "circles"));
    assertEquals(ALL, subcommands("circlez"));
  }

  @Test
  void help_of_a_command_and_a_misspelt_command_behave_as_with_every_command_registered() {
    assertEquals(0, Main.run("help", "data"));
    assertEquals(2, Main.run("circlez"));
    assertEquals(0, Main.run("--version"));
  }
}
