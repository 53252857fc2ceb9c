package org.dropout4j.models;

import org.dropout4j.layers.Activation;
import org.dropout4j.layers.AveragePooling1D;
import org.dropout4j.layers.AveragePooling2D;
import org.dropout4j.layers.AveragePooling3D;
import org.dropout4j.layers.BatchNormalization;
import org.dropout4j.layers.Conv1D;
import org.dropout4j.layers.Conv2D;
import org.dropout4j.layers.Conv3D;
import org.dropout4j.layers.Dense;
import org.dropout4j.layers.Flatten;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.LayerNormalization;
import org.dropout4j.layers.MaxPooling1D;
import org.dropout4j.layers.MaxPooling2D;
import org.dropout4j.layers.MaxPooling3D;
import org.dropout4j.layers.Reshape;
import org.dropout4j.tensor.Shape;

/**
 * Turns a built model into its {@link ExecutionPlan}, once: a fused step where one applies and gives the generic
 * step's results (same masks, same loss, gradients equal to float rounding), else the generic autodiff step; and
 * for a Sequential model its {@link InferencePlan} for plain predictions, where one applies.
 *
 * <p>{@code -D}{@value #FUSION_PROPERTY}{@code =false} turns every fusion off: models take the generic step and
 * layers run one by one.
 */
final class ExecutionPlanner {
  /** The system property that disables every fused path when {@code false}. */
  static final String FUSION_PROPERTY = "dropout4j.fusion";

  private ExecutionPlanner() {
  }

  /** Whether fused paths may be chosen ({@value #FUSION_PROPERTY} is not {@code false}). */
  static boolean fusionEnabled() {
    return !"false".equalsIgnoreCase(System.getProperty(FUSION_PROPERTY));
  }

  /** The plan of a built model. */
  static ExecutionPlan plan(Model model) {
    if (!fusionEnabled()) {
      return generic(model);
    }
    GenericPlan generic = new GenericPlan(model, true);
    if (model instanceof Sequential) {
      Sequential s = (Sequential) model;
      return training(s, generic).withInference(InferencePlan.plan(s));
    }
    return generic;
  }

  /** The plan of a Sequential model's training steps (and of its passes that the inference plan does not take). */
  private static ExecutionPlan training(Sequential s, GenericPlan generic) {
    FusedDenseStack stack = FusedDenseStack.plan(s.layers(), s.inputShape());
    if (stack != null) {
      return new FusedDensePlan(stack, generic);
    }
    DenseHead head = DenseHead.plan(s.layers(), s.inputShape());
    return head != null ? new DenseHeadPlan(s, head, generic) : generic;
  }

  /**
   * How many leading layers of {@code model} give the same output in every Monte Carlo dropout pass, so that
   * {@link MonteCarloDropout} computes them once per block of rows instead of once per pass: the layers of a
   * Sequential model up to the first one that is not a plain Dense, Activation, Flatten, Reshape, convolution,
   * pooling or normalization layer (those draw no noise and, with training off in a Monte Carlo pass, use their
   * moving statistics). 0 for other models and when the plan fuses nothing ({@value #FUSION_PROPERTY}=false or a
   * forced generic plan), which then runs every layer in every pass.
   */
  static int monteCarloFixedLayers(Model model) {
    if (!(model instanceof Sequential) || !model.plan().fusesLayerPairs()) {
      return 0;
    }
    java.util.List<Layer> layers = ((Sequential) model).layers();
    int fixed = 0;
    while (fixed < layers.size() && NOISE_FREE.contains(layers.get(fixed).getClass())) {
      fixed++;
    }
    return fixed;
  }

  /**
   * The planned Monte Carlo passes of the layers of {@code model} after its first {@code fixed}
   * ({@link #monteCarloFixedLayers}) for one input of {@code inputShape}, or {@code null} to run them layer by layer
   * in every pass: a last Dropout and Dense of one to four units as one loop per row ({@link McDenseTail}), else a
   * stack of Dropout, Dense and Activation layers as products and row passes ({@link McDenseStack}). Both give the
   * generic plan's draws to the bit; neither applies when the plan fuses nothing.
   */
  static MonteCarloTail monteCarloTail(Model model, int fixed, Shape inputShape) {
    MonteCarloTail tail = McDenseTail.plan(model, fixed, inputShape);
    return tail != null ? tail : McDenseStack.plan(model, fixed, inputShape);
  }

  /**
   * The shape of the rows that layer {@code from} of {@code model} receives for inputs of {@code modelInput}, or
   * {@code null} unless the model is a Sequential one whose plan fuses, {@code from} is one of its layers and the
   * rows are rank 2: what a planned Monte Carlo tail starts from.
   */
  static Shape monteCarloTailInput(Model model, int from, Shape modelInput) {
    if (!(model instanceof Sequential) || !model.plan().fusesLayerPairs()) {
      return null;
    }
    java.util.List<Layer> layers = ((Sequential) model).layers();
    if (from >= layers.size()) {
      return null;
    }
    Shape shape = modelInput;
    for (int i = 0; i < from; i++) {
      shape = layers.get(i).computeOutputShape(shape);
    }
    return shape.rank() == 2 ? shape : null;
  }

  /** Layer classes that draw no noise in any mode (exact classes: a subclass may add some). */
  private static final java.util.Set<Class<?>> NOISE_FREE = java.util.Set.of(Dense.class, Activation.class,
      Flatten.class, Reshape.class, Conv1D.class, Conv2D.class, Conv3D.class, MaxPooling1D.class,
      MaxPooling2D.class, MaxPooling3D.class, AveragePooling1D.class, AveragePooling2D.class, AveragePooling3D.class,
      BatchNormalization.class, LayerNormalization.class);

  /** The generic plan of a model without any fusion, whatever the planner would choose: for comparisons. */
  static ExecutionPlan generic(Model model) {
    return new GenericPlan(model, false);
  }
}
