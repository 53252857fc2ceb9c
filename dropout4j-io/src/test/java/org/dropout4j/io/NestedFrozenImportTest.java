package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.tensor.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What Keras 3 files of frozen and nested models mean besides their predictions (which {@link SweepModelsTest} checks
 * on the same {@code unseen2/} files): a Sequential whose steps are models loads as a graph, {@code trainable: false}
 * on a model freezes every layer in it (weightless ones included, which Keras writes {@code trainable: false} on
 * too), and the trainable weights are those Keras trains: in {@code transfer_frozen_base} (Sequential([base,
 * GlobalAveragePooling2D(), Dropout, Dense]) with {@code base.trainable = False}) only the Dense's kernel and bias.
 */
class NestedFrozenImportTest {
  private static Path unseen2(String file) throws URISyntaxException {
    return Path.of(NestedFrozenImportTest.class.getResource("/unseen2/" + file).toURI());
  }

  private static List<String> names(List<Parameter> ps) {
    List<String> out = new ArrayList<>();
    for (Parameter p : ps) {
      out.add(p.name());
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"transfer_frozen_base.keras", "transfer_frozen_base.h5"})
  void frozen_base_model_in_a_sequential_trains_only_the_head(String file) throws Exception {
    Model model = Models.loadModel(unseen2(file));
    assertInstanceOf(Functional.class, model, file);
    List<Parameter> trainable = model.trainableWeights();
    assertEquals(2, trainable.size(), file + ": trainable weights " + names(trainable));
    for (Layer layer : ((Functional) model).layers()) {
      boolean head = layer.className().equals("Dense") || layer.className().equals("Dropout")
          || layer.className().equals("GlobalAveragePooling2D");
      assertEquals(head, layer.trainable(), file + ": layer " + layer.name() + " (" + layer.className() + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sequential_of_models.keras", "sequential_of_models.h5"})
  void sequential_of_models_keeps_the_frozen_inner_sequential_frozen(String file) throws Exception {
    Model model = Models.loadModel(unseen2(file));
    // outer Dense (2), BatchNormalization gamma/beta (2), the functional head's Dense (2); the inner pair is frozen
    assertEquals(6, model.trainableWeights().size(), file + ": " + names(model.trainableWeights()));
    assertEquals(List.of("input_layer", "dense", "inner", "batch_normalization", "fhead"),
        stepClasses((Functional) model), file);
  }

  private static List<String> stepClasses(Functional model) {
    List<String> out = new ArrayList<>();
    for (org.dropout4j.layers.Operation op : model.operations()) {
      out.add(op instanceof Functional ? op.name() : org.dropout4j.internal.Names.snakeCase(op.className()));
    }
    return out;
  }

  @Test
  void weightless_layer_with_trainable_false_is_read_frozen_and_written_back_so() {
    Layer relu = LayerRegistry.standard().fromEnvelope(Map.of("class_name", "ReLU", "config",
        Map.of("name", "r", "trainable", false)));
    assertFalse(relu.trainable());
    assertEquals(false, relu.getConfig().get("trainable"));
  }

  @Test
  void layer_with_weights_and_trainable_false_builds_frozen_weights() {
    Layer norm = LayerRegistry.standard().fromEnvelope(Map.of("class_name", "LayerNormalization", "config",
        Map.of("name", "ln", "trainable", false)));
    norm.build(org.dropout4j.tensor.Shape.of(-1, 4), org.dropout4j.random.RngKey.of(1));
    assertEquals(2, norm.weights().size());
    for (Parameter p : norm.weights()) {
      assertFalse(p.trainable(), p.name());
    }
  }

  @Test
  void utf8_name_decoded_as_ascii_has_one_replacement_per_byte_above_0x7f() {
    assertEquals("\uFFFD\uFFFDn/\uFFFD\uFFFD\uFFFD/kernel", Hdf5Strings.asDecodedAscii("ün/层/kernel"));
  }
}
