package org.dropout4j.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.FeatureAlphaDropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.testlayers.TimesTwo;
import org.junit.jupiter.api.Test;

/**
 * {@link LayerCatalog#builtIn()} is what {@link java.util.ServiceLoader} finds of the {@link LayerProvider}s that the
 * layer-provider processor (dropout4j-processor) generated at compile time; this test is what keeps it complete. It walks the compiled
 * classes of dropout4j-core ({@code target/classes}, the sibling of this test's own {@code target/test-classes}) for
 * every class under {@code org/dropout4j/layers} that declares {@code public static final LayerDescriptor DESCRIPTOR},
 * and fails, naming the class, for each one without a registered provider; it also fails for a registered descriptor
 * whose class does not declare it. The scan lives here, not in the library, so the library never lists a jar or looks
 * a class up by name at run time. {@link TimesTwo}, a test class outside the layer packages with its own services
 * file, stands for a library's own layer types.
 */
class LayerCatalogTest {
  private static final String ROOT = "org/dropout4j/layers/";

  @Test
  void every_class_declaring_a_descriptor_is_registered() {
    List<Class<?>> declaring = classesDeclaringDescriptor();
    List<String> problems = missingFromCatalog(declaring, coreDescriptors());
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  @Test
  void the_scan_finds_layers_in_every_sub_package_so_it_cannot_pass_on_an_empty_walk() {
    List<Class<?>> declaring = classesDeclaringDescriptor();
    assertTrue(declaring.contains(Dense.class), "layers: " + declaring);
    assertTrue(declaring.contains(Dropout.class), "layers.regularization: " + declaring);
    assertTrue(declaring.contains(FeatureAlphaDropout.class), "layers.regularization: " + declaring);
    assertTrue(declaring.contains(Concatenate.class), "layers.merging: " + declaring);
    assertTrue(declaring.contains(org.dropout4j.layers.activations.ReLU.class), "layers.activations: " + declaring);
    assertEquals(declaring.size(), coreDescriptors().size(), "one registered descriptor per declaring class");
  }

  @Test
  void the_services_file_written_at_compile_time_names_one_generated_provider_per_layer_package()
      throws IOException {
    Path services = mainClassesDirectory().resolve("META-INF/services/" + LayerProvider.class.getName());
    List<String> listed = Files.readAllLines(services).stream().filter(l -> !l.isBlank()).toList();
    List<String> expected = classesDeclaringDescriptor().stream().map(c -> c.getPackageName()).distinct().sorted()
        .map(p -> p + ".GeneratedLayerProvider").toList();
    assertEquals(expected, listed);
  }

  @Test
  void each_generated_provider_returns_its_package_descriptors_in_class_name_order()
      throws ReflectiveOperationException {
    Map<String, List<Object>> expected = new TreeMap<>();
    for (Class<?> type : classesDeclaringDescriptor()) {
      expected.computeIfAbsent(type.getPackageName(), k -> new ArrayList<>()).add(declaredDescriptor(type));
    }
    for (Map.Entry<String, List<Object>> e : expected.entrySet()) {
      Class<?> provider = Class.forName(e.getKey() + ".GeneratedLayerProvider", true,
          LayerCatalogTest.class.getClassLoader());
      LayerProvider p = (LayerProvider) provider.getConstructor().newInstance();
      assertEquals(e.getValue(), List.copyOf(p.descriptors()), e.getKey());
    }
  }

  @Test
  void a_layer_type_another_jar_registers_the_same_way_is_listed_in_class_name_order() {
    List<LayerDescriptor<?>> all = LayerCatalog.builtIn();
    assertTrue(all.contains(TimesTwo.DESCRIPTOR), all.toString());
    int at = all.indexOf(TimesTwo.DESCRIPTOR);
    assertTrue(all.get(at - 1).className().compareTo("TimesTwo") < 0
        && all.get(at + 1).className().compareTo("TimesTwo") > 0, all.toString());
  }

  @Test
  void a_forgotten_provider_is_reported_with_what_to_add() {
    List<LayerDescriptor<?>> withoutOne = new ArrayList<>(coreDescriptors());
    withoutOne.remove(GaussianDropout.DESCRIPTOR);
    List<String> problems = missingFromCatalog(classesDeclaringDescriptor(), withoutOne);
    assertEquals(List.of("GaussianDropout declares DESCRIPTOR but no LayerProvider registers it: was it compiled "
        + "with the layer-provider processor? (org.dropout4j.layers.regularization.GaussianDropout)"), problems);
  }

  @Test
  void a_listed_descriptor_whose_class_does_not_declare_it_is_reported() {
    LayerDescriptor<Dense> stray = LayerDescriptor.of("StrayDense", Dense.class, r -> null);
    List<LayerDescriptor<?>> withStray = new ArrayList<>(coreDescriptors());
    withStray.add(stray);
    List<String> problems = missingFromCatalog(classesDeclaringDescriptor(), withStray);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("StrayDense") && problems.get(0).contains("Dense.DESCRIPTOR"),
        problems.get(0));
  }

  @Test
  void finds_the_descriptors_of_layer_classes_in_every_layers_package() {
    List<LayerDescriptor<?>> all = LayerCatalog.builtIn();
    assertTrue(all.contains(Dense.DESCRIPTOR), "layers");
    assertTrue(all.contains(Dropout.DESCRIPTOR), "layers.regularization");
    assertTrue(all.contains(Concatenate.DESCRIPTOR), "layers.merging");
    assertTrue(all.contains(Input.DESCRIPTOR), "InputLayer, whose class_name differs from its Java name");
  }

  @Test
  void class_names_are_unique_and_sorted_and_each_descriptor_is_its_class_own_field() {
    List<String> names = new ArrayList<>();
    for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
      names.add(d.className());
      assertSame(d, declaredDescriptor(d.type()), d.toString());
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertEquals(sorted, names);
    assertEquals(names.size(), names.stream().distinct().count(), "one descriptor per class_name");
  }

  @Test
  void the_list_is_immutable() {
    assertThrows(UnsupportedOperationException.class, () -> LayerCatalog.builtIn().add(Dense.DESCRIPTOR));
  }

  @Test
  void a_duplicate_class_name_throws_naming_both_classes() {
    LayerDescriptor<Dense> clash = LayerDescriptor.of("Dropout", Dense.class, r -> null);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> LayerCatalog.sortedByClassName(List.of(Dropout.DESCRIPTOR, clash)));
    assertEquals("two layer descriptors for class_name Dropout: "
        + "org.dropout4j.layers.regularization.Dropout and org.dropout4j.layers.Dense", e.getMessage());
  }

  @Test
  void sorting_orders_by_keras_class_name_not_by_java_name() {
    assertEquals(List.of(Dense.DESCRIPTOR, Input.DESCRIPTOR, Dropout.DESCRIPTOR).stream()
            .map(LayerDescriptor::className).sorted().toList(),
        LayerCatalog.sortedByClassName(List.of(Input.DESCRIPTOR, Dropout.DESCRIPTOR, Dense.DESCRIPTOR)).stream()
            .map(LayerDescriptor::className).toList());
  }

  @Test
  void abstract_bases_and_helpers_without_a_descriptor_are_not_listed() {
    for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
      assertTrue(!Modifier.isAbstract(d.type().getModifiers()), d.toString());
    }
  }

  /** One message per class missing from {@code listed}, and per listed descriptor its class does not declare. */
  private static List<String> missingFromCatalog(List<Class<?>> declaring, List<LayerDescriptor<?>> listed) {
    List<String> problems = new ArrayList<>();
    for (Class<?> type : declaring) {
      if (!listed.contains(declaredDescriptor(type))) {
        problems.add(type.getSimpleName() + " declares DESCRIPTOR but no LayerProvider registers it: was it compiled "
            + "with the layer-provider processor? (" + type.getName() + ")");
      }
    }
    for (LayerDescriptor<?> d : listed) {
      if (declaredDescriptor(d.type()) != d) {
        problems.add("a LayerProvider registers " + d + " but " + d.type().getName() + " does not declare it as "
            + "its public static final LayerDescriptor DESCRIPTOR (return " + d.type().getSimpleName()
            + ".DESCRIPTOR itself)");
      }
    }
    return problems;
  }

  /** The registered descriptors of dropout4j's own layer packages (the test class path adds {@link TimesTwo}). */
  private static List<LayerDescriptor<?>> coreDescriptors() {
    return LayerCatalog.builtIn().stream().filter(d -> d.type().getName().startsWith("org.dropout4j.layers."))
        .toList();
  }

  /** The class's own {@code public static final LayerDescriptor DESCRIPTOR}, or {@code null}. */
  private static Object declaredDescriptor(Class<?> type) {
    Field f;
    try {
      f = type.getDeclaredField("DESCRIPTOR");
    } catch (NoSuchFieldException e) {
      return null;
    }
    int m = f.getModifiers();
    if (!Modifier.isPublic(m) || !Modifier.isStatic(m) || !Modifier.isFinal(m)
        || !LayerDescriptor.class.isAssignableFrom(f.getType())) {
      return null;
    }
    try {
      return f.get(null);
    } catch (IllegalAccessException e) {
      throw new AssertionError("cannot read " + type.getName() + ".DESCRIPTOR", e);
    }
  }

  /** Every class under {@link #ROOT} in dropout4j-core's compiled classes that declares a descriptor field. */
  private static List<Class<?>> classesDeclaringDescriptor() {
    Path classes = mainClassesDirectory();
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classes.resolve(ROOT))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
        String entry = classes.relativize(p).toString().replace('\\', '/');
        if (entry.endsWith("package-info.class")) {
          continue;
        }
        String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
        Class<?> type = Class.forName(name, false, LayerCatalogTest.class.getClassLoader());
        if (declaredDescriptor(type) != null) {
          out.add(type);
        }
      }
    } catch (IOException | ClassNotFoundException e) {
      throw new AssertionError("cannot walk the compiled layer classes in " + classes + ": " + e, e);
    }
    return out;
  }

  /** {@code target/classes} of dropout4j-core, found beside this test's {@code target/test-classes}. */
  private static Path mainClassesDirectory() {
    Path testClasses;
    try {
      testClasses = Path.of(LayerCatalogTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
    Path classes = testClasses.resolveSibling("classes");
    assertTrue(Files.isDirectory(classes.resolve(ROOT)), "expected dropout4j-core's compiled classes beside "
        + testClasses + ", found no " + classes.resolve(ROOT));
    return classes;
  }
}
