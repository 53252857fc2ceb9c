package org.dropout4j.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.ConfigReader;

/**
 * The {@code weightsManifest} of a TF.js Layers {@code model.json}: its groups, their shard files and the weights'
 * values, decoded as TF.js 4.22's {@code io.decodeWeights} decodes them.
 *
 * <p>A weight is stored as little-endian float32, or quantized as {@code tensorflowjs_converter
 * --quantize_uint8/--quantize_uint16/--quantize_float16} writes it (its manifest entry then has a
 * {@code quantization} object): {@code uint8} or {@code uint16} values {@code q} with the entry's {@code min} and
 * {@code scale}, read as the float32 nearest to {@code q * scale + min} computed in double precision (JavaScript's
 * numbers, stored into a {@code Float32Array}), or IEEE half-precision values widened exactly to float32. The
 * weights of a group are concatenated in manifest order without padding and split over its shard files at any byte.
 * Anything else (int32, string or bool weights, an unknown quantization dtype, a quantized weight without a finite
 * {@code min} and {@code scale}) is refused naming the weight and what was found.
 */
final class TfjsWeights {
  private TfjsWeights() {
  }

  /** One manifest entry: its name, element count and storage ({@code null} for plain float32). */
  record Entry(String name, int size, String quantization, double min, double scale) {
    /** The bytes it takes in the shards. */
    long bytes() {
      return (long) size * (quantization == null ? 4 : quantization.equals("uint8") ? 1 : 2);
    }
  }

  /** One weightsManifest group, validated: its entries and its shard files. */
  static final class Group {
    final List<Entry> entries = new ArrayList<>();
    final List<Path> files = new ArrayList<>();
    long bytes;
    long elements;
  }

  /**
   * The manifest's groups with every shard resolved inside {@code dir} (real paths, no link leaving the folder, no
   * file listed twice) and its total size equal to what the entries need; nothing is read yet.
   */
  @SuppressWarnings("unchecked")
  static List<Group> groups(Object manifest, Path dir) throws IOException {
    if (!(manifest instanceof List)) {
      throw new IllegalArgumentException("missing `weightsManifest`");
    }
    List<Group> out = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (Object g : (List<Object>) manifest) {
      if (!(g instanceof Map)) {
        throw new IllegalArgumentException("a weightsManifest group must be an object, received " + Json.write(g));
      }
      ConfigReader group = new ConfigReader((Map<String, Object>) g, "weightsManifest group");
      Object paths = group.raw("paths");
      Object weights = group.raw("weights");
      if (!(paths instanceof List) || !(weights instanceof List)) {
        throw new IllegalArgumentException("a weightsManifest group needs the lists `paths` and `weights`");
      }
      Group result = new Group();
      for (Object w : (List<Object>) weights) {
        if (!(w instanceof Map)) {
          throw new IllegalArgumentException("a weightsManifest entry must be an object, received " + Json.write(w));
        }
        Entry e = entry((Map<String, Object>) w);
        result.entries.add(e);
        result.bytes += e.bytes();
        result.elements += e.size();
      }
      long available = 0;
      for (Object p : (List<Object>) paths) {
        if (!(p instanceof String)) {
          throw new IllegalArgumentException("weight paths must be strings, received " + Json.write(p));
        }
        Path f = LoadLimits.confined(dir, (String) p, "weight file");
        if (!seen.add(f)) {
          throw new IllegalArgumentException("the weight file " + Json.write(p) + " (" + f + ") is listed more than "
              + "once in weightsManifest");
        }
        result.files.add(f);
        available += Files.size(f);
      }
      if (available != result.bytes) {
        throw new IllegalArgumentException("the weight files " + paths + " hold " + available + " bytes, the "
            + "manifest's shapes need " + result.bytes + " (truncated or mismatched shards)");
      }
      out.add(result);
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Entry entry(Map<String, Object> w) {
    ConfigReader spec = new ConfigReader(w, "weightsManifest entry");
    String name = spec.requiredString("name");
    String dtype = spec.string("dtype", "float32");
    if (!dtype.equals("float32")) {
      throw new IllegalArgumentException("weight '" + name + "' has dtype " + Json.write(dtype) + "; only float32 "
          + "weights (stored as float32, or quantized as uint8, uint16 or float16) can be read");
    }
    List<Integer> shape = spec.dims("shape");
    int n = shape == null || shape.isEmpty() ? 1 : BinaryFiles.elements(shape, "weight '" + name + "'");
    Object q = spec.raw("quantization");
    if (q == null) {
      return new Entry(name, n, null, 0, 0);
    }
    if (!(q instanceof Map)) {
      throw new IllegalArgumentException("weight '" + name + "': `quantization` must be an object, received "
          + Json.write(q));
    }
    Map<String, Object> quant = (Map<String, Object>) q;
    Object kind = quant.get("dtype");
    if ("float16".equals(kind)) {
      return new Entry(name, n, "float16", 0, 0);
    }
    if (!"uint8".equals(kind) && !"uint16".equals(kind)) {
      throw new IllegalArgumentException("weight '" + name + "' is quantized as " + Json.write(kind) + "; the "
          + "quantization dtypes TF.js reads are \"uint8\", \"uint16\" and \"float16\"");
    }
    double min = finite(quant.get("min"), name, "min", (String) kind);
    double scale = finite(quant.get("scale"), name, "scale", (String) kind);
    return new Entry(name, n, (String) kind, min, scale);
  }

  private static double finite(Object v, String name, String key, String kind) {
    if (!(v instanceof Number) || !Double.isFinite(((Number) v).doubleValue())) {
      throw new IllegalArgumentException("weight '" + name + "' is quantized as \"" + kind + "\" and needs a "
          + "finite number `" + key + "` in its `quantization`, received " + Json.write(v));
    }
    return ((Number) v).doubleValue();
  }

  /** Every weight's float32 values by manifest name, the shards read once. */
  static Map<String, float[]> read(List<Group> groups) throws IOException {
    Map<String, float[]> out = new HashMap<>();
    for (Group g : groups) {
      if (g.bytes > Integer.MAX_VALUE - 16) {
        throw new IllegalArgumentException("a weight group of " + g.bytes + " bytes is more than one array holds");
      }
      byte[] bytes = new byte[(int) g.bytes];
      int pos = 0;
      for (Path f : g.files) {
        try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
          int len = in.readNBytes(bytes, pos, bytes.length - pos);
          if (in.read() >= 0) {
            throw new IllegalArgumentException("the weight file " + f + " changed size while it was read");
          }
          pos += len;
        }
      }
      if (pos != bytes.length) {
        throw new IllegalArgumentException("the weight files hold " + pos + " bytes, expected " + bytes.length);
      }
      int offset = 0;
      for (Entry e : g.entries) {
        if (out.put(e.name(), decode(e, bytes, offset)) != null) {
          throw new IllegalArgumentException("weightsManifest lists weight '" + e.name() + "' twice");
        }
        offset += (int) e.bytes();
      }
    }
    return out;
  }

  /** One entry's values from {@code bytes} at {@code offset}, as TF.js decodes them. */
  static float[] decode(Entry e, byte[] bytes, int offset) {
    if (e.quantization() == null) {
      return BinaryFiles.fromLittleEndian(bytes, offset, e.size());
    }
    float[] out = new float[e.size()];
    ByteBuffer b = ByteBuffer.wrap(bytes, offset, (int) e.bytes()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < out.length; i++) {
      switch (e.quantization()) {
        case "uint8" -> out[i] = (float) ((b.get() & 0xff) * e.scale() + e.min());
        case "uint16" -> out[i] = (float) ((b.getShort() & 0xffff) * e.scale() + e.min());
        default -> out[i] = halfToFloat(b.getShort() & 0xffff);
      }
    }
    return out;
  }

  /** The float32 equal to an IEEE 754 half-precision value (exact: every half is a float). */
  static float halfToFloat(int bits) {
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f; // subnormal: mantissa * 2^-24, exact in float32
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
