package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dropout4j.layers.WeightBudget;
import org.dropout4j.layers.ConfigReader;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;

/**
 * The native {@code .d4j} file: everything needed to use a model or to resume its training bit for bit.
 *
 * <p>A zip archive (entries stored uncompressed, so sizes can be checked against the file before anything is
 * allocated) with three entries, in this order:
 * <ul>
 *   <li>{@code d4j.json}: {@code format} ({@value #FORMAT}), {@code format_version}, {@code generated_by}, the Keras
 *       model config ({@link ModelJson} for a Sequential model with its {@code build_input_shape}; for a functional
 *       model the Keras 3 graph config with every layer's own config), {@code seed}, {@code training_step},
 *       {@code epochs_trained}, the weight table (name, shape, dtype {@code float32}, byte offset), {@code compile}
 *       (optimizer {@code class_name}/{@code config}, loss config, metric names; with several outputs also
 *       {@code output_losses}, {@code loss_weights}, {@code output_metrics}) and {@code optimizer_state}
 *       ({@code iterations} and, per trainable weight, its slot arrays), and the length and CRC-32 of both binary
 *       entries;</li>
 *   <li>{@code weights.bin}: every weight as little-endian float32, in layer order;</li>
 *   <li>{@code optimizer.bin}: the optimizer's slot arrays as little-endian float32.</li>
 * </ul>
 *
 * <p>Saving writes a temporary file in the target folder and renames it over the target. Loading checks the zip
 * structure, every entry's CRC-32, the declared lengths against the file and against the shapes, and the weight
 * names against the rebuilt model; a damaged, truncated or foreign file fails with an {@link IOException} saying
 * what is wrong, and no half-built model is ever returned.
 *
 * <pre>{@code
 * ModelArchive.save(model, Path.of("circles.d4j"));
 * Sequential again = ModelArchive.load(Path.of("circles.d4j"));
 * again.fit(x, y, FitOptions.builder().epochs(100).build()); // continues exactly where model stopped
 * }</pre>
 */
public final class ModelArchive {
  /** The {@code format} field of {@code d4j.json}. */
  public static final String FORMAT = "dropout4j-model";
  /** The version this library writes, and the newest it reads. */
  public static final int FORMAT_VERSION = 1;
  /** The usual file extension. */
  public static final String EXTENSION = ".d4j";

  static final String MANIFEST = "d4j.json";
  static final String WEIGHTS = "weights.bin";
  static final String OPTIMIZER = "optimizer.bin";
  /** The largest manifest accepted (the JSON, not the weights). */
  private static final long MAX_MANIFEST_BYTES = 64L << 20;

  private ModelArchive() {
  }

  /**
   * Saves a built model (and, if compiled, its compile config and optimizer state).
   *
   * @throws IllegalStateException if the model is not built (it has no weights yet)
   * @throws IllegalArgumentException if its optimizer or loss is not a built-in one that can be read back, or if
   *     the file name ends in another format's extension ({@code .keras}, {@code .h5}, {@code .hdf5}, {@code .json}),
   *     which would give a file other tools misread
   * @throws IOException if the file cannot be written (the target is then left as it was)
   */
  public static void save(Model model, Path file) throws IOException {
    String lower = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    for (String foreign : new String[] {".keras", ".h5", ".hdf5", ".json"}) {
      if (lower.endsWith(foreign)) {
        throw new IllegalArgumentException("cannot save model \"" + model.name() + "\" as " + file + ": a .d4j "
            + "file named " + foreign + " would pass for another format; name it " + EXTENSION + ", or use "
            + "Models.save, which writes the format the path names or says why it cannot");
      }
    }
    if (!model.built()) {
      throw new IllegalStateException("cannot save model \"" + model.name() + "\": it is not built yet (no weights);"
          + " call build(), fit() or predict() first");
    }
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("format", FORMAT);
    manifest.put("format_version", FORMAT_VERSION);
    manifest.put("generated_by", Versions.LIBRARY);
    if (model instanceof Functional f) {
      manifest.put("model", KerasExport.nativeConfig(f));
    } else {
      Sequential s = (Sequential) model;
      manifest.put("model", ModelJson.toConfig(s));
      manifest.put("build_input_shape", dims(s.inputShape()));
    }
    manifest.put("seed", model.seed());
    manifest.put("training_step", model.trainingStep());
    manifest.put("epochs_trained", model.epochsTrained());

    List<Map<String, Object>> table = new ArrayList<>();
    long offset = 0;
    for (Parameter p : model.weights()) {
      Map<String, Object> w = new LinkedHashMap<>();
      w.put("name", p.name());
      w.put("shape", dims(p.shape()));
      w.put("dtype", "float32");
      w.put("offset", offset);
      offset += 4L * p.size();
      table.add(w);
    }
    manifest.put("weights", table);
    byte[] weights = BinaryFiles.toLittleEndian(model.getWeights());

    byte[] optimizerBytes = new byte[0];
    Optimizer optimizer = model.optimizer();
    if (optimizer == null) {
      manifest.put("compile", null);
      manifest.put("optimizer_state", null);
    } else {
      Map<String, Object> compile = CompileConfigs.manifestCompile(model);
      manifest.put("compile", compile);

      List<Parameter> trainable = model.trainableWeights();
      List<float[][]> slots = optimizer.exportSlots();
      List<Object> slotTable = new ArrayList<>();
      List<float[]> slotArrays = new ArrayList<>();
      long slotOffset = 0;
      for (int i = 0; i < slots.size(); i++) {
        float[][] s = slots.get(i);
        if (s == null) {
          slotTable.add(null);
          continue;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("weight", i < trainable.size() ? trainable.get(i).name() : null);
        e.put("arrays", s.length);
        e.put("size", i < trainable.size() ? trainable.get(i).size() : (s.length == 0 ? 0 : s[0].length));
        e.put("offset", slotOffset);
        for (float[] a : s) {
          slotArrays.add(a);
          slotOffset += 4L * a.length;
        }
        slotTable.add(e);
      }
      Map<String, Object> state = new LinkedHashMap<>();
      state.put("iterations", optimizer.iterations());
      state.put("slots", slotTable);
      manifest.put("optimizer_state", state);
      optimizerBytes = BinaryFiles.toLittleEndian(slotArrays);
    }
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put(WEIGHTS, entryInfo(weights));
    entries.put(OPTIMIZER, entryInfo(optimizerBytes));
    manifest.put("entries", entries);

    byte[] manifestBytes = Json.writePretty(manifest).getBytes(StandardCharsets.UTF_8);
    byte[] finalOptimizerBytes = optimizerBytes;
    BinaryFiles.writeAtomically(file, out -> {
      try (ZipOutputStream zip = new ZipOutputStream(out)) {
        putStored(zip, MANIFEST, manifestBytes);
        putStored(zip, WEIGHTS, weights);
        putStored(zip, OPTIMIZER, finalOptimizerBytes);
      }
    });
  }

  /** Loads a Sequential model with the standard layers (a functional one is refused: see {@link #loadModel}). */
  public static Sequential load(Path file) throws IOException {
    return load(file, LayerRegistry.standard());
  }

  /**
   * Loads a model of any kind, Sequential or {@link Functional}, with the standard layers; see
   * {@link #load(Path, LayerRegistry)} for what is restored.
   *
   * @throws IOException as {@link #load(Path, LayerRegistry)}
   */
  public static Model loadModel(Path file) throws IOException {
    return loadModel(file, LayerRegistry.standard());
  }

  /** Loads a Sequential model; a functional one is refused naming {@link #loadModel}. */
  public static Sequential load(Path file, LayerRegistry registry) throws IOException {
    Model model = loadModel(file, registry);
    if (!(model instanceof Sequential s)) {
      throw new IOException("cannot load " + file + " as Sequential: it holds the functional model \""
          + model.name() + "\"; read it with ModelArchive.loadModel or Models.loadModel");
    }
    return s;
  }

  /**
   * Loads a model: architecture, weights, seed and training counters, and (if it was saved compiled) the compile
   * config and optimizer state. The model is built; its seed is the saved one ({@code seedSet()} is then true, even
   * if the saved seed had been drawn at random), so further training continues the saved run's random streams.
   *
   * @throws IOException if the file is missing, not a {@code .d4j} file, of an unsupported format version, damaged
   *     or truncated; the message names the file and the problem
   */
  public static Model loadModel(Path file, LayerRegistry registry) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "no such model file");
    }
    long fileSize = Files.size(file);
    ZipFile opened;
    try {
      opened = new ZipFile(file.toFile());
    } catch (IOException e) {
      throw new IOException("cannot load " + file + ": not a dropout4j model file, or it is truncated or damaged ("
          + e.getMessage() + "); no model was loaded", e);
    }
    try (ZipFile zip = opened) {
      Map<String, Object> manifest = Json.readObject(Json.utf8(read(zip, MANIFEST, MAX_MANIFEST_BYTES, fileSize),
          file + "!" + MANIFEST), MANIFEST);
      checkFormat(manifest, file);
      return restore(manifest, zip, fileSize, registry);
    } catch (ZipException e) {
      throw new IOException("cannot load " + file + ": not a dropout4j model file, or it is truncated or damaged ("
          + e.getMessage() + "); no model was loaded", e);
    } catch (RuntimeException e) {
      throw new IOException("cannot load " + file + ": " + LoadLimits.rootMessage(e) + "; no model was loaded", e);
    }
  }

  private static void checkFormat(Map<String, Object> manifest, Path file) throws IOException {
    if (!FORMAT.equals(manifest.get("format"))) {
      throw new IOException("cannot load " + file + ": not a dropout4j model (" + MANIFEST + " has format="
          + Json.write(manifest.get("format")) + ", expected \"" + FORMAT + "\")");
    }
    Object v = manifest.get("format_version");
    if (!(v instanceof Integer) || (Integer) v < 1 || (Integer) v > FORMAT_VERSION) {
      throw new IOException("cannot load " + file + ": unsupported format_version " + Json.write(v) + " (written by "
          + manifest.get("generated_by") + "); this " + Versions.LIBRARY + " reads format versions 1 to "
          + FORMAT_VERSION + " (newest supported: " + FORMAT_VERSION + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private static Model restore(Map<String, Object> manifest, ZipFile zip, long fileSize, LayerRegistry registry)
      throws IOException {
    ConfigReader m = new ConfigReader(manifest, MANIFEST);
    m.ignore("format", "format_version", "generated_by");
    Object modelConfig = m.raw("model");
    if (!(modelConfig instanceof Map)) {
      throw m.invalid("model", "a Keras model config object", modelConfig);
    }
    Long seed = m.optionalLong("seed");
    if (seed == null) {
      throw new IllegalArgumentException(MANIFEST + ": missing `seed`");
    }
    boolean functional = KerasGraphConfig.isFunctional((Map<String, Object>) modelConfig);
    List<Integer> buildShape = functional ? null : m.dims("build_input_shape");
    if (buildShape == null && !functional) {
      throw new IllegalArgumentException(MANIFEST + ": missing `build_input_shape`");
    }
    // validation before allocation: the model may create no more weights than weights.bin holds
    long present = storedSize(zip, WEIGHTS, fileSize);
    LoadLimits.checkBudget(WEIGHTS, present);
    Model model = WeightBudget.within(present / 4, "the " + present + " bytes of " + WEIGHTS, () -> {
      if (functional) {
        Functional graph = KerasGraphConfig.build((Map<String, Object>) modelConfig, registry);
        graph.setRandomSeed(seed);
        graph.build();
        LoadLimits.checkActivations(graph);
        return graph;
      }
      Sequential built = ModelJson.fromConfig((Map<String, Object>) modelConfig, registry);
      built.setRandomSeed(seed);
      int[] d = new int[buildShape.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = buildShape.get(i) == null ? Shape.UNKNOWN : buildShape.get(i);
      }
      built.build(Shape.of(d));
      LoadLimits.checkActivations(built);
      return built;
    });
    Long step = m.optionalLong("training_step");
    Long epochs = m.optionalLong("epochs_trained");
    Map<String, Map<String, Object>> entries = (Map<String, Map<String, Object>>) m.raw("entries");
    if (entries == null) {
      throw new IllegalArgumentException(MANIFEST + ": missing `entries`");
    }

    // weights: names and shapes must match the rebuilt model; the byte count must match the shapes
    List<Parameter> params = model.weights();
    Object tableValue = m.raw("weights");
    if (!(tableValue instanceof List) || ((List<?>) tableValue).size() != params.size()) {
      throw new IllegalArgumentException(MANIFEST + ": the weight table lists " + (tableValue instanceof List
          ? ((List<?>) tableValue).size() : "no") + " weights, the model \"" + model.name() + "\" has "
          + params.size());
    }
    List<Object> table = (List<Object>) tableValue;
    long expectedBytes = 0;
    for (int i = 0; i < params.size(); i++) {
      ConfigReader w = new ConfigReader((Map<String, Object>) table.get(i), MANIFEST + " weight #" + i);
      String name = w.requiredString("name");
      List<Integer> shape = w.dims("shape");
      Parameter p = params.get(i);
      if (!name.equals(p.name()) || shape == null || !dims(p.shape()).equals(shape)) {
        throw new IllegalArgumentException(MANIFEST + ": weight #" + i + " is " + name + " " + shape
            + ", the model expects " + p.name() + " " + dims(p.shape()));
      }
      expectedBytes += 4L * BinaryFiles.elements(shape, name);
    }
    byte[] weightBytes = readChecked(zip, WEIGHTS, entries, expectedBytes, fileSize);
    List<float[]> values = new ArrayList<>();
    int offset = 0;
    for (Parameter p : params) {
      values.add(BinaryFiles.fromLittleEndian(weightBytes, offset, p.size()));
      offset += 4 * p.size();
    }
    FiniteWeights.require(model, values, WEIGHTS);
    model.setWeights(values);

    Object compile = m.raw("compile");
    Object stateValue = m.raw("optimizer_state");
    if (compile != null) {
      Optimizer optimizer = CompileConfigs.compileFromManifest(model, (Map<String, Object>) compile, MANIFEST);
      if (stateValue != null) {
        restoreOptimizer(model, optimizer, (Map<String, Object>) stateValue, zip, entries, fileSize);
      }
    }
    m.finish();
    model.restoreTrainingState(step == null ? 0 : step, epochs == null ? 0 : epochs);
    return model;
  }

  @SuppressWarnings("unchecked")
  private static void restoreOptimizer(Model model, Optimizer optimizer, Map<String, Object> state, ZipFile zip,
      Map<String, Map<String, Object>> entries, long fileSize) throws IOException {
    ConfigReader s = new ConfigReader(state, MANIFEST + " optimizer_state");
    Long iterations = s.optionalLong("iterations");
    Object slotValue = s.raw("slots");
    s.finish();
    List<Parameter> trainable = model.trainableWeights();
    if (!(slotValue instanceof List) || ((List<?>) slotValue).size() > trainable.size()) {
      throw new IllegalArgumentException(MANIFEST + ": optimizer_state.slots must list at most one entry per "
          + "trainable weight (" + trainable.size() + "), received " + Json.write(slotValue));
    }
    List<Object> table = (List<Object>) slotValue;
    long expectedBytes = 0;
    int[][] layout = new int[table.size()][];
    for (int i = 0; i < table.size(); i++) {
      if (table.get(i) == null) {
        continue;
      }
      ConfigReader e = new ConfigReader((Map<String, Object>) table.get(i), MANIFEST + " optimizer slot #" + i);
      String weight = e.string("weight", null);
      int arrays = e.requiredInt("arrays");
      int size = e.requiredInt("size");
      e.ignore("offset");
      e.finish();
      Parameter p = trainable.get(i);
      if (!p.name().equals(weight) || size != p.size() || arrays < 0 || arrays > 16) {
        throw new IllegalArgumentException(MANIFEST + ": optimizer slot #" + i + " is for " + weight + " ("
            + arrays + " x " + size + "), the model's trainable weight #" + i + " is " + p.name() + " (" + p.size()
            + " values)");
      }
      layout[i] = new int[] {arrays, size};
      expectedBytes += 4L * arrays * size;
    }
    byte[] bytes = readChecked(zip, OPTIMIZER, entries, expectedBytes, fileSize);
    List<float[][]> slots = new ArrayList<>();
    int offset = 0;
    for (int[] l : layout) {
      if (l == null) {
        slots.add(null);
        continue;
      }
      float[][] arrays = new float[l[0]][];
      for (int j = 0; j < l[0]; j++) {
        arrays[j] = BinaryFiles.fromLittleEndian(bytes, offset, l[1]);
        offset += 4 * l[1];
      }
      slots.add(arrays);
    }
    optimizer.importState(iterations == null ? 0 : iterations, slots);
  }

  /** Reads a binary entry whose length must equal {@code expected} and the manifest's length and CRC-32. */
  private static byte[] readChecked(ZipFile zip, String name, Map<String, Map<String, Object>> entries,
      long expected, long fileSize) throws IOException {
    Map<String, Object> info = entries.get(name);
    if (info == null) {
      throw new IllegalArgumentException(MANIFEST + ": missing entries." + name);
    }
    ConfigReader r = new ConfigReader(info, MANIFEST + " entries." + name);
    Long length = r.optionalLong("length");
    Long crc = r.optionalLong("crc32");
    r.finish();
    if (length == null || length != expected) {
      throw new IllegalArgumentException(MANIFEST + ": " + name + " is declared as " + length + " bytes, the weight "
          + "shapes need " + expected);
    }
    byte[] bytes = read(zip, name, expected, fileSize);
    if (bytes.length != expected) {
      throw new ZipException(name + " holds " + bytes.length + " bytes, expected " + expected);
    }
    CRC32 c = new CRC32();
    c.update(bytes);
    if (crc == null || c.getValue() != crc) {
      throw new ZipException(name + " fails its CRC-32 check (declared " + crc + ", computed " + c.getValue() + ")");
    }
    return bytes;
  }

  /** The declared size of an entry, which must be stored uncompressed and fit in the file. */
  private static long storedSize(ZipFile zip, String name, long fileSize) throws ZipException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new ZipException("missing entry " + name);
    }
    long size = e.getSize();
    if (size < 0 || size > fileSize || e.getMethod() != ZipEntry.STORED) {
      throw new ZipException("entry " + name + " declares " + size + " bytes (" + (e.getMethod() == ZipEntry.STORED
          ? "stored" : "compressed") + "); expected an uncompressed entry within the file's " + fileSize + " bytes");
    }
    return size;
  }

  /** An entry's bytes, after checking its size against {@code max} and the file; verifies the zip CRC. */
  private static byte[] read(ZipFile zip, String name, long max, long fileSize) throws IOException {
    ZipEntry e = zip.getEntry(name);
    if (e == null) {
      throw new ZipException("missing entry " + name);
    }
    long size = e.getSize();
    if (size < 0 || size > max || size > fileSize) {
      throw new ZipException("entry " + name + " declares " + size + " bytes, more than expected (" + max
          + ") or than the file holds (" + fileSize + ")");
    }
    byte[] bytes;
    try (InputStream in = zip.getInputStream(e)) {
      bytes = BinaryFiles.readExactly(in, (int) size, "entry " + name);
    }
    CRC32 c = new CRC32();
    c.update(bytes);
    if (c.getValue() != e.getCrc()) {
      throw new ZipException("entry " + name + " fails its CRC-32 check");
    }
    return bytes;
  }

  private static void putStored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(bytes.length);
    e.setCompressedSize(bytes.length);
    CRC32 c = new CRC32();
    c.update(bytes);
    e.setCrc(c.getValue());
    e.setTime(0L);
    zip.putNextEntry(e);
    zip.write(bytes);
    zip.closeEntry();
  }

  private static Map<String, Object> entryInfo(byte[] bytes) {
    CRC32 c = new CRC32();
    c.update(bytes);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("length", (long) bytes.length);
    m.put("crc32", c.getValue());
    return m;
  }

  static List<Integer> dims(Shape s) {
    if (s == null) {
      return null;
    }
    List<Integer> d = new ArrayList<>();
    for (int i = 0; i < s.rank(); i++) {
      d.add(s.dim(i) == Shape.UNKNOWN ? null : s.dim(i));
    }
    return d;
  }
}
