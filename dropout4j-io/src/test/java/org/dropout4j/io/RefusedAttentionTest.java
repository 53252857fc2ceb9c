package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * What Keras 3.15's MultiHeadAttention has and dropout4j refuses by name, with the reason, instead of computing
 * something else: an explicit {@code attention_mask} call argument and {@code use_gate=True} (real Keras files in
 * keras/refused, written by tools/golden/make_refused_attention_models.py).
 */
class RefusedAttentionTest {
  private static String refusal(String file) {
    Exception e = assertThrows(Exception.class, () -> Models.loadModel(KerasImportTest.resource("refused/" + file)));
    StringBuilder all = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      all.append(t.getMessage()).append('\n');
    }
    return all.toString();
  }

  @Test
  void an_explicit_attention_mask_is_refused_naming_the_argument() {
    String m = refusal("mha_attention_mask.keras");
    assertTrue(m.contains("`attention_mask`") && m.contains("use_causal_mask"), m);
  }

  @Test
  void use_gate_is_refused_naming_the_argument() {
    String m = refusal("mha_use_gate.keras");
    assertTrue(m.contains("`use_gate`") && m.contains("gated attention") && m.contains("use_gate=true"), m);
  }
}
