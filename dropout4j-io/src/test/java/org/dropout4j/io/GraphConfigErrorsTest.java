package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.dropout4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Graph configs that cannot be built are refused while the model is read (never at the first batch), naming the
 * layers: a cycle, a reference to a layer the model does not list, an output node that does not exist, and a merge
 * of mismatched shapes, each with the shapes where they matter.
 */
class GraphConfigErrorsTest {
  private static final String INPUT = "{\"name\": \"x\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"x\", "
      + "\"batch_input_shape\": [null, 3], \"dtype\": \"float32\"}, \"inbound_nodes\": []}";

  private static String dense(String name, int units, String from) {
    return "{\"name\": \"" + name + "\", \"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", \"units\": "
        + units + "}, \"inbound_nodes\": [[[\"" + from + "\", 0, 0, {}]]]}";
  }

  private static Map<String, Object> model(String layers, String outputs) {
    return Json.readObject("{\"class_name\": \"Model\", \"config\": {\"name\": \"m\", \"layers\": [" + layers + "], "
        + "\"input_layers\": [[\"x\", 0, 0]], \"output_layers\": " + outputs + "}}", "test");
  }

  @Test
  void a_cycle_is_refused_naming_a_layer_on_it() {
    Map<String, Object> config = model(INPUT + ", " + dense("a", 3, "b") + ", " + dense("b", 3, "a"),
        "[[\"b\", 0, 0]]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("can never be computed") && e.getMessage().contains("cycle")
        && (e.getMessage().contains("\"a\"") || e.getMessage().contains("\"b\"")), e.getMessage());
  }

  @Test
  void an_inbound_node_naming_an_unlisted_layer_is_refused_listing_the_layers() {
    Map<String, Object> config = model(INPUT + ", " + dense("a", 3, "ghost"), "[[\"a\", 0, 0]]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("\"ghost\"") && e.getMessage().contains("its layers are"), e.getMessage());
  }

  @Test
  void an_output_on_a_missing_node_is_refused_naming_it() {
    Map<String, Object> config = model(INPUT + ", " + dense("a", 3, "x"), "[[\"a\", 1, 0]]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("output_layers") && e.getMessage().contains("\"a\""), e.getMessage());
  }

  @Test
  void a_merge_of_mismatched_shapes_is_refused_while_reading_naming_the_layer_and_shapes() {
    String add = "{\"name\": \"sum\", \"class_name\": \"Add\", \"config\": {\"name\": \"sum\"}, \"inbound_nodes\": "
        + "[[[\"a\", 0, 0, {}], [\"b\", 0, 0, {}]]]}";
    Map<String, Object> config = model(INPUT + ", " + dense("a", 3, "x") + ", " + dense("b", 4, "x") + ", " + add,
        "[[\"sum\", 0, 0]]");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("sum") && e.getMessage().contains("(None, 3)")
        && e.getMessage().contains("(None, 4)"), e.getMessage());
  }

  /** {@code n} ReLU layers after the input, each reading the previous one, listed last first. */
  private static String backwardsChain(int n) {
    StringBuilder sb = new StringBuilder(INPUT);
    for (int i = n; i >= 1; i--) {
      String from = i == 1 ? "x" : "a" + (i - 1);
      sb.append(", {\"name\": \"a").append(i).append("\", \"class_name\": \"Activation\", \"config\": {\"name\": \"a")
          .append(i).append("\", \"activation\": \"relu\"}, \"inbound_nodes\": [[[\"").append(from)
          .append("\", 0, 0, {}]]]}");
    }
    return sb.toString();
  }

  @Test
  void a_chain_thousands_of_layers_deep_listed_backwards_is_built_quickly_and_runs() {
    // on main this ended in a StackOverflowError (a recursive graph walk) after about 11 s of a quadratic build
    Map<String, Object> config = model(backwardsChain(8000), "[[\"a8000\", 0, 0]]");
    org.dropout4j.models.Functional f = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertEquals(8001, f.operations().size());
    Tensor y = f.predict(Tensor.of(new float[][] {{-1f, 0.5f, 2f}}));
    assertArrayEquals(new float[] {0f, 0.5f, 2f}, y.toArray());
  }

  @Test
  void more_layers_than_a_model_file_may_declare_are_refused_before_any_is_built() {
    Map<String, Object> config = model(INPUT, "[[\"x\", 0, 0]]");
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) config.get("config");
    Object layer = ((java.util.List<?>) inner.get("layers")).get(0);
    inner.put("layers", java.util.Collections.nCopies(KerasGraphConfig.MAX_LAYERS + 1, layer));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("lists 100001 layers, more than the 100000"), e.getMessage());
  }

  @Test
  void a_long_chain_of_keras_ops_is_sorted_out_in_linear_time() {
    // 20000 NotEqual ops, each reading the previous one, the last read by a layer: the mask-op analysis used to
    // make one pass over every entry per op it ruled out (quadratic); now a worklist, and the model is refused
    // at once because such ops are no layers dropout4j has
    int n = 20000;
    StringBuilder sb = new StringBuilder("{\"class_name\": \"InputLayer\", \"name\": \"x\", \"config\": {\"name\": "
        + "\"x\", \"batch_shape\": [null, 3]}, \"inbound_nodes\": []}");
    for (int i = 1; i <= n; i++) {
      sb.append(", {\"module\": \"keras.src.ops.numpy\", \"class_name\": \"NotEqual\", \"name\": \"op").append(i)
          .append("\", \"config\": {\"name\": \"op").append(i).append("\"}, \"inbound_nodes\": [{\"args\": [")
          .append(tensor(i == 1 ? "x" : "op" + (i - 1))).append("], \"kwargs\": {}}]}");
    }
    sb.append(", {\"class_name\": \"Activation\", \"name\": \"out\", \"config\": {\"name\": \"out\", \"activation\": "
        + "\"relu\"}, \"inbound_nodes\": [{\"args\": [").append(tensor("op" + n)).append("], \"kwargs\": {}}]}");
    Map<String, Object> config = Json.readObject("{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", "
        + "\"layers\": [" + sb + "], \"input_layers\": [[\"x\", 0, 0]], \"output_layers\": [[\"out\", 0, 0]]}}", "test");
    IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
        IllegalArgumentException.class, () -> KerasGraphConfig.build(config, LayerRegistry.standard())));
    assertTrue(e.getMessage().contains("NotEqual"), e.getMessage());
  }

  private static String tensor(String from) {
    return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 3], \"keras_history\": [\"" + from
        + "\", 0, 0]}}";
  }

  private static String ref(String layer, String shape) {
    return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": " + shape + ", \"dtype\": \"float32\", "
        + "\"keras_history\": [\"" + layer + "\", 0, 0]}}";
  }

  private static String input(String name, String shape) {
    return "{\"name\": \"" + name + "\", \"class_name\": \"InputLayer\", \"config\": {\"name\": \"" + name
        + "\", \"batch_shape\": " + shape + ", \"dtype\": \"float32\"}, \"inbound_nodes\": []}";
  }

  @Test
  void attention_called_with_an_explicit_list_of_masks_is_refused_naming_the_layer() {
    Map<String, Object> config = Json.readObject("{\"class_name\": \"Functional\", \"config\": {\"name\": \"m\", "
        + "\"layers\": [" + input("q", "[null, 3, 4]") + ", " + input("v", "[null, 5, 4]") + ", "
        + input("qm", "[null, 3]") + ", " + input("vm", "[null, 5]") + ", {\"name\": \"att\", \"class_name\": "
        + "\"Attention\", \"config\": {\"name\": \"att\"}, \"inbound_nodes\": [{\"args\": [[" + ref("q", "[null, 3, 4]")
        + ", " + ref("v", "[null, 5, 4]") + "]], \"kwargs\": {\"mask\": [" + ref("qm", "[null, 3]") + ", "
        + ref("vm", "[null, 5]") + "]}}]}], \"input_layers\": [[\"q\", 0, 0], [\"v\", 0, 0], [\"qm\", 0, 0], "
        + "[\"vm\", 0, 0]], \"output_layers\": [[\"att\", 0, 0]]}}", "test");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KerasGraphConfig.build(config, LayerRegistry.standard()));
    assertTrue(e.getMessage().contains("\"att\" (Attention)") && e.getMessage().contains("list of masks"),
        e.getMessage());
  }
}
