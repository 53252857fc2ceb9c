package org.dropout4j.bench.serving;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Layer;
import org.dropout4j.models.Sequential;
import org.dropout4j.tensor.Parameter;

/**
 * Writes the inference graph of a Sequential made of {@code Dense} layers (with dropout-family and {@code Flatten}
 * layers, which are the identity at inference) as an ONNX model (IR version 8, opset 13): {@code Gemm} per Dense
 * layer, then {@code Relu}, {@code Sigmoid}, {@code Tanh} or {@code Softmax(axis=-1)} for its activation. The
 * weights are stored as raw little-endian float32 initializers, so ONNX Runtime computes with exactly dropout4j's
 * numbers. This is what the serving benchmark feeds ONNX Runtime; any other layer or activation is refused by name.
 *
 * <p>The protobuf encoding is written out by hand (varints and length-delimited fields of {@code onnx.proto}), which
 * keeps the benchmark free of a protobuf dependency; {@code onnx.checker} accepts the files (see
 * {@code bench/peers/README.md}).
 */
public final class OnnxDenseWriter {
  private static final int FLOAT = 1;          // TensorProto.DataType.FLOAT
  private static final int ATTR_INT = 2;       // AttributeProto.AttributeType.INT
  private static final List<String> IDENTITY_AT_INFERENCE = List.of("Dropout", "GaussianDropout", "GaussianNoise",
      "AlphaDropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "Flatten", "InputLayer");

  private OnnxDenseWriter() {
  }

  /**
   * Writes {@code model} to {@code file}. The graph's input is {@code x} of shape {@code [N, inputs]} ({@code N}
   * symbolic), its output {@code y}.
   *
   * @throws IllegalArgumentException if the model holds a layer or activation this writer cannot express
   */
  public static void write(Sequential model, Path file) throws IOException {
    Files.write(file, encode(model));
  }

  /** The ONNX bytes of {@code model}; see {@link #write}. */
  public static byte[] encode(Sequential model) {
    Proto graph = new Proto();
    String current = "x";
    int inputs = -1;
    int units = -1;
    int index = 0;
    for (Layer layer : model.layers()) {
      String kind = layer.className();
      if (IDENTITY_AT_INFERENCE.contains(kind)) {
        continue;
      }
      if (!kind.equals("Dense")) {
        throw new IllegalArgumentException("Cannot write layer '" + layer.name() + "' (" + kind + ") to ONNX: the "
            + "serving benchmark's writer supports Dense, Flatten and dropout-family layers only");
      }
      Map<String, Object> config = layer.getConfig();
      List<Parameter> weights = layer.weights();
      Parameter kernel = weights.get(0);
      int in = kernel.shape().dim(0);
      units = kernel.shape().dim(1);
      if (inputs < 0) {
        inputs = in;
      }
      String w = "w" + index;
      String b = "b" + index;
      graph.message(5, tensor(w, new long[] {in, units}, kernel.data()));
      boolean useBias = weights.size() > 1;
      graph.message(5, tensor(b, new long[] {units}, useBias ? weights.get(1).data() : new float[units]));
      String gemmOut = "gemm" + index;
      graph.message(1, node("Gemm", "gemm" + index, List.of(current, w, b), gemmOut));
      current = gemmOut;
      String activation = String.valueOf(config.getOrDefault("activation", "linear"));
      String op = switch (activation) {
        case "linear" -> null;
        case "relu" -> "Relu";
        case "sigmoid" -> "Sigmoid";
        case "tanh" -> "Tanh";
        case "softmax" -> "Softmax";
        default -> throw new IllegalArgumentException("Cannot write activation '" + activation + "' of layer '"
            + layer.name() + "' to ONNX: expected linear, relu, sigmoid, tanh or softmax");
      };
      if (op != null) {
        String out = activation + index;
        Proto n = node(op, out, List.of(current), out);
        if (op.equals("Softmax")) {
          n.message(5, new Proto().string(1, "axis").varint(3, -1L).varint(20, ATTR_INT));
        }
        graph.message(1, n);
        current = out;
      }
      index++;
    }
    if (index == 0) {
      throw new IllegalArgumentException("Cannot write model '" + model.name() + "' to ONNX: it has no Dense layer");
    }
    Proto identity = node("Identity", "output", List.of(current), "y");
    graph.message(1, identity);
    graph.string(2, model.name());
    graph.message(11, valueInfo("x", inputs));
    graph.message(12, valueInfo("y", units));
    Proto modelProto = new Proto()
        .varint(1, 8)                                        // ir_version
        .string(2, "dropout4j")                              // producer_name
        .string(3, "0.1.0")                                  // producer_version
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 13)); // opset_import: ai.onnx 13
    return modelProto.bytes();
  }

  private static Proto node(String op, String name, List<String> inputs, String output) {
    Proto n = new Proto();
    for (String i : inputs) {
      n.string(1, i);
    }
    return n.string(2, output).string(3, name).string(4, op);
  }

  private static Proto tensor(String name, long[] dims, float[] values) {
    Proto t = new Proto();
    for (long d : dims) {
      t.varint(1, d);
    }
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return t.varint(2, FLOAT).string(8, name).bytes(9, raw.array());
  }

  private static Proto valueInfo(String name, int features) {
    Proto shape = new Proto()
        .message(1, new Proto().string(2, "N"))              // dim_param
        .message(1, new Proto().varint(1, features));        // dim_value
    Proto tensorType = new Proto().varint(1, FLOAT).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
  }

  /** A protobuf message under construction: fields appended in order. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      tag(field, 0);
      rawVarint(value);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto bytes(int field, byte[] value) {
      tag(field, 2);
      rawVarint(value.length);
      out.writeBytes(value);
      return this;
    }

    Proto message(int field, Proto value) {
      return bytes(field, value.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void tag(int field, int wireType) {
      rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        out.write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      out.write((int) v);
    }
  }
}
