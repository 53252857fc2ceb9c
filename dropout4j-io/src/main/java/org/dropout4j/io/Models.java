package org.dropout4j.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dropout4j.models.Functional;
import org.dropout4j.models.Model;
import org.dropout4j.models.Sequential;

/**
 * One entry point for model files: {@link #load(Path)} recognises every format dropout4j reads, {@link #save} writes
 * the format the path names.
 *
 * <table>
 *   <caption>Formats by path</caption>
 *   <tr><th>path</th><th>{@code load}</th><th>{@code save}</th></tr>
 *   <tr><td>{@code *.d4j}</td><td>{@link ModelArchive#load(Path)}</td><td>{@link ModelArchive#save}</td></tr>
 *   <tr><td>a folder, or its {@code model.json}</td><td>{@link TfjsLayers#load(Path)} (TF.js Layers)</td>
 *       <td>{@link TfjsLayers#export(Model, Path)} into the folder</td></tr>
 *   <tr><td>{@code *.keras}</td><td>{@link KerasImport#load(Path)}</td>
 *       <td>{@link KerasExport#save} (Keras 3, Sequential or functional)</td></tr>
 *   <tr><td>{@code *.h5}, {@code *.hdf5}</td><td>{@link KerasImport#load(Path)}</td>
 *       <td>refused: dropout4j writes Keras 3 {@code .keras} files, not legacy HDF5</td></tr>
 *   <tr><td>anything else</td><td>by its first bytes: HDF5 is Keras, a zip is {@code .d4j} (or a {@code .keras}
 *       file, told apart by its entries), a JSON object is a TF.js {@code model.json}</td><td>refused</td></tr>
 * </table>
 *
 * <pre>{@code
 * Models.save(model, Path.of("circles.d4j"));              // native: weights, optimizer state, seed
 * Models.save(model, Path.of("web/model_b/model.json"));   // TF.js Layers for the browser
 * Sequential again = Models.load(Path.of("circles.d4j"));
 * Sequential keras = Models.load(Path.of("from_python.keras"));
 * }</pre>
 *
 * <p>Thread safety: stateless; concurrent calls on different paths are safe. Writes are atomic per file (a
 * temporary file renamed over the target), but two threads saving to the same path race for the last rename.
 */
public final class Models {
  private Models() {
  }

  /**
   * Reads a model in any format dropout4j reads (see the class documentation).
   *
   * @param path a {@code .d4j} file, a TF.js Layers folder or its {@code model.json}, or a Keras {@code .keras} /
   *     {@code .h5} / {@code .hdf5} file
   * @return the built model with its weights
   * @throws NoSuchFileException if the path does not exist
   * @throws IllegalArgumentException if the file's type cannot be recognised, naming the file and what is accepted
   * @throws IOException if the file cannot be read or does not hold a model dropout4j can build
   */
  public static Sequential load(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return TfjsLayers.load(path);
    }
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such model file or folder");
    }
    switch (extension(path)) {
      case "d4j":
        return ModelArchive.load(path);
      case "json":
        return TfjsLayers.load(path);
      case "h5":
      case "hdf5":
      case "keras":
        return KerasImport.load(path);
      default:
        return loadByContent(path);
    }
  }

  private static Sequential loadByContent(Path path) throws IOException {
    FileMagic kind = FileMagic.of(path);
    if (kind == FileMagic.HDF5) {
      return KerasImport.load(path);
    }
    if (kind == FileMagic.ZIP) {
      return isKerasZip(path) ? KerasImport.load(path) : ModelArchive.load(path);
    }
    if (kind == FileMagic.JSON) {
      return TfjsLayers.load(path);
    }
    throw new IllegalArgumentException("unknown model file type: " + path + "; expected a .d4j file, a TF.js Layers "
        + "folder or its model.json, or a Keras .keras / .h5 file");
  }

  /** A {@code .keras} zip holds {@code config.json}; a {@code .d4j} zip holds {@code d4j.json}. */
  private static boolean isKerasZip(Path path) throws IOException {
    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path.toFile())) {
      return zip.getEntry(ModelArchive.MANIFEST) == null && zip.getEntry("config.json") != null;
    } catch (java.util.zip.ZipException e) {
      return false; // let ModelArchive say what is wrong with it
    }
  }

  /**
   * Writes a built model in the format its path names.
   *
   * @param model a built model
   * @param path a {@code .d4j} file; a Keras 3 {@code .keras} file; or a TF.js Layers {@code model.json} (its folder
   *     receives the shards) or an existing folder
   * @return warnings of the TF.js export (layers TF.js 4.22 lacks, exported as equivalents; see
   *     {@link TfjsLayers#export(Model, Path)}) or of the Keras export ({@link KerasExport#save}); empty for
   *     {@code .d4j}
   * @throws IllegalArgumentException for a legacy Keras path ({@code .h5}, {@code .hdf5}: dropout4j writes
   *     {@code .keras}), a layer with no Keras equivalent (for {@code .keras}), or a path that names no format,
   *     saying which paths are accepted
   * @throws IllegalStateException if the model is not built
   * @throws IOException if writing fails
   */
  public static List<String> save(Sequential model, Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return TfjsLayers.export(model, path);
    }
    String ext = extension(path);
    if (ext.equals("d4j")) {
      ModelArchive.save(model, path);
      return List.of();
    }
    if (path.getFileName() != null && path.getFileName().toString().equals(TfjsLayers.MODEL_JSON)) {
      Path dir = path.toAbsolutePath().getParent();
      return TfjsLayers.export(model, dir);
    }
    if (ext.equals("keras")) {
      return KerasExport.save(model, path);
    }
    if (ext.equals("h5") || ext.equals("hdf5")) {
      throw new IllegalArgumentException("cannot save model \"" + model.name() + "\" as " + path + ": dropout4j "
          + "reads legacy Keras ." + ext + " files but writes Keras 3 .keras files; save as .keras (Keras 3 "
          + "keras.saving.load_model), .d4j (native, resumable) or TF.js Layers (a folder's model.json)");
    }
    throw new IllegalArgumentException("cannot save model \"" + model.name() + "\" as " + path + ": the path names no "
        + "format dropout4j writes; expected a .d4j file, a TF.js model.json or an existing folder (TF.js Layers)");
  }

  /**
   * Writes any built model in the format its path names: a {@link Sequential} as {@link #save(Sequential, Path)};
   * a {@link Functional} model as a {@code .d4j} file, a Keras 3 {@code .keras} file or a TF.js Layers folder (its
   * {@code model.json}, or an existing folder).
   *
   * @return the warnings of the export (layers written as equivalents)
   * @throws IllegalArgumentException if the path names a format that does not hold this kind of model, saying which
   *     paths are accepted, or a layer cannot be expressed in the format (named)
   * @throws IllegalStateException if the model is not built
   * @throws IOException if writing fails
   */
  public static List<String> save(Model model, Path path) throws IOException {
    if (model instanceof Sequential s) {
      return save(s, path);
    }
    if (Files.isDirectory(path)) {
      return TfjsLayers.export(model, path);
    }
    if (path.getFileName() != null && path.getFileName().toString().equals(TfjsLayers.MODEL_JSON)) {
      return TfjsLayers.export(model, path.toAbsolutePath().getParent());
    }
    if (extension(path).equals("keras")) {
      return KerasExport.save(model, path);
    }
    if (extension(path).equals("d4j")) {
      ModelArchive.save(model, path);
      return List.of();
    }
    throw new IllegalArgumentException("cannot save " + model.getClass().getSimpleName() + " model \"" + model.name()
        + "\" as " + path + ": a functional model is written as a .d4j file, a Keras 3 .keras file or a TF.js "
        + "Layers folder (its model.json, or an existing folder)");
  }

  /**
   * Reads a model in any format dropout4j reads, Sequential or functional: as {@link #load(Path)}, but a functional
   * graph (Keras {@code Model}/{@code Functional} in a {@code .keras}/{@code .h5} file, a TF.js {@code Model}
   * topology) is returned as a {@link Functional} instead of being refused.
   *
   * @throws NoSuchFileException if the path does not exist
   * @throws IllegalArgumentException if the file's type cannot be recognised
   * @throws IOException if the file cannot be read or does not hold a model dropout4j can build
   */
  public static Model loadModel(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      return TfjsLayers.loadModel(path);
    }
    if (!Files.isRegularFile(path)) {
      throw new NoSuchFileException(path.toString(), null, "no such model file or folder");
    }
    String ext = extension(path);
    if (ext.equals("json")) {
      return TfjsLayers.loadModel(path);
    }
    if (ext.equals("h5") || ext.equals("hdf5") || ext.equals("keras")) {
      return KerasGraphImport.load(path);
    }
    if (ext.equals("d4j")) {
      return ModelArchive.loadModel(path);
    }
    FileMagic kind = FileMagic.of(path);
    if (kind == FileMagic.HDF5 || (kind == FileMagic.ZIP && isKerasZip(path))) {
      return KerasGraphImport.load(path);
    }
    if (kind == FileMagic.JSON) {
      return TfjsLayers.loadModel(path);
    }
    return kind == FileMagic.ZIP ? ModelArchive.loadModel(path) : load(path);
  }

  private static String extension(Path path) {
    Path name = path.getFileName();
    String s = name == null ? "" : name.toString();
    int dot = s.lastIndexOf('.');
    return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
