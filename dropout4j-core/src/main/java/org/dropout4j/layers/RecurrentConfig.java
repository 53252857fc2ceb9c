package org.dropout4j.layers;

import java.util.List;
import java.util.function.IntFunction;

/**
 * Reads the config {@link RecurrentLayer#getConfig()} writes for SimpleRNN, GRU and LSTM, in the Keras 3 and the
 * Keras 2 / TF.js forms; the descriptors of the three layers call it.
 */
final class RecurrentConfig {
  private RecurrentConfig() {
  }

  static <L extends RecurrentLayer> L read(ConfigReader r, String cls, IntFunction<RecurrentLayer.Builder<L>> builder) {
    int units = r.requiredInt("units");
    RecurrentLayer.Builder<L> b = builder.apply(units);
    r.layerBase();
    b.name(r.string("name", null)).trainable(r.bool("trainable", true));
    b.returnSequences(r.bool("return_sequences", false));
    b.returnState(r.bool("return_state", false));
    b.goBackwards(r.bool("go_backwards", false));
    for (String key : List.of("stateful", "time_major")) {
      r.requireFalse(key);
    }
    b.zeroOutputForMask(r.bool("zero_output_for_mask", false));
    r.ignore("implementation", "use_cudnn", "unroll"); // how Keras computes, not what
    b.activation(r.string("activation", RecurrentLayer.DEFAULT_ACTIVATION));
    if (!cls.equals("SimpleRNN")) {
      b.recurrentActivation(r.string("recurrent_activation", RecurrentLayer.DEFAULT_RECURRENT_ACTIVATION));
    }
    b.useBias(r.bool("use_bias", true));
    b.kernelInitializer(ConfigObjects.initializer(r, "kernel_initializer", RecurrentLayer.DEFAULT_KERNEL_INITIALIZER));
    b.recurrentInitializer(ConfigObjects.initializer(r, "recurrent_initializer",
        RecurrentLayer.DEFAULT_RECURRENT_INITIALIZER));
    b.biasInitializer(ConfigObjects.initializer(r, "bias_initializer", RecurrentLayer.DEFAULT_BIAS_INITIALIZER));
    if (cls.equals("LSTM")) {
      b.unitForgetBias(r.bool("unit_forget_bias", true));
    }
    b.kernelRegularizer(ConfigObjects.regularizer(r, "kernel_regularizer"));
    b.recurrentRegularizer(ConfigObjects.regularizer(r, "recurrent_regularizer"));
    b.biasRegularizer(ConfigObjects.regularizer(r, "bias_regularizer"));
    b.activityRegularizer(ConfigObjects.regularizer(r, "activity_regularizer"));
    b.kernelConstraint(ConfigObjects.constraint(r, "kernel_constraint"));
    b.recurrentConstraint(ConfigObjects.constraint(r, "recurrent_constraint"));
    b.biasConstraint(ConfigObjects.constraint(r, "bias_constraint"));
    b.dropout(r.number("dropout", 0f));
    b.recurrentDropout(r.number("recurrent_dropout", 0f));
    if (cls.equals("GRU")) {
      // Keras 3 defaults to true; Keras 2 / TF.js configs always write the key
      b.resetAfter(r.bool("reset_after", true));
    }
    b.seed(r.optionalLong("seed"));
    return b.build();
  }
}
