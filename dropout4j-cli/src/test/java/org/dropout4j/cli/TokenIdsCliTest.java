package org.dropout4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.dropout4j.io.Models;
import org.dropout4j.io.NpyFile;
import org.dropout4j.models.McPrediction;
import org.dropout4j.models.MonteCarloDropout;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} and {@code mc-predict} on a real Keras 3.15 model fed token ids (keras/masked_tokens.keras:
 * Input(int32) -> Embedding(mask_zero=True) -> LSTM -> Dropout -> Dense(softmax), written by
 * tools/golden/make_cli_token_fixture.py): padded ids given as an int64 .npy (NumPy's default integers), as an int32
 * .npy and as a CSV with a header, each predicting Keras' outputs within 1e-5; {@code mc-predict} writes what
 * {@link MonteCarloDropout} computes for the same seed, with spread from the dropout.
 */
class TokenIdsCliTest {
  @TempDir
  Path dir;

  private static final Path MODEL = KerasImportCliTest.resource("masked_tokens.keras");

  private void predictsKerasOutputs(Path ids) throws IOException {
    Path out = dir.resolve("y.npy");
    CliRun r = CliRun.of("predict", MODEL.toString(), "--x", ids.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    Tensor expected = NpyFile.read(KerasImportCliTest.resource("masked_tokens.outputs.npy"));
    Tensor actual = NpyFile.read(out);
    assertEquals(expected.shape(), actual.shape());
    assertArrayEquals(expected.toArray(), actual.toArray(), 1e-5f, ids.getFileName().toString());
  }

  @Test
  void predict_reads_int64_npy_token_ids() throws IOException {
    predictsKerasOutputs(KerasImportCliTest.resource("masked_tokens.ids.npy"));
  }

  @Test
  void predict_reads_int32_npy_token_ids() throws IOException {
    Tensor ids = NpyFile.read(KerasImportCliTest.resource("masked_tokens.ids.npy"));
    predictsKerasOutputs(FunctionalCliTest.int32Npy(dir.resolve("ids32.npy"), ids));
  }

  @Test
  void predict_reads_csv_token_ids_with_a_header() throws IOException {
    predictsKerasOutputs(KerasImportCliTest.resource("masked_tokens.ids.csv"));
  }

  @Test
  void mc_predict_on_token_ids_matches_monte_carlo_dropout() throws IOException {
    Path ids = KerasImportCliTest.resource("masked_tokens.ids.npy");
    Path out = dir.resolve("mc.csv");
    CliRun r = CliRun.of("mc-predict", MODEL.toString(), "--x", ids.toString(), "--passes", "20", "--seed", "5",
        "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    McPrediction p = MonteCarloDropout.predict(Models.loadModel(MODEL), NpyFile.read(ids), 20, 5);
    float[] got = PredictCommandTest.readCsv(out, "mean_0,mean_1,mean_2,std_0,std_1,std_2,entropy,bald");
    float[] mean = p.mean().toArray();
    float[] std = p.std().toArray();
    for (int i = 0; i < 5; i++) {
      float[] want = {mean[3 * i], mean[3 * i + 1], mean[3 * i + 2], std[3 * i], std[3 * i + 1], std[3 * i + 2],
          p.predictiveEntropy().toArray()[i], p.mutualInformation().toArray()[i]};
      assertArrayEquals(want, Arrays.copyOfRange(got, 8 * i, 8 * i + 8), 1e-6f, "row " + i);
    }
    assertTrue(got[3] > 0, "dropout is active in the passes: std > 0");
  }
}
