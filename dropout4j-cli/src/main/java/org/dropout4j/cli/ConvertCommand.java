package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dropout4j.io.KerasImport;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.models.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j convert --input-format dropout4j|tfjs|keras|keras3 --output-format tfjs|dropout4j IN OUT}: converts
 * a model between the native {@code .d4j} file and a TensorFlow.js Layers folder ({@code model.json} + shards), and
 * imports Keras files: {@code keras} for HDF5 ({@code model.save("m.h5")}, Keras 2 / tf.keras / Keras 3 legacy),
 * {@code keras3} for Keras 3 {@code .keras} zips (see {@link KerasImport}; Keras is input only).
 *
 * <p>TF.js folders and Keras files carry no optimizer state or seed: converting one to {@code .d4j} gives an
 * uncompiled model.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a model between the native .d4j file and a TensorFlow.js Layers folder "
        + "(model.json + group1-shardKofN.bin), or import a Keras .h5 / .keras file.")
final class ConvertCommand implements Callable<Integer> {
  /** The formats, by their command-line names. */
  enum Format { dropout4j, tfjs, keras, keras3 }

  @Option(names = "--input-format", required = true, description = "dropout4j (.d4j file), tfjs (folder or "
      + "model.json), keras (Keras HDF5 .h5) or keras3 (Keras 3 .keras zip)")
  Format inputFormat;

  @Option(names = "--output-format", required = true, description = "tfjs (folder) or dropout4j (.d4j file)")
  Format outputFormat;

  @Parameters(index = "0", description = "the model to read")
  Path in;

  @Parameters(index = "1", description = "where to write it")
  Path out;

  @Override
  public Integer call() throws Exception {
    if (outputFormat == Format.keras || outputFormat == Format.keras3) {
      throw new IllegalArgumentException("Invalid value for option `--output-format`: Keras files can be read, not "
          + "written; expected tfjs or dropout4j, received --output-format=" + outputFormat);
    }
    Sequential model;
    switch (inputFormat) {
      case dropout4j:
        model = ModelArchive.load(in);
        break;
      case tfjs:
        model = TfjsLayers.load(in);
        break;
      default:
        model = KerasImport.load(in); // HDF5 or .keras, recognized by content
        break;
    }
    if (outputFormat == Format.tfjs) {
      for (String warning : TfjsLayers.export(model, out)) {
        System.err.println("warning: " + warning);
      }
      System.out.println("wrote TF.js Layers model " + out.resolve(TfjsLayers.MODEL_JSON) + " ("
          + model.countParams() + " parameters)");
    } else {
      ModelArchive.save(model, out);
      System.out.println("wrote " + out + " (" + model.countParams() + " parameters)");
    }
    return 0;
  }
}
