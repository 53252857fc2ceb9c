package org.dropout4j.io;

import com.fasterxml.jackson.databind.JsonNode;
import org.dropout4j.tensor.Shape;
import org.dropout4j.tensor.Tensor;

/**
 * Reads the tensors the golden generators in {@code tools/golden/} write into the test resources' JSON files:
 * {@code {"shape": [...], "data": [flat values]}}, float32, row-major.
 */
final class JsonTensors {
  private JsonTensors() {}

  /** The tensor of one {@code {"shape", "data"}} node. */
  static Tensor tensor(JsonNode t) {
    int[] dims = new int[t.get("shape").size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = t.get("shape").get(i).asInt();
    }
    float[] v = new float[t.get("data").size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) t.get("data").get(i).asDouble();
    }
    return Tensor.of(Shape.of(dims), v);
  }
}
