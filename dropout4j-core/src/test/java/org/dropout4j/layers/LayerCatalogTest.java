package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.regularization.Dropout;
import org.junit.jupiter.api.Test;

/**
 * The catalogue finds each layer class's own descriptor, in every sub-package, once, ordered by class name; what it
 * finds is what the conformance harness in dropout4j-io then checks class by class.
 */
class LayerCatalogTest {
  @Test
  void finds_the_descriptors_of_layer_classes_in_every_layers_package() {
    List<LayerDescriptor<?>> all = LayerCatalog.builtIn();
    assertTrue(all.contains(Dense.DESCRIPTOR), "layers");
    assertTrue(all.contains(Dropout.DESCRIPTOR), "layers.regularization");
    assertTrue(all.contains(Concatenate.DESCRIPTOR), "layers.merging");
    assertTrue(all.contains(Input.DESCRIPTOR), "InputLayer, whose class_name differs from its Java name");
  }

  @Test
  void class_names_are_unique_and_sorted_and_each_descriptor_builds_its_declaring_class() {
    List<String> names = new ArrayList<>();
    for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
      names.add(d.className());
      Object declared;
      try {
        declared = d.type().getField("DESCRIPTOR").get(null);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(d + " has no DESCRIPTOR field on its type", e);
      }
      assertSame(d, declared, d.toString());
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names);
    assertEquals(names.size(), names.stream().distinct().count(), "one descriptor per class_name");
  }

  @Test
  void abstract_bases_and_helpers_without_a_descriptor_are_not_listed() {
    for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
      assertTrue(!java.lang.reflect.Modifier.isAbstract(d.type().getModifiers()), d.toString());
    }
  }
}
