package org.dropout4j.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonPeerTest {
  /** Output as torch_circles.py prints it, with the noise a real run can add around the result lines. */
  private static final String OUTPUT = String.join("\n",
      "/usr/lib/python3/dist-packages/torch/__init__.py:1: UserWarning: something",
      "RESULT {\"peer\": \"pytorch\", \"torch_version\": \"1.13.0a0\", \"rate\": 0.0, \"epochs\": 4000, "
          + "\"seconds\": 2.3301, \"train_acc\": 1.0, \"test_acc\": 0.7714285850524902, \"seed\": 1000, \"threads\": 2}",
      "  RESULT {\"peer\": \"pytorch\", \"torch_version\": \"2.13.0+cpu\", \"rate\": 0.4, \"epochs\": 4000, "
          + "\"seconds\": 5.2, \"train_acc\": 0.9666666388511658, \"test_acc\": 0.8142856955528259}\r",
      "NO RESULT here: RESULT {\"peer\": 1}",
      "");

  @TempDir Path dir;

  @Test
  void parse_reads_every_result_line_in_order_and_ignores_other_lines() {
    List<PeerResult> results = PythonPeer.parse(OUTPUT);
    assertEquals(List.of(
        new PeerResult("pytorch", "1.13.0a0", 0.0, 4000, 2.3301, 1.0, 0.7714285850524902),
        new PeerResult("pytorch", "2.13.0+cpu", 0.4, 4000, 5.2, 0.9666666388511658, 0.8142856955528259)),
        results);
  }

  @Test
  void parse_timings_reads_time_only_results_and_refuses_negative_seconds() {
    assertEquals(List.of(new TimingPeerResult("pytorch", "1.13.0a0", "circles", 28.7)), PythonPeer.parseTimings(
        "warming up\nRESULT {\"peer\": \"pytorch\", \"torch_version\": \"1.13.0a0\", \"workload\": "
            + "\"circles\", \"seconds\": 28.7, \"passes\": 100}\n"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonPeer.parseTimings(
        "RESULT {\"peer\": \"p\", \"torch_version\": \"1\", \"workload\": \"mlp\", \"seconds\": -1}"));
    assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("seconds=-1.0"), e.getMessage());
  }

  @Test
  void parse_of_output_without_results_is_empty() {
    assertEquals(List.of(), PythonPeer.parse("Traceback (most recent call last):\nImportError: torch\n"));
  }

  @Test
  void parse_of_a_result_missing_a_field_throws_naming_the_line_and_field() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonPeer.parse(
        "hello\nRESULT {\"peer\": \"pytorch\", \"torch_version\": \"2\", \"rate\": 0.4, \"epochs\": 10, "
            + "\"train_acc\": 1.0, \"test_acc\": 0.5}\n"));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("`seconds`"), e.getMessage());
  }

  @Test
  void parse_of_a_result_with_a_wrongly_typed_field_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonPeer.parse(
        "RESULT {\"peer\": \"pytorch\", \"torch_version\": \"2\", \"rate\": \"0.4\", \"epochs\": 10, "
            + "\"seconds\": 1, \"train_acc\": 1.0, \"test_acc\": 0.5}"));
    assertTrue(e.getMessage().contains("rate=\"0.4\""), e.getMessage());
  }

  @Test
  void parse_of_invalid_json_throws_naming_the_line() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PythonPeer.parse("RESULT {not json"));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  @Test
  void parse_of_a_fractional_epoch_count_throws() {
    assertThrows(IllegalArgumentException.class, () -> PythonPeer.parse(
        "RESULT {\"peer\": \"p\", \"torch_version\": \"2\", \"rate\": 0, \"epochs\": 1.5, "
            + "\"seconds\": 1, \"train_acc\": 1.0, \"test_acc\": 0.5}"));
  }

  @Test
  void candidates_try_the_environment_variable_then_debian_python_then_path() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path python3 = executable(bin.resolve("python3"), "#!/bin/sh\n");
    List<String> c = PythonPeer.candidates(Map.of(
        PythonPeer.ENV_PYTHON, "/opt/venv/bin/python", "PATH", dir.resolve("nothing") + ":" + bin));
    assertEquals(List.of("/opt/venv/bin/python", PythonPeer.SYSTEM_PYTHON, python3.toString()), c);
  }

  @Test
  void candidates_without_the_variable_start_with_debian_python() {
    assertEquals(List.of(PythonPeer.SYSTEM_PYTHON), PythonPeer.candidates(Map.of("PATH", dir.toString())));
  }

  @Test
  void no_interpreter_with_torch_gives_an_unavailable_result_not_an_exception() throws IOException {
    Path noTorch = executable(dir.resolve("python-without-torch"),
        "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'torch'\" >&2\nexit 1\n");
    PythonPeer peer = PythonPeer.withCandidates(List.of(dir.resolve("missing").toString(), noTorch.toString()));
    PeerRun<PeerResult> run = peer.run(script(), List.of(), Duration.ofSeconds(30));
    assertEquals(PeerRun.Status.UNAVAILABLE, run.status());
    assertEquals(Optional.empty(), run.interpreter());
    assertTrue(run.message().startsWith(
        "peer unavailable: install python3-torch (apt-get install -y python3-torch) or set DROPOUT4J_PEER_PYTHON"),
        run.message());
    assertTrue(run.message().contains("No module named 'torch'"), run.message());
  }

  @Test
  void run_passes_the_arguments_and_parses_the_results() throws IOException {
    // a stand-in interpreter: answers the torch probe, then echoes its arguments inside a RESULT line
    Path fake = executable(dir.resolve("fake-python"), String.join("\n",
        "#!/bin/sh",
        "if [ \"$1\" = -c ]; then echo 9.9; exit 0; fi",
        "echo \"starting $*\" >&2",
        "echo 'RESULT {\"peer\": \"pytorch\", \"torch_version\": \"9.9\", \"rate\": '\"$3\"', \"epochs\": 7, "
            + "\"seconds\": 0.5, \"train_acc\": 1, \"test_acc\": 0.75}'",
        ""));
    PeerRun<PeerResult> run = PythonPeer.withCandidates(List.of(fake.toString()))
        .run(script(), List.of("--rate", "0.4"), Duration.ofSeconds(30));
    assertEquals(PeerRun.Status.OK, run.status(), run.message());
    assertEquals(Optional.of(fake.toString()), run.interpreter());
    assertEquals(List.of(new PeerResult("pytorch", "9.9", 0.4, 7, 0.5, 1, 0.75)), run.results());
    assertTrue(run.output().contains("starting " + script() + " --rate 0.4"), run.output());
  }

  @Test
  void script_exiting_non_zero_is_a_failure_with_its_last_output_line() throws IOException {
    Path fake = executable(dir.resolve("fake-python"),
        "#!/bin/sh\nif [ \"$1\" = -c ]; then exit 0; fi\necho 'FileNotFoundError: circles.csv' >&2\nexit 3\n");
    PeerRun<PeerResult> run = PythonPeer.withCandidates(List.of(fake.toString())).run(script(), List.of(), Duration.ofSeconds(30));
    assertEquals(PeerRun.Status.FAILED, run.status());
    assertTrue(run.message().contains("exit code 3") && run.message().contains("circles.csv"), run.message());
  }

  @Test
  void script_running_past_the_timeout_is_killed_and_reported() throws IOException {
    Path fake = executable(dir.resolve("fake-python"),
        "#!/bin/sh\nif [ \"$1\" = -c ]; then exit 0; fi\nexec sleep 30\n");
    long start = System.nanoTime();
    PeerRun<PeerResult> run = PythonPeer.withCandidates(List.of(fake.toString()))
        .run(script(), List.of(), Duration.ofMillis(300));
    assertEquals(PeerRun.Status.FAILED, run.status());
    assertTrue(run.message().contains("timed out"), run.message());
    assertTrue((System.nanoTime() - start) / 1e9 < 20, "returned soon after the timeout");
  }

  @Test
  void missing_script_throws_naming_the_argument() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PythonPeer.fromEnvironment().run(dir.resolve("nope.py"), List.of(), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("`script`"), e.getMessage());
  }

  @Test
  void parseTraining_reads_the_fashion_peer_lines_and_ignores_extra_fields() {
    List<TrainingPeerResult> r = PythonPeer.parseTraining("warming up\n"
        + "RESULT {\"peer\": \"pytorch\", \"torch_version\": \"1.13.0a0\", \"workload\": \"fashion-cnn\", "
        + "\"batch_size\": 128, \"batches\": 40, \"seconds\": 5.12, \"epoch_seconds\": 60.0, \"threads\": 2}\n");
    assertEquals(List.of(new TrainingPeerResult("pytorch", "1.13.0a0", "fashion-cnn", 128, 40, 5.12, 60.0)), r);
  }

  @Test
  void parseTraining_of_a_line_without_epoch_seconds_throws_naming_the_field() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonPeer.parseTraining(
        "RESULT {\"peer\": \"pytorch\", \"torch_version\": \"1\", \"workload\": \"fashion-mlp\", "
            + "\"batch_size\": 128, \"batches\": 4, \"seconds\": 1}"));
    assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("`epoch_seconds`"), e.getMessage());
  }

  @Test
  void parseTraining_of_zero_batches_throws() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PythonPeer.parseTraining(
        "RESULT {\"peer\": \"pytorch\", \"torch_version\": \"1\", \"workload\": \"fashion-mlp\", "
            + "\"batch_size\": 128, \"batches\": 0, \"seconds\": 1, \"epoch_seconds\": 1}"));
    assertTrue(e.getMessage().contains("batches=0"), e.getMessage());
  }

  @Test
  void run_passes_the_extra_environment_to_the_script() throws IOException {
    Path fake = executable(dir.resolve("fake-python"), String.join("\n",
        "#!/bin/sh",
        "if [ \"$1\" = -c ]; then echo 9.9; exit 0; fi",
        "echo 'RESULT {\"peer\": \"'\"$OMP_WAIT_POLICY\"'\", \"torch_version\": \"9.9\", \"workload\": \"w\", "
            + "\"batch_size\": 1, \"batches\": 1, \"seconds\": 0.5, \"epoch_seconds\": 3e4}'",
        ""));
    PeerRun<TrainingPeerResult> run = PythonPeer.withCandidates(List.of(fake.toString())).run(script(), List.of(),
        Map.of("OMP_WAIT_POLICY", "PASSIVE"), Duration.ofSeconds(30), PythonPeer::parseTraining);
    assertEquals(PeerRun.Status.OK, run.status(), run.message());
    assertEquals("PASSIVE", run.results().get(0).peer());
  }

  private Path script() throws IOException {
    Path p = dir.resolve("peer.py");
    if (!Files.exists(p)) {
      Files.writeString(p, "# stand-in\n");
    }
    return p;
  }

  private static Path executable(Path path, String text) throws IOException {
    Files.writeString(path, text);
    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    return path;
  }
}
