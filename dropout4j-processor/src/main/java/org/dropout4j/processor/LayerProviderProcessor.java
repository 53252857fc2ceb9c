package org.dropout4j.processor;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Registers layer types at compile time: for every class compiled with it that declares
 * {@code public static final LayerDescriptor<X> DESCRIPTOR}, it writes one {@code GeneratedLayerProvider} per package
 * (an {@code org.dropout4j.layers.LayerProvider} returning those descriptors, in class-name order) and lists the
 * providers in {@code META-INF/services/org.dropout4j.layers.LayerProvider}, which {@code LayerCatalog} reads through
 * {@link java.util.ServiceLoader}. A layer type is thus registered by the {@code DESCRIPTOR} it declares anyway: no
 * list is kept by hand and nothing is scanned at run time.
 *
 * <p>Use: {@code javac -processor org.dropout4j.processor.LayerProviderProcessor} with this jar on the processor path
 * (Maven: a {@code provided} dependency and the compiler plugin's {@code annotationProcessors}). It claims no
 * annotation, so other processors see every element too. A {@code DESCRIPTOR} on an abstract class, or one that is
 * not {@code public static final}, is reported as a compile error naming the class.
 */
@SupportedAnnotationTypes("*")
public final class LayerProviderProcessor extends AbstractProcessor {
  static final String DESCRIPTOR_TYPE = "org.dropout4j.layers.LayerDescriptor";
  static final String SERVICE = "org.dropout4j.layers.LayerProvider";
  static final String PROVIDER = "GeneratedLayerProvider";

  /** Package name to the canonical names of its classes that declare a descriptor. */
  private final SortedMap<String, Set<String>> byPackage = new TreeMap<>();
  private final List<Element> origins = new ArrayList<>();

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    if (round.processingOver()) {
      writeServicesFile();
      return false;
    }
    SortedMap<String, Set<String>> found = new TreeMap<>();
    for (Element e : round.getRootElements()) {
      scan(e, found);
    }
    for (Map.Entry<String, Set<String>> p : found.entrySet()) {
      if (byPackage.containsKey(p.getKey())) {
        error(null, "layer classes of package " + p.getKey() + " appear in two annotation-processing rounds: "
            + byPackage.get(p.getKey()) + " and " + p.getValue());
        continue;
      }
      byPackage.put(p.getKey(), p.getValue());
      writeProvider(p.getKey(), p.getValue());
    }
    return false;
  }

  /** Adds {@code e} and its nested classes that declare a descriptor. */
  private void scan(Element e, SortedMap<String, Set<String>> found) {
    if (!(e instanceof TypeElement type) || e.getKind() == ElementKind.ANNOTATION_TYPE) {
      return;
    }
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof TypeElement) {
        scan(member, found);
      } else if (member.getKind() == ElementKind.FIELD && member.getSimpleName().contentEquals("DESCRIPTOR")
          && isDescriptorType(((VariableElement) member).asType())) {
        if (!member.getModifiers().containsAll(Set.of(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL))) {
          error(member, type.getQualifiedName() + ".DESCRIPTOR must be public static final to register the layer");
        } else if (type.getModifiers().contains(Modifier.ABSTRACT)) {
          error(member, type.getQualifiedName() + " is abstract: only a concrete layer class declares a DESCRIPTOR");
        } else {
          PackageElement pkg = processingEnv.getElementUtils().getPackageOf(type);
          found.computeIfAbsent(pkg.getQualifiedName().toString(), k -> new TreeSet<>())
              .add(type.getQualifiedName().toString());
          origins.add(type);
        }
      }
    }
  }

  private boolean isDescriptorType(TypeMirror t) {
    return t instanceof DeclaredType d
        && ((TypeElement) d.asElement()).getQualifiedName().contentEquals(DESCRIPTOR_TYPE);
  }

  private void writeProvider(String pkg, Set<String> classes) {
    String name = pkg.isEmpty() ? PROVIDER : pkg + "." + PROVIDER;
    StringBuilder list = new StringBuilder();
    for (String c : classes) {
      list.append(list.length() == 0 ? "" : ",\n        ").append(c).append(".DESCRIPTOR");
    }
    String source = (pkg.isEmpty() ? "" : "package " + pkg + ";\n\n")
        + "/** Generated by " + getClass().getName() + ": registers the layer descriptors of this package. */\n"
        + "@javax.annotation.processing.Generated(\"" + getClass().getName() + "\")\n"
        + "public final class " + PROVIDER + " implements " + SERVICE + " {\n"
        + "  /** The descriptors, in class-name order. */\n"
        + "  @Override\n"
        + "  public java.util.List<" + DESCRIPTOR_TYPE + "<?>> descriptors() {\n"
        + "    return java.util.List.of(\n        " + list + ");\n"
        + "  }\n"
        + "}\n";
    try {
      JavaFileObject file = processingEnv.getFiler().createSourceFile(name, origins.toArray(new Element[0]));
      try (Writer w = file.openWriter()) {
        w.write(source);
      }
    } catch (IOException e) {
      error(null, "cannot write " + name + ": " + e);
    }
  }

  private void writeServicesFile() {
    if (byPackage.isEmpty()) {
      return;
    }
    StringBuilder lines = new StringBuilder();
    for (String pkg : byPackage.keySet()) {
      lines.append(pkg.isEmpty() ? PROVIDER : pkg + "." + PROVIDER).append('\n');
    }
    try {
      FileObject file = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "",
          "META-INF/services/" + SERVICE, origins.toArray(new Element[0]));
      try (Writer w = file.openWriter()) {
        w.write(lines.toString());
      }
    } catch (IOException e) {
      error(null, "cannot write META-INF/services/" + SERVICE + ": " + e);
    }
  }

  private void error(Element where, String message) {
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, message, where);
  }
}
