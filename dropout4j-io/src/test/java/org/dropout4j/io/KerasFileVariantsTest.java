package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.dropout4j.models.Sequential;
import org.junit.jupiter.api.Test;

/**
 * File variants of issue 14 item 6: Keras 2 files saved with the theano backend (kernels converted as Keras 2's
 * loader does), and config keys of newer Keras versions (accepted when null, refused naming the key otherwise).
 */
class KerasFileVariantsTest {
  @Test
  void theano_conv2d_kernel_is_flipped_along_its_spatial_axes_as_keras_converts_it() throws IOException {
    // the two DL4J files store the same kernel values, one saved by the tensorflow, one by the theano backend
    Sequential tf = KerasImport.load(KerasImportTest.resource("dl4j/conv2d_tensorflow_2.h5"));
    Sequential th = KerasImport.load(KerasImportTest.resource("dl4j/conv2d_theano_2.h5"));
    float[] k = tf.weights().get(0).data();
    int[] shape = tf.weights().get(0).shape().toArray(); // (3, 3, 5, 6)
    float[] flipped = th.weights().get(0).data();
    int inner = shape[2] * shape[3];
    for (int r = 0; r < shape[0]; r++) {
      for (int c = 0; c < shape[1]; c++) {
        int from = ((shape[0] - 1 - r) * shape[1] + (shape[1] - 1 - c)) * inner;
        for (int i = 0; i < inner; i++) {
          assertEquals(k[from + i], flipped[(r * shape[1] + c) * inner + i], "kernel[" + r + ", " + c + "]");
        }
      }
    }
    assertArrayEquals(tf.weights().get(1).data(), th.weights().get(1).data(), "the bias is not converted");
  }

  @Test
  void theano_dense_weights_load_unchanged() throws IOException {
    Sequential th = KerasImport.load(KerasImportTest.resource("dl4j/dense_theano_2.h5"));
    assertTrue(th.countParams() > 0);
  }

  @Test
  void flipSpatial_of_a_conv1d_kernel_reverses_the_taps() {
    float[] k = {1, 2, 3, 4, 5, 6}; // (3 taps, 1 in, 2 out)
    assertArrayEquals(new float[] {5, 6, 3, 4, 1, 2}, KerasImport.flipSpatial(k, new int[] {3, 1, 2}));
  }

  @Test
  void newer_keras_key_set_to_null_is_accepted() {
    Sequential m = ModelJson.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
        + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 3]}},"
        + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"quantization_config\": null,"
        + " \"some_future_option\": null}}]}}");
    assertEquals(1, m.layers().size());
  }

  @Test
  void newer_keras_key_with_a_value_is_refused_naming_it() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelJson.fromJson(
        "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"name\": \"in\", \"batch_shape\": [null, 3]}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"some_future_option\": "
            + "{\"mode\": \"int8\"}}}]}}"));
    assertTrue(e.getMessage().contains("some_future_option") && e.getMessage().contains("\"d\""), e.getMessage());
  }
}
