package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dropout4j.models.FitOptions;
import org.dropout4j.models.History;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regularized convolutions written and evaluated by real Keras 3.15 (keras/conv_regularizers, from
 * tools/golden/make_conv_regularizer_goldens.py): Conv3D, Conv2DTranspose, SeparableConv1D, SeparableConv2D and
 * DepthwiseConv2D with kernel (depthwise, pointwise), bias and activity regularizers (L1, L2, L1L2) and
 * constraints, compiled from their own files (SGD, mse). {@code evaluate} reports Keras' loss (mse plus the weight
 * penalties plus each batch's activity penalty over the batch size) within 1e-5 relative, also after saving as
 * {@code .keras} and reading back; one fit epoch of two SGD steps reaches
 * Keras' loss and weights (penalty gradients and constraints included) within 1e-5 (+1e-5 relative).
 */
class KerasConvRegularizerGoldenTest {
  private static final double TOL = 1e-5;

  @TempDir
  Path dir;

  private static Path file(String name) {
    return KerasImportTest.resource("conv_regularizers/" + name);
  }

  private static Model compiled(String name) throws IOException {
    Model model = Models.loadModel(file(name + ".keras"));
    KerasCompile.compile(model, KerasCompile.read(file(name + ".keras")));
    return model;
  }

  private static Tensor data(String name, String which) throws IOException {
    return NpyFile.read(file(name + "." + which + ".npy"));
  }

  private static JsonNode expected(String name) throws IOException {
    return new ObjectMapper().readTree(file(name + ".json").toFile());
  }

  private static void assertClose(double want, double got, String what) {
    assertTrue(Math.abs(got - want) <= TOL + TOL * Math.abs(want), what + ": expected " + want + ", received " + got);
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv3d", "conv2d_transpose", "separable_conv1d", "separable_conv2d", "depthwise_conv2d"})
  void evaluate_reports_the_regularized_loss_keras_reports(String name) throws IOException {
    Model model = compiled(name);
    Tensor x = data(name, "x");
    Tensor y = data(name, "y");
    assertClose(expected(name).get("evaluate_loss").asDouble(), model.evaluate(x, y, 3).get("loss"), name + " loss");
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv3d", "conv2d_transpose", "separable_conv1d", "separable_conv2d", "depthwise_conv2d"})
  void the_regularizers_survive_saving_as_keras_and_reading_back(String name) throws IOException {
    Path saved = dir.resolve(name + ".keras");
    Models.save(compiled(name), saved);
    Model back = Models.loadModel(saved);
    KerasCompile.compile(back, KerasCompile.read(saved));
    Tensor x = data(name, "x");
    Tensor y = data(name, "y");
    assertClose(expected(name).get("evaluate_loss").asDouble(), back.evaluate(x, y, 3).get("loss"),
        name + " loss after saving");
  }

  @ParameterizedTest
  @ValueSource(strings = {"conv3d", "conv2d_transpose", "separable_conv1d", "separable_conv2d", "depthwise_conv2d"})
  void one_fit_epoch_reaches_the_weights_keras_reaches(String name) throws IOException {
    Model model = compiled(name);
    Tensor x = data(name, "x");
    Tensor y = data(name, "y");
    History h = model.fit(x, y, FitOptions.builder().epochs(1).batchSize(3).shuffle(false).verbose(0).build());
    JsonNode want = expected(name);
    assertClose(want.get("fit_loss").asDouble(), h.get("loss").get(0), name + " fit loss");
    List<Parameter> weights = model.weights();
    assertEquals(want.get("weights_after_fit").size(), weights.size(), name + " weight count");
    for (int i = 0; i < weights.size(); i++) {
      JsonNode data = want.get("weights_after_fit").get(i).get("data");
      float[] got = weights.get(i).data();
      assertEquals(data.size(), got.length, weights.get(i).name());
      for (int j = 0; j < got.length; j++) {
        assertClose(data.get(j).asDouble(), got[j], name + " " + weights.get(i).name() + "[" + j + "]");
      }
    }
  }
}
