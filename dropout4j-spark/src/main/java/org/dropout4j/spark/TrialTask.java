package org.dropout4j.spark;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.dropout4j.cli.experiment.ExperimentRunner;
import org.dropout4j.cli.experiment.ExperimentSpec;
import org.dropout4j.cli.experiment.Trial;
import org.dropout4j.cli.experiment.TrialEngine;
import org.dropout4j.cli.experiment.TrialResult;

/**
 * One trial as a Spark task: {@code "index,setting,repeat,seed"} in, the trial's record and repeat-0 weights
 * ({@code .d4j}) out, as bytes. The record travels as its summary in JSON and its per-epoch history as raw 64-bit
 * doubles (a 4000-epoch history is 16,000 numbers: as JSON text it cost the executor and the driver a parse and
 * a print each, and boxed garbage, per trial), so the driver gets back exactly the doubles the executor computed.
 * The experiment (data, base model) is built once per executor JVM and spec.
 */
final class TrialTask implements Function<String, byte[]> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Per executor JVM: the experiment of each spec seen (by canonical JSON), its data generated or read once. */
  private static final Map<String, ExperimentRunner> RUNNERS = new ConcurrentHashMap<>();

  private final Broadcast<String> spec;

  TrialTask(Broadcast<String> spec) {
    this.spec = spec;
  }

  static String encode(Trial t) {
    return t.index() + "," + t.settingIndex() + "," + t.repeat() + "," + t.seed();
  }

  static Trial decodeTrial(String s) {
    String[] f = s.split(",");
    return new Trial(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]));
  }

  @Override
  public byte[] call(String task) throws IOException {
    String json = spec.value();
    ExperimentRunner runner = RUNNERS.computeIfAbsent(json, j -> {
      try {
        return new ExperimentRunner(ExperimentSpec.parse(j, false), null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    Trial t = decodeTrial(task);
    if (!runner.trials().get(t.index()).equals(t)) {
      throw new IllegalStateException("task " + task + " is not a trial of experiment " + runner.spec().name());
    }
    return encode(runner.execute(t));
  }

  /** A trial's output as bytes: summary (JSON), history (name, length, doubles per series), weights. */
  static byte[] encode(TrialEngine.Output out) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream d = new DataOutputStream(bytes)) {
      byte[] summary = JSON.writeValueAsBytes(out.result().summary());
      d.writeInt(summary.length);
      d.write(summary);
      Map<String, List<Double>> history = out.result().history();
      d.writeInt(history.size());
      for (Map.Entry<String, List<Double>> s : history.entrySet()) {
        d.writeUTF(s.getKey());
        d.writeInt(s.getValue().size());
        for (double v : s.getValue()) {
          d.writeDouble(v);
        }
      }
      d.writeInt(out.model() == null ? -1 : out.model().length);
      if (out.model() != null) {
        d.write(out.model());
      }
    }
    return bytes.toByteArray();
  }

  /** The output of {@link #encode(TrialEngine.Output)} back as the runner takes it. */
  static TrialEngine.Output decode(byte[] b) throws IOException {
    try (DataInputStream d = new DataInputStream(new ByteArrayInputStream(b))) {
      byte[] summary = new byte[d.readInt()];
      d.readFully(summary);
      Map<String, Object> record = JSON.readValue(summary, new TypeReference<Map<String, Object>>() { });
      Map<String, List<Double>> history = new LinkedHashMap<>();
      for (int s = d.readInt(); s > 0; s--) {
        String name = d.readUTF();
        List<Double> values = new ArrayList<>();
        for (int i = d.readInt(); i > 0; i--) {
          values.add(d.readDouble());
        }
        history.put(name, values);
      }
      record.put("history", history);
      int n = d.readInt();
      byte[] model = null;
      if (n >= 0) {
        model = new byte[n];
        d.readFully(model);
      }
      return new TrialEngine.Output(TrialResult.fromMap(record), model);
    }
  }
}
