package org.dropout4j.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dropout4j.io.ModelArchive;
import org.dropout4j.io.TfjsLayers;
import org.dropout4j.models.Sequential;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dropout4j convert --input-format dropout4j|tfjs --output-format tfjs|dropout4j IN OUT}: converts a model
 * between the native {@code .d4j} file and a TensorFlow.js Layers folder ({@code model.json} + shards).
 *
 * <p>TF.js folders carry no optimizer state or seed: converting one to {@code .d4j} gives an uncompiled model.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert a model between the native .d4j file and a TensorFlow.js Layers folder "
        + "(model.json + group1-shardKofN.bin).")
final class ConvertCommand implements Callable<Integer> {
  /** The formats, by their command-line names. */
  enum Format { dropout4j, tfjs }

  @Option(names = "--input-format", required = true, description = "dropout4j (.d4j file) or tfjs (folder or "
      + "model.json)")
  Format inputFormat;

  @Option(names = "--output-format", required = true, description = "tfjs (folder) or dropout4j (.d4j file)")
  Format outputFormat;

  @Parameters(index = "0", description = "the model to read")
  Path in;

  @Parameters(index = "1", description = "where to write it")
  Path out;

  @Override
  public Integer call() throws Exception {
    Sequential model = inputFormat == Format.dropout4j ? ModelArchive.load(in) : TfjsLayers.load(in);
    if (outputFormat == Format.tfjs) {
      TfjsLayers.export(model, out);
      System.out.println("wrote TF.js Layers model " + out.resolve(TfjsLayers.MODEL_JSON) + " ("
          + model.countParams() + " parameters)");
    } else {
      ModelArchive.save(model, out);
      System.out.println("wrote " + out + " (" + model.countParams() + " parameters)");
    }
    return 0;
  }
}
