package org.dropout4j.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.tensor.Tensor;

/** A tensor as the JSON object the TF.js node checks read: {@code {"shape": [...], "data": [...]}}. */
final class TensorJson {
  private TensorJson() {
  }

  /** {@code t}'s shape and its values (as doubles, row-major) in a map that {@link Json#write} writes. */
  static Map<String, Object> of(Tensor t) {
    List<Integer> shape = new ArrayList<>();
    for (int d : t.shape().toArray()) {
      shape.add(d);
    }
    List<Double> data = new ArrayList<>();
    for (float v : t.toArray()) {
      data.add((double) v);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shape", shape);
    m.put("data", data);
    return m;
  }
}
