package org.dropout4j.models;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dropout4j.layers.Layer;
import org.dropout4j.optimizers.Optimizer;
import org.dropout4j.tensor.Parameter;

/**
 * What {@code fit} trains, fixed at the first fit after {@code compile} as Keras fixes it when it builds its train
 * function: the trainable weights (in layer order) and the names of the frozen layers (a frozen
 * BatchNormalization runs in inference mode). {@code setTrainable} between fits changes nothing until the next
 * compile, exactly as in Keras 3.
 *
 * <p>The optimizer keeps its state by position in the weight list. When a recompile with the same optimizer
 * changes the list (fine-tuning: unfreeze, recompile), the state follows its weight; a weight new to the list
 * starts with fresh state.
 */
record TrainedWeights(List<Parameter> params, Set<String> frozenLayers, Optimizer optimizer,
    Map<Parameter, float[][]> parked) {
  /**
   * The model's current trainable weights and frozen layers, the optimizer's state re-aligned to them: a weight
   * that was trained before with the same optimizer gets its state back (Keras keeps an optimizer's variables per
   * weight), a new one starts fresh.
   */
  static TrainedWeights capture(Model model, TrainedWeights previous) {
    List<Parameter> params = model.trainableWeights();
    Set<String> frozen = new LinkedHashSet<>();
    addFrozen(model.layers(), frozen);
    Optimizer opt = model.optimizer();
    Map<Parameter, float[][]> known = new IdentityHashMap<>();
    if (previous != null && previous.optimizer() == opt && !previous.params().equals(params)) {
      known.putAll(previous.parked());
      List<float[][]> slots = opt.exportSlots();
      for (int i = 0; i < previous.params().size(); i++) {
        known.put(previous.params().get(i), i < slots.size() ? slots.get(i) : null);
      }
      List<float[][]> moved = new ArrayList<>();
      for (Parameter p : params) {
        moved.add(known.remove(p));
      }
      opt.importState(opt.iterations(), moved);
    } else if (previous != null && previous.optimizer() == opt) {
      known.putAll(previous.parked());
    }
    return new TrainedWeights(List.copyOf(params), Set.copyOf(frozen), opt, known);
  }

  private static void addFrozen(List<Layer> layers, Set<String> frozen) {
    for (Layer l : layers) {
      if (!l.trainable() && l.name() != null) {
        frozen.add(l.name());
      }
      addFrozen(l.sublayers(), frozen);
    }
  }

  /**
   * Sets every weight's values (in layer order): {@link Model#setWeights(List)}.
   *
   * @throws IllegalArgumentException if the count or a size differs; the message names the weight
   */
  static void set(Model model, List<float[]> values) {
    List<Parameter> ps = model.weights();
    if (values.size() != ps.size()) {
      throw new IllegalArgumentException("model \"" + model.name() + "\" has " + ps.size() + " weights, received "
          + values.size());
    }
    for (int i = 0; i < ps.size(); i++) {
      Parameter p = ps.get(i);
      if (values.get(i).length != p.size()) {
        throw new IllegalArgumentException("weight '" + p.name() + "' has shape " + p.shape() + " (" + p.size()
            + " values), received " + values.get(i).length + " values");
      }
      System.arraycopy(values.get(i), 0, p.data(), 0, p.size());
    }
  }
}
