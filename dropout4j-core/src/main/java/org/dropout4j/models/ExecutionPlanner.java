package org.dropout4j.models;

/**
 * Turns a built model into its {@link ExecutionPlan}, once: a fused step where one applies and gives the generic
 * step's results (same masks, same loss, gradients equal to float rounding), else the generic autodiff step.
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
      FusedDenseStack stack = FusedDenseStack.plan(s.layers(), s.inputShape());
      if (stack != null) {
        return new FusedDensePlan(stack, generic);
      }
    }
    return generic;
  }

  /** The generic plan of a model without any fusion, whatever the planner would choose: for comparisons. */
  static ExecutionPlan generic(Model model) {
    return new GenericPlan(model, false);
  }
}
