package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.dropout4j.data.Idx;
import org.dropout4j.data.IdxArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dropout4j bench fashion-*} in-process: option checks and error messages, and one tiny training on
 * synthetic IDX files with a stand-in peer (no torch, no real data).
 */
class BenchCommandTest {
  @TempDir
  Path dir;

  /** {@code n} random-ish 28x28 images with labels 0..9, as the four IDX files of a data set directory. */
  private Path tinyDataSet(int n) throws IOException {
    Path data = Files.createDirectories(dir.resolve("data"));
    for (String prefix : new String[] {"train", "t10k"}) {
      byte[] px = new byte[n * 784];
      byte[] labels = new byte[n];
      for (int i = 0; i < n; i++) {
        labels[i] = (byte) (i % 10);
        for (int p = 0; p < 784; p++) {
          px[i * 784 + p] = (byte) ((i * 31 + p * 17) % 251);
        }
      }
      Idx.write(new IdxArray(new int[] {n, 28, 28}, px), data.resolve(prefix + "-images-idx3-ubyte.gz"));
      Idx.write(new IdxArray(new int[] {n}, labels), data.resolve(prefix + "-labels-idx1-ubyte.gz"));
    }
    return data;
  }

  /** A stand-in interpreter: answers the torch probe, then prints {@code body}'s output. */
  private Path fakePython(String body) throws IOException {
    Path p = dir.resolve("fake-python");
    Files.writeString(p, "#!/bin/sh\nif [ \"$1\" = -c ]; then echo 9.9; exit 0; fi\n" + body);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private Path peerScript() throws IOException {
    return Files.writeString(dir.resolve("peer.py"), "# stand-in\n");
  }

  @Test
  void unknown_workload_lists_the_known_ones() {
    CliRun r = CliRun.of("bench", "fashion-gan");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("unknown workload 'fashion-gan'; expected one of [circles, mc-dropout, fashion-mlp, fashion-cnn, "
        + "fashion-lstm]"), r.err());
  }

  @Test
  void batches_zero_is_rejected_naming_the_option_and_value() {
    CliRun r = CliRun.of("bench", "fashion-cnn", "--batches", "0");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("Invalid value for --batches: expected an integer >= 1, received 0"), r.err());
  }

  @Test
  void negative_warmup_batches_are_rejected() {
    CliRun r = CliRun.of("bench", "fashion-mlp", "--warmup-batches", "-1");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("Invalid value for --warmup-batches: expected an integer >= 0, received -1"), r.err());
  }

  @Test
  void batches_beyond_one_epoch_are_rejected() {
    CliRun r = CliRun.of("bench", "fashion-mlp", "--batches", "469");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("expected at most 468"), r.err());
  }

  @Test
  void circles_option_with_a_fashion_workload_is_rejected() {
    CliRun r = CliRun.of("bench", "fashion-lstm", "--epochs", "3");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("option --epochs does not apply to workload fashion-lstm"), r.err());
  }

  @Test
  void fashion_option_with_circles_is_rejected() {
    CliRun r = CliRun.of("bench", "circles", "--batches", "3");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("option --batches does not apply to workload circles"), r.err());
  }

  @Test
  void seed_with_circles_is_rejected() {
    CliRun r = CliRun.of("bench", "circles", "--seed", "7");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("option --seed does not apply to workload circles"), r.err());
  }

  @Test
  void missing_data_names_the_directory_and_how_to_install_it() {
    Path empty = dir.resolve("no-data");
    CliRun r = CliRun.of("bench", "fashion-mlp", "--data-dir", empty.toString(), "--no-peer");
    assertEquals(1, r.code());
    assertTrue(r.err().contains(empty.toString()) && r.err().contains("dataset-fashion-mnist"), r.err());
  }

  @Test
  void more_batches_than_the_training_set_holds_are_rejected() throws IOException {
    CliRun r = CliRun.of("bench", "fashion-mlp", "--data-dir", tinyDataSet(300).toString(), "--batches", "3",
        "--warmup-batches", "1", "--no-peer");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("3 batches of 128 need 384 training images, the data set has 300 (at most 2 "
        + "batches)"), r.err());
  }

  @Test
  void fashion_mlp_times_both_frameworks_and_prints_the_ratio() throws IOException {
    // the stand-in peer echoes its environment's OMP_WAIT_POLICY in the peer name and takes 0.5 s per 2 batches
    Path python = fakePython("echo 'RESULT {\"peer\": \"fake-'\"$OMP_WAIT_POLICY\"'\", \"torch_version\": \"9.9\", "
        + "\"workload\": \"fashion-mlp\", \"batch_size\": 128, \"batches\": 2, \"seconds\": 0.5, "
        + "\"epoch_seconds\": 117.1875}'\n");
    CliRun r = CliRun.of("bench", "fashion-mlp", "--data-dir", tinyDataSet(300).toString(), "--batches", "2",
        "--warmup-batches", "1", "--python", python.toString(), "--peer-script", peerScript().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("fashion-mlp: preset mlp, batch 128, 1 warm-up + 1 x 2 timed batches"), r.out());
    assertTrue(r.out().matches("(?s).*dropout4j fashion-mlp: median [0-9.]+ s per 2 batches .* s per 60k-image "
        + "epoch.*"), r.out());
    assertTrue(r.out().contains("fake-PASSIVE 9.9 fashion-mlp (2 threads, OMP_WAIT_POLICY=PASSIVE): median 0.500 s "
        + "per 2 batches (runs: 0.500) = 117.19 s per 60k-image epoch"), r.out());
    assertTrue(r.out().contains("dropout4j / fake-PASSIVE time: "), r.out());
  }

  @Test
  void a_failing_peer_is_reported_and_the_command_still_succeeds() throws IOException {
    Path python = fakePython("echo 'ModuleNotFoundError: numpy' >&2\nexit 3\n");
    CliRun r = CliRun.of("bench", "fashion-mlp", "--data-dir", tinyDataSet(200).toString(), "--batches", "1",
        "--warmup-batches", "0", "--python", python.toString(), "--peer-script", peerScript().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("\npeer failed: exit code 3, ModuleNotFoundError: numpy (command: "), r.out());
  }

  @Test
  void mc_dropout_times_both_models_in_both_frameworks_and_prints_the_ratios() throws IOException {
    Path python = fakePython("echo 'RESULT {\"peer\": \"fake\", \"torch_version\": \"9.9\", \"workload\": "
        + "\"x\", \"seconds\": 2.5}'\n");
    CliRun r = CliRun.of("bench", "mc-dropout", "--inputs", "40", "--passes", "3", "--runs", "1", "--warmup", "0",
        "--python", python.toString(), "--peer-script", peerScript().toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("mc-dropout: T=3 passes over 40 inputs (summaries included), 0 warm-up + 1 timed "
        + "calls"), r.out());
    assertTrue(r.out().matches("(?s).*circles +dropout4j +[0-9.]+ / [0-9.]+ / [0-9.]+\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*mlp +fake 9.9 +2.500 / 2.500 / 2.500 +[0-9.]+x\n.*"), r.out());
  }

  @Test
  void fashion_options_with_mc_dropout_are_rejected() {
    CliRun r = CliRun.of("bench", "mc-dropout", "--batches", "3");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("option --batches does not apply to workload mc-dropout (received --batches=3)"),
        r.err());
  }

  @Test
  void epoch_seconds_extrapolate_the_timed_batches_to_60000_images() {
    assertEquals(60.0, FashionBench.epochSeconds(1.0, 10, 100), 1e-9);
    assertEquals(117.1875, FashionBench.epochSeconds(0.5, 2, 128), 1e-9);
  }
}
