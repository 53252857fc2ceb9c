package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.dropout4j.layers.CallContext;
import org.dropout4j.models.Model;
import org.dropout4j.random.RngKey;
import org.dropout4j.tensor.Ops;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real Keras 3.15 models with masks (keras/masking, written by tools/golden/make_masking_goldens.py: Embedding with
 * mask_zero, Masking, LSTM/GRU/SimpleRNN, Bidirectional, a merge of masked tensors, GlobalAveragePooling1D), loaded
 * from their .keras and .h5 files: predictions on padded inputs and gradients as Keras computes them.
 */
class MaskingGoldenTest {
  private static final double ABS = 1e-5;
  private static final double REL = 1e-5;

  private static void assertClose(String label, float expected, float actual) {
    assertTrue(Math.abs(expected - actual) <= ABS + REL * Math.abs(expected), label + ": expected " + expected
        + ", received " + actual);
  }

  @ParameterizedTest
  @ValueSource(strings = {"emb_lstm.keras", "emb_lstm.h5", "emb_gru_seq.keras", "emb_gru_seq.h5",
      "masking_rnn_gap.keras", "masking_rnn_gap.h5", "emb_bilstm.keras", "emb_bilstm.h5", "emb_bigru_seq.keras",
      "emb_bigru_seq.h5"})
  void masked_keras_model_predicts_padded_inputs_like_keras(String file) throws IOException {
    String stem = file.substring(0, file.lastIndexOf('.'));
    Model model = Models.loadModel(KerasImportTest.resource("masking/" + file));
    Tensor x = NpyFile.read(KerasImportTest.resource("masking/" + stem + ".inputs.npy"));
    Tensor expected = NpyFile.read(KerasImportTest.resource("masking/" + stem + ".outputs.npy"));
    Tensor actual = model.predict(x);
    assertEquals(expected.shape(), actual.shape());
    for (int i = 0; i < expected.size(); i++) {
      assertClose(file + " element " + i, expected.get(i), actual.get(i));
    }
  }

  @Test
  void masked_lstm_gradients_match_keras() throws IOException {
    JsonNode doc = new ObjectMapper().readTree(KerasImportTest.resource("masking/gradients.json").toFile());
    Model model = Models.loadModel(KerasImportTest.resource("masking/emb_lstm.keras"));
    Tensor ids = NpyFile.read(KerasImportTest.resource("masking/emb_lstm.inputs.npy"));
    Tensor r = JsonTensors.tensor(doc.get("r"));
    List<Parameter> weights = model.trainableWeights();
    assertEquals(doc.get("gradients").size(), weights.size());
    for (Parameter p : weights) {
      p.zeroGrad();
    }
    Tensor y = model.call(List.of(ids), CallContext.training(RngKey.of(1), 0)).get(0);
    Ops.sum(Ops.mul(y, r)).backward();
    for (int w = 0; w < weights.size(); w++) {
      Tensor g = JsonTensors.tensor(doc.get("gradients").get(w));
      float[] actual = weights.get(w).gradData();
      assertEquals(g.size(), actual.length, doc.get("weights").get(w).asText());
      for (int i = 0; i < actual.length; i++) {
        assertClose(doc.get("weights").get(w).asText() + " [" + i + "]", g.get(i), actual[i]);
      }
    }
  }

  @Test
  void loss_of_masked_per_step_outputs_and_its_gradients_match_keras() throws IOException {
    JsonNode doc = new ObjectMapper().readTree(KerasImportTest.resource("masking/masked_loss.json").toFile());
    Model model = Models.loadModel(KerasImportTest.resource("masking/emb_gru_seq.keras"));
    Tensor ids = NpyFile.read(KerasImportTest.resource("masking/emb_gru_seq.inputs.npy"));
    List<Parameter> weights = model.trainableWeights();
    for (Parameter p : weights) {
      p.zeroGrad();
    }
    Tensor y = model.call(List.of(ids), CallContext.training(RngKey.of(1), 0).withTraining(false)).get(0);
    Tensor loss = org.dropout4j.losses.Losses.get("mean_squared_error").call(JsonTensors.tensor(doc.get("y_true")), y);
    assertClose("masked loss", (float) doc.get("loss").asDouble(), loss.item());
    loss.backward();
    for (int w = 0; w < weights.size(); w++) {
      Tensor g = JsonTensors.tensor(doc.get("gradients").get(w));
      float[] actual = weights.get(w).gradData();
      for (int i = 0; i < actual.length; i++) {
        assertClose(doc.get("weights").get(w).asText() + " [" + i + "]", g.get(i), actual[i]);
      }
    }
  }

}
