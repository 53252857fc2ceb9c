package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.io.KerasExport;
import org.dropout4j.io.KerasGraphImport;
import org.dropout4j.io.KerasImport;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.models.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j convert --input-format dropout4j|tfjs|keras|keras3 --output-format tfjs|dropout4j|keras3 IN OUT}:
 * converts a model between the native {@code .d4j} file, a TensorFlow.js Layers folder ({@code model.json} + shards)
 * and Keras files: input {@code keras} for HDF5 ({@code model.save("m.h5")}, Keras 2 / tf.keras / Keras 3 legacy),
 * {@code keras3} for Keras 3 {@code .keras} zips (see {@link KerasImport}); output {@code keras3} writes a Keras 3
 * {@code .keras} file ({@link KerasExport}). Every format holds Sequential and functional models (several inputs and
 * outputs, shared layers, residual merges); a layer a format lacks (e.g. MultiHeadAttention in TF.js 4.22) is
 * refused by name.
 *
 * <p>TF.js folders and Keras files carry no optimizer state or seed: converting one to {@code .d4j} gives an
 * uncompiled model.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a model between the native .d4j file and a TensorFlow.js Layers folder "
        + "(model.json + group1-shardKofN.bin) and Keras files (.h5 / .keras in, Keras 3 .keras out).")
final class ConvertCommand extends CliCommand {
  /** The formats, by their command-line names. */
  enum Format { dropout4j, tfjs, keras, keras3 }

  @Option(names = "--input-format", required = true, description = "dropout4j (.d4j file), tfjs (folder or "
      + "model.json), keras (Keras HDF5 .h5) or keras3 (Keras 3 .keras zip)")
  Format inputFormat;

  @Option(names = "--output-format", required = true, description = "tfjs (folder), dropout4j (.d4j file) "
      + "or keras3 (Keras 3 .keras zip)")
  Format outputFormat;

  @Parameters(index = "0", description = "the model to read")
  Path in;

  @Parameters(index = "1", description = "where to write it")
  Path out;

  @Override
  Map<String, Object> execute() throws Exception {
    convert();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("input", in.toString());
    r.put("input_format", inputFormat.name());
    r.put("output", out.toString());
    r.put("output_format", outputFormat.name());
    return r;
  }

  private void convert() throws Exception {
    if (outputFormat == Format.keras) {
      throw new IllegalArgumentException("Invalid value for option `--output-format`: dropout4j writes Keras 3 .keras "
          + "files, not legacy Keras HDF5; expected tfjs, dropout4j or keras3, received --output-format=" + outputFormat);
    }
    // two steps, reading and writing: a big model takes seconds for each, and the ETA after the first is a fair guess
    try (ProgressLine bar = new ProgressLine("convert", 2, output.showProgress())) {
      bar.update(0, "reading " + in);
      Model model = read();
      bar.update(1, "writing " + out + " (" + model.countParams() + " parameters)");
      List<String> warnings = new ArrayList<>();
      String wrote = write(model, warnings);
      bar.update(2, "done");
      bar.clear();
      warnings.forEach(w -> System.err.println("warning: " + w));
      System.out.println(wrote);
    }
  }

  private Model read() throws Exception {
    switch (inputFormat) {
      case dropout4j:
        return ModelArchive.loadModel(in); // Sequential or functional
      case tfjs:
        return TfjsLayers.loadModel(in);
      default:
        return KerasGraphImport.load(in); // HDF5 or .keras, recognized by content; Sequential or functional
    }
  }

  /** Writes the model in the output format, adding the writer's warnings; returns what was written. */
  private String write(Model model, List<String> warnings) throws Exception {
    if (outputFormat == Format.keras3) {
      warnings.addAll(KerasExport.save(model, out));
      return "wrote Keras 3 model " + out + " (" + model.countParams() + " parameters)";
    }
    if (outputFormat == Format.tfjs) {
      warnings.addAll(TfjsLayers.export(model, out));
      return "wrote TF.js Layers model " + out.resolve(TfjsLayers.MODEL_JSON) + " (" + model.countParams()
          + " parameters)";
    }
    ModelArchive.save(model, out);
    return "wrote " + out + " (" + model.countParams() + " parameters)";
  }
}
