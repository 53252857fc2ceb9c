package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
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
}
