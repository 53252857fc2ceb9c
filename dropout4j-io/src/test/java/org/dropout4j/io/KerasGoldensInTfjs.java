package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real TF.js (node, interop/tfjs-node-check) runs dropout4j's TF.js export of Keras golden models and must predict
 * what Keras predicted: each model {@code NAME.keras} of a test-resource folder with its inputs {@code NAME.x.npy}
 * ({@code NAME.x1.npy}, ... for several inputs) and Keras' outputs {@code NAME.y.npy} (...). Skips (or fails with
 * {@code DROPOUT4J_REQUIRE_TFJS=1}) without node or the installed TF.js.
 */
final class KerasGoldensInTfjs {
  private KerasGoldensInTfjs() {}

  /** Exports every model of {@code names} from resource folder {@code folder} into {@code dir} and runs check.js. */
  static void assertMatch(Path dir, String folder, List<String> names) throws Exception {
    Path script = TfjsNodeCheckTest.findScript();
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    for (String name : names) {
      Path out = dir.resolve(name);
      Models.save(Models.loadModel(resource(folder, name + ".keras")), out.resolve("model.json"));
      Files.writeString(out.resolve("inputs.json"), arrays(folder, name, ".x"));
      Files.writeString(out.resolve("expected.json"), arrays(folder, name, ".y"));
      command.add(out.toString());
    }
    TfjsNodeCheckTest.requireOrSkip(TfjsNodeCheckTest.nodeVersion() != null, "`node` is not on the PATH");
    TfjsNodeCheckTest.requireOrSkip(
        Files.isRegularFile(script.getParent().resolve("node_modules/@tensorflow/tfjs/package.json")),
        "run `npm ci` in " + script.getParent() + " to install @tensorflow/tfjs 4.22.0");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean finished = p.waitFor(300, TimeUnit.SECONDS);
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!finished) {
      p.destroyForcibly();
    }
    assertTrue(finished && p.exitValue() == 0, "node check.js failed:\n" + output);
    int n = names.size();
    assertTrue(output.contains(n + "/" + n + " models match"), output);
  }

  private static Path resource(String folder, String file) throws URISyntaxException {
    return Path.of(KerasGoldensInTfjs.class.getResource("/" + folder + "/" + file).toURI());
  }

  /** NAME.x.npy, NAME.x1.npy, ... (or .y) as check.js reads them: one {shape, data} or a list of them. */
  private static String arrays(String folder, String name, String kind) throws IOException, URISyntaxException {
    List<Object> out = new ArrayList<>();
    for (int k = 0; ; k++) {
      String file = name + kind + (k == 0 ? "" : String.valueOf(k)) + ".npy";
      if (KerasGoldensInTfjs.class.getResource("/" + folder + "/" + file) == null) {
        break;
      }
      out.add(TensorJson.of(NpyFile.read(resource(folder, file))));
    }
    return Json.write(out.size() == 1 ? out.get(0) : out);
  }
}
