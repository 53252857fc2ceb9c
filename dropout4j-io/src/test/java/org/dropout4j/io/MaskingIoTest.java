package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Embedding;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.GlobalAveragePooling1D;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.Masking;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Masked models through the files: {@code Embedding(mask_zero=True)} and {@code Masking} survive .keras, .h5 and
 * TF.js and predict the same after loading; TF.js export refuses a layer a mask reaches that TF.js cannot mask.
 */
class MaskingIoTest {
  @TempDir
  Path dir;

  private static final Tensor IDS = Tensor.of(Shape.of(2, 5), 4, 2, 7, 0, 0, 3, 1, 1, 8, 5);

  private static Sequential embeddingLstm() {
    Sequential m = new Sequential(Input.shape(5).dtype("int32"), new Embedding(9, 4, true), new Dropout(0.2f),
        GRU.builder(3).resetAfter(false).returnSequences(true).build(), new LSTM(3), new Dense(2));
    m.build(Shape.batchOf(5));
    return m;
  }

  @Test
  void keras3_file_keeps_mask_zero_and_predicts_the_same() throws IOException {
    Sequential m = embeddingLstm();
    Path file = dir.resolve("m.keras");
    Models.save(m, file);
    Model back = Models.loadModel(file);
    assertArrayEquals(m.predict(IDS).toArray(), back.predict(IDS).toArray(), 1e-6f);
  }

  @Test
  void tfjs_export_keeps_mask_zero_and_masking_and_predicts_the_same() throws IOException {
    Sequential m = embeddingLstm();
    TfjsLayers.export(m, dir);
    String json = Files.readString(dir.resolve(TfjsLayers.MODEL_JSON));
    assertTrue(json.contains("\"mask_zero\":true") || json.contains("\"mask_zero\": true"), json);
    assertTrue(json.contains("\"dtype\":\"int32\"") || json.contains("\"dtype\": \"int32\""),
        "the int32 input is declared int32: " + json);
    Sequential back = TfjsLayers.load(dir);
    assertEquals("int32", back.input().dtype(), "the import reads the input dtype");
    assertArrayEquals(m.predict(IDS).toArray(), back.predict(IDS).toArray(), 1e-6f);

    Sequential seq = new Sequential(Input.shape(4, 2), new Masking(-1f), LSTM.builder(3).build());
    seq.build(Shape.batchOf(4, 2));
    Path d2 = dir.resolve("masking");
    TfjsLayers.export(seq, d2);
    Tensor x = Tensor.of(Shape.of(1, 4, 2), 1, 2, 3, 4, -1, -1, -1, -1);
    assertArrayEquals(seq.predict(x).toArray(), TfjsLayers.load(d2).predict(x).toArray(), 1e-6f);
  }

  @Test
  void tfjs_export_refuses_a_masked_global_average_pooling_naming_it() {
    Sequential m = new Sequential(Input.shape(5), new Embedding(9, 4, true),
        LSTM.builder(3).returnSequences(true).build(), new GlobalAveragePooling1D(), new Dense(1));
    m.build(Shape.batchOf(5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("GlobalAveragePooling1D") && e.getMessage().contains("mask"),
        e.getMessage());
  }

  @Test
  void tfjs_export_refuses_a_masked_bidirectional_returning_sequences() {
    Sequential m = new Sequential(Input.shape(5), new Embedding(9, 4, true),
        new Bidirectional(LSTM.builder(3).returnSequences(true), "concat"), new LSTM(2));
    m.build(Shape.batchOf(5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("Bidirectional") && e.getMessage().contains("zero_output_for_mask"),
        e.getMessage());
  }

  @Test
  void tfjs_export_of_a_functional_graph_refuses_a_masked_layer_tfjs_cannot_mask() {
    KerasTensor in = Input.shape(5).dtype("int32").output();
    KerasTensor seq = LSTM.builder(3).returnSequences(true).build().apply(new Embedding(9, 4, true).apply(in));
    KerasTensor out = new Dense(1).apply(new GlobalAveragePooling1D().apply(seq));
    Functional m = new Functional(List.of(in), List.of(out));
    m.build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TfjsLayers.export(m, dir));
    assertTrue(e.getMessage().contains("GlobalAveragePooling1D") && e.getMessage().contains("mask"),
        e.getMessage());
  }
}
