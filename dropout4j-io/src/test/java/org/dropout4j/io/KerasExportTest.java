package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.dropout4j.layers.AdditiveAttention;
import org.dropout4j.layers.Attention;
import org.dropout4j.layers.Bidirectional;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Embedding;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.GroupNormalization;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.LSTM;
import org.dropout4j.layers.MultiHeadAttention;
import org.dropout4j.layers.TimeDistributed;
import org.dropout4j.layers.activations.ThresholdedReLU;
import org.dropout4j.layers.merging.Add;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.merging.Dot;
import org.dropout4j.layers.merging.Multiply;
import org.dropout4j.layers.merging.Subtract;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.losses.Losses;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Adam;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keras 3 {@code .keras} export: every model (Sequential and functional: residual, two inputs and two outputs, a
 * shared layer, every merge, an Embedding branch on int32 input, a nested model, recurrent and wrapped layers, the
 * layers Keras lacks) is written, read back by dropout4j's own Keras importer and predicts the same (1e-5; runs
 * everywhere). With a Python that has Keras 3 ({@code DROPOUT4J_PYTHON}, default {@code python3}), real Keras'
 * {@code keras.saving.load_model} reads each file and predicts what dropout4j predicts within 1e-5; without one
 * that test is skipped, saying why.
 */
class KerasExportTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path dir;

  /** Functional models covering the graph features, built with a seed. */
  static Map<String, Functional> functionalModels() {
    Map<String, Functional> m = new LinkedHashMap<>();
    KerasTensor x = Input.of(Shape.of(Shape.UNKNOWN, 6), "features").output();
    KerasTensor h = new Dense(6, "relu").apply(x);
    KerasTensor r = new Add().apply(x, new Dense(6).apply(h));
    m.put("residual_mlp", new Functional(List.of(x), List.of(new Dense(2, "softmax").apply(r)), "residual"));

    KerasTensor a = Input.of(Shape.of(Shape.UNKNOWN, 5), "a").output();
    KerasTensor b = Input.of(Shape.of(Shape.UNKNOWN, 3), "b").output();
    KerasTensor ha = new Dense(4, "tanh").apply(a);
    KerasTensor joined = new Concatenate().apply(ha, b);
    KerasTensor kind = Dense.builder(3).activation("softmax").name("kind").build().apply(joined);
    KerasTensor value = Dense.builder(1).name("value").build().apply(new Dropout(0.3f).apply(ha));
    m.put("two_in_two_out", new Functional(List.of(a, b), List.of(kind, value), "two_towers"));

    KerasTensor left = Input.of(Shape.of(Shape.UNKNOWN, 4), "left").output();
    KerasTensor right = Input.of(Shape.of(Shape.UNKNOWN, 4), "right").output();
    Dense shared = Dense.builder(3).activation("relu").name("encoder").build();
    KerasTensor el = shared.apply(left);
    KerasTensor er = shared.apply(right);
    KerasTensor merged = new Concatenate().apply(new Subtract().apply(el, er), new Multiply().apply(el, er),
        new Dot(1, true).apply(el, er));
    m.put("shared_merges", new Functional(List.of(left, right), List.of(new Dense(1, "sigmoid").apply(merged)),
        "siamese"));

    KerasTensor ids = Input.of(Shape.of(Shape.UNKNOWN, 5), "ids").dtype("int32").output();
    KerasTensor num = Input.of(Shape.of(Shape.UNKNOWN, 2), "num").output();
    KerasTensor text = new LSTM(3).apply(new Embedding(9, 4).apply(ids));
    m.put("embedding_branch", new Functional(List.of(ids, num), List.of(new Dense(2).apply(
        new Concatenate().apply(text, num))), "text_and_numbers"));

    KerasTensor ii = Input.of(Shape.of(Shape.UNKNOWN, 4), "inner_in").output();
    Functional inner = new Functional(List.of(ii), List.of(new Dense(4, "tanh").apply(ii)), "block");
    KerasTensor oi = Input.of(Shape.of(Shape.UNKNOWN, 4), "outer_in").output();
    KerasTensor once = inner.apply(oi).get(0);
    KerasTensor twice = inner.apply(new Dense(4).apply(once)).get(0);
    m.put("nested_twice", new Functional(List.of(oi), List.of(new Dense(2).apply(twice), once), "outer"));

    KerasTensor seq = Input.of(Shape.of(Shape.UNKNOWN, 5, 3), "steps").output();
    KerasTensor bi = new Bidirectional(GRU.builder(2).resetAfter(false).returnSequences(true), "concat").apply(seq);
    KerasTensor td = new TimeDistributed(new Dense(2)).apply(bi);
    m.put("recurrent_wrappers", new Functional(List.of(seq), List.of(new Dense(1).apply(new Flatten().apply(td))),
        "wrappers"));
    for (Functional f : m.values()) {
      f.setRandomSeed(77);
      f.build();
    }
    return m;
  }

  /** Causal self-attention with dropout, Attention (concat), AdditiveAttention and GroupNormalization (no TF.js). */
  static Functional attentionModel() {
    KerasTensor tokens = Input.of(Shape.of(Shape.UNKNOWN, 5, 4), "tokens").output();
    KerasTensor self = MultiHeadAttention.builder(2, 3).dropout(0.2f).name("self_attention").build()
        .apply(List.of(tokens, tokens, tokens), Map.of("use_causal_mask", true));
    KerasTensor dot = new Attention(true, Attention.CONCAT, 0.1f, null, null, true).apply(List.of(self, tokens),
        Map.of("use_causal_mask", true));
    KerasTensor additive = new AdditiveAttention().apply(self, tokens, dot);
    Functional model = new Functional(List.of(tokens), List.of(new GroupNormalization(2).apply(additive)),
        "attention");
    model.setRandomSeed(77);
    model.build();
    return model;
  }

  /**
   * Gated MultiHeadAttention given Keras' {@code attention_mask} (a boolean model input, the fourth input) with
   * the causal mask, then a cross attention with dropout given the same mask and an explicit key, then a Softmax
   * given the mask explicitly ({@code Softmax()(x, mask=allowed)}).
   */
  static Functional attentionMaskModel() {
    KerasTensor tokens = Input.of(Shape.of(Shape.UNKNOWN, 5, 4), "tokens").output();
    KerasTensor allowed = Input.of(Shape.of(Shape.UNKNOWN, 5, 5), "allowed").dtype("bool").output();
    KerasTensor gated = MultiHeadAttention.builder(2, 3).useGate(true).name("gated").build()
        .apply(List.of(tokens, tokens, tokens, allowed), Map.of("use_causal_mask", true));
    KerasTensor keys = new Dense(3).apply(tokens);
    KerasTensor cross = MultiHeadAttention.builder(2, 2).dropout(0.1f).name("cross").build()
        .apply(List.of(gated, tokens, keys, allowed), Map.of());
    KerasTensor probs = new org.dropout4j.layers.activations.Softmax().apply(new Dense(5).apply(cross), allowed);
    Functional model = new Functional(List.of(tokens, allowed), List.of(probs), "attention_mask");
    model.setRandomSeed(77);
    model.build();
    return model;
  }

  static List<Tensor> inputs(Model model, int n) {
    List<Tensor> out = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    List<String> dtypes = new ArrayList<>();
    if (model instanceof Functional f) {
      for (KerasTensor t : f.inputs()) {
        shapes.add(t.shape());
        dtypes.add(t.dtype());
      }
    } else {
      Sequential s = (Sequential) model;
      shapes.add(s.inputShape());
      dtypes.add(s.layers().get(0) instanceof Embedding ? "int32" : "float32");
    }
    for (int k = 0; k < shapes.size(); k++) {
      Shape shape = shapes.get(k).withBatch(n);
      float[] v = new float[shape.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = dtypes.get(k).equals("float32") ? (float) Math.sin(0.37 * i + k)
            : dtypes.get(k).equals("bool") ? (i * 7 + k) % 3 == 0 ? 0 : 1 : (i * 7 + k) % 9;
      }
      out.add(Tensor.of(shape, v));
    }
    return out;
  }

  private static Map<String, Model> allModels() {
    Map<String, Model> all = new LinkedHashMap<>(functionalModels());
    all.put("attention", attentionModel());
    all.put("attention_mask", attentionMaskModel());
    for (Map.Entry<String, Sequential> e : ConvRecurrentModels.built().entrySet()) {
      if (!e.getKey().equals(ConvRecurrentModels.GRU_RESET_AFTER)) {
        all.put(e.getKey(), e.getValue());
      }
    }
    all.put(ConvRecurrentModels.GRU_RESET_AFTER, ConvRecurrentModels.built().get(ConvRecurrentModels.GRU_RESET_AFTER));
    all.putAll(DropoutFamilyModels.built());
    all.putAll(ConvShapeIoTest.models());
    return all;
  }

  private static void assertClose(List<Tensor> want, List<Tensor> got, String what) {
    assertEquals(want.size(), got.size(), what + ": output count");
    for (int k = 0; k < want.size(); k++) {
      assertEquals(want.get(k).shape(), got.get(k).shape(), what + " output " + k);
      for (int i = 0; i < want.get(k).size(); i++) {
        float a = want.get(k).get(i);
        float b = got.get(k).get(i);
        assertTrue(Math.abs(a - b) <= TOLERANCE + TOLERANCE * Math.abs(a), what + " output " + k + "[" + i
            + "]: dropout4j " + a + ", read back " + b);
      }
    }
  }

  @Test
  void every_model_reads_back_through_the_keras_importer_with_the_same_predictions() throws Exception {
    for (Map.Entry<String, Model> e : allModels().entrySet()) {
      Model model = e.getValue();
      List<Tensor> x = inputs(model, 4);
      List<Tensor> want = model.predict(x, 32);
      Path file = dir.resolve(e.getKey() + ".keras");
      KerasExport.save(model, file);
      Model back = KerasGraphImport.load(file);
      assertEquals(model.getClass(), back.getClass(), e.getKey());
      assertClose(want, back.predict(x, 32), e.getKey());
    }
  }

  @Test
  void the_archive_holds_keras_entries_and_a_compile_config_when_compiled() throws Exception {
    Functional model = functionalModels().get("two_in_two_out");
    model.compile(new Adam(0.01f), List.of(Losses.get("categorical_crossentropy"), Losses.get("mse")),
        List.of(1.0, 0.5), "mae");
    Path file = dir.resolve("m.keras");
    KerasExport.save(model, file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      assertEquals(List.of("metadata.json", "config.json", "model.weights.h5"),
          zip.stream().map(z -> z.getName()).toList());
    }
    Map<String, Object> compile = KerasCompile.read(file);
    assertEquals(List.of(1.0, 0.5), compile.get("loss_weights"));
    assertEquals("Adam", ((Map<?, ?>) compile.get("optimizer")).get("class_name"));
    assertEquals(List.of("CategoricalCrossentropy", "MeanSquaredError"),
        ((List<?>) compile.get("loss")).stream().map(l -> ((Map<?, ?>) l).get("class_name")).toList());
  }

  @Test
  void layers_keras_lacks_are_exported_as_equivalents_with_a_warning() throws Exception {
    List<String> warnings = KerasExport.save(DropoutFamilyModels.built().get("learned_dropout"),
        dir.resolve("learned.keras"));
    assertEquals(4, warnings.size(), warnings.toString());
    assertTrue(warnings.get(1).contains("\"drop_connect\" (DropConnectDense) exported as Dense"), warnings.get(1));
    assertTrue(warnings.get(3).contains("\"svd\" (SparseVariationalDense) exported as Dense"), warnings.get(3));
    Sequential t = new Sequential(Input.shape(3), new ThresholdedReLU(0.5f, null));
    t.setRandomSeed(1);
    t.build(t.inputShape());
    List<String> w = KerasExport.save(t, dir.resolve("t.keras"));
    assertTrue(w.get(0).contains("exported as ReLU(threshold=0.5)"), w.toString());
  }

  @Test
  void an_unbuilt_model_is_refused() {
    Sequential model = new Sequential(Input.shape(3), new Dense(2));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> KerasExport.save(model, dir.resolve("x.keras")));
    assertTrue(e.getMessage().contains("not built"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.keras")));
  }

  @Test
  void real_keras_loads_every_model_and_predicts_what_dropout4j_predicts() throws Exception {
    String python = System.getenv().getOrDefault("DROPOUT4J_PYTHON", "python3");
    assumeTrue(ChildProcess.run(List.of(python, "-c", "import keras, numpy; assert keras.__version__.startswith('3.')"),
        dir.resolve("probe.txt")) == 0, python + " has no Keras 3 (set DROPOUT4J_PYTHON to a Python with keras 3 "
        + "and numpy to run this check)");
    Path script = script();
    Map<String, List<Tensor>> expected = new LinkedHashMap<>();
    StringBuilder jobs = new StringBuilder();
    for (Map.Entry<String, Model> e : allModels().entrySet()) {
      Model model = e.getValue();
      List<Tensor> x = inputs(model, 4);
      expected.put(e.getKey(), model.predict(x, 32));
      Path file = dir.resolve(e.getKey() + ".keras");
      KerasExport.save(model, file);
      jobs.append(file).append('\t').append(dir.resolve(e.getKey() + "_out"));
      for (int k = 0; k < x.size(); k++) {
        Path in = dir.resolve(e.getKey() + "_in" + k + ".npy");
        NpyFile.write(x.get(k), in);
        jobs.append('\t').append(in);
      }
      jobs.append('\n');
    }
    Path list = Files.writeString(dir.resolve("jobs.tsv"), jobs.toString());
    Path log = dir.resolve("keras.log");
    assertEquals(0, ChildProcess.run(List.of(python, script.toString(), list.toString()), log), "Keras failed: "
        + Files.readString(log));
    for (Map.Entry<String, List<Tensor>> e : expected.entrySet()) {
      List<Tensor> got = new ArrayList<>();
      for (int k = 0; k < e.getValue().size(); k++) {
        got.add(NpyFile.read(dir.resolve(e.getKey() + "_out" + k + ".npy")));
      }
      assertClose(e.getValue(), got, e.getKey() + " (real Keras)");
    }
  }

  private static Path script() throws URISyntaxException {
    return Path.of(KerasExportTest.class.getResource("/keras_export/load_and_predict.py").toURI());
  }
}
