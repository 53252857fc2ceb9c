package org.dropout4j.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.Conv1D;
import org.dropout4j.layers.GRU;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.RecurrentLayer;
import org.dropout4j.tensor.Shape;

/**
 * What tfjs-layers 4.22 computes differently from Keras for a config dropout4j would otherwise write as is: options
 * it does not implement are refused naming the layer ({@link #requireSupported}), and configs it reads differently
 * are rewritten into the form it reads as Keras means them ({@link #rewrite}).
 */
final class TfjsLimits {
  private TfjsLimits() {
  }

  /**
   * Refuses, naming the layer, options tfjs-layers 4.22 does not implement and that would change what the model
   * computes there: GRU {@code reset_after=true} (TF.js' GRUCell throws "GRUCell does not support reset_after
   * parameter set to true."), Conv1D {@code padding="causal"} (not implemented in TF.js' conv1d), global pooling {@code keepdims=true} (TF.js ignores the key and drops the axes) and
   * layers of several outputs (recurrent {@code return_state=true}, {@code Bidirectional(merge_mode=None)}),
   * DepthwiseConv2D with a dilation (TF.js' DepthwiseConv2D ignores {@code dilation_rate}: checked with real TF.js
   * 4.22, another output shape and values) and Softmax over an axis other than the last (TF.js: "Softmax along a
   * non-last dimension is not yet supported").
   */
  static void requireSupported(Layer layer, Map<String, Object> c) {
    String why = null;
    Object inner = c.get("layer") instanceof Map<?, ?> wrapped ? wrapped.get("config") : null;
    if (layer instanceof KerasOpLayer o && !o.sameShapeMerge()) {
      why = "it is a Keras 3 op node (keras.ops on symbolic tensors), which TF.js 4.22's layers format cannot express "
          + "(only Add and Multiply of two tensors of one shape export, as TF.js' merge layers)";
    } else if (layer.className().equals("Subtract")) {
      why = "TF.js 4.22 registers no Subtract layer (its merge layers are Add, Average, Concatenate, Dot, Maximum, "
          + "Minimum and Multiply)";
    } else if (layer instanceof org.dropout4j.layers.Bidirectional b && b.forwardLayer() instanceof GRU
        && inner instanceof Map<?, ?> gru && Boolean.TRUE.equals(gru.get("reset_after"))) {
      why = "its GRU has reset_after=true (Keras 3's default), which TF.js 4.22's GRU does not support; build the "
          + "wrapped layer with GRU.builder(units).resetAfter(false) to export it";
    } else if (layer instanceof GRU && Boolean.TRUE.equals(c.get("reset_after"))) {
      why = "TF.js 4.22's GRU does not support reset_after=true (Keras 3's default); build the layer with "
          + "GRU.builder(units).resetAfter(false) to export it";
    } else if ((layer instanceof RecurrentLayer || layer instanceof org.dropout4j.layers.Bidirectional)
        && (Boolean.TRUE.equals(c.get("return_state")) || inner instanceof Map<?, ?> w
            && Boolean.TRUE.equals(w.get("return_state")))) {
      why = "return_state=true gives several outputs (the output, then the final states); dropout4j's TF.js export "
          + "writes single-output layers only";
    } else if (layer instanceof org.dropout4j.layers.Bidirectional && c.containsKey("merge_mode")
        && c.get("merge_mode") == null) {
      why = "merge_mode=None gives two outputs (forward, backward); dropout4j's TF.js export writes single-output "
          + "layers only";
    } else if (layer instanceof Conv1D && "causal".equals(c.get("padding"))) {
      why = "TF.js 4.22's Conv1D does not implement padding=\"causal\" (\"The support for CAUSAL padding mode in "
          + "conv1dWithBias is not implemented yet.\")";
    } else if (layer.className().equals("UpSampling2D") && "bilinear".equals(c.get("interpolation"))) {
      why = "TF.js 4.22's UpSampling2D resizes bilinearly without half-pixel centres (resizeBilinear's default), "
          + "so it would compute other values than Keras' interpolation=\"bilinear\"";
    } else if (layer.className().equals("Conv2DTranspose") && c.get("output_padding") != null) {
      why = "TF.js 4.22's Conv2DTranspose has no output_padding (its output size is that of output_padding=None)";
    } else if (c.get("groups") instanceof Integer groups && groups != 1) {
      why = "TF.js 4.22's convolutions have no groups, received groups=" + groups;
    } else if (layer.className().equals("Conv2DTranspose") && c.get("dilation_rate") instanceof List<?> d
        && d.stream().anyMatch(v -> ((Number) v).intValue() != 1)) {
      why = "TF.js 4.22's Conv2DTranspose has no dilation (its conv2dTranspose takes none), received dilation_rate="
          + d;
    } else if (layer.className().equals("LayerNormalization") && c.get("axis") instanceof List<?> axes
        && !axes.equals(List.of(-1))) {
      why = "dropout4j checks TF.js 4.22's LayerNormalization over the last axis only, received axis=" + axes;
    } else if (layer.className().endsWith("Pooling1D") && "channels_first".equals(c.get("data_format"))) {
      why = "TF.js 4.22's 1-D pooling layers pool channels_last inputs only (they take no data_format)";
    } else if (layer.className().equals("BatchNormalization") && c.get("axis") instanceof Integer axis
        && layer.inputShape() != null
        && Math.floorMod(axis, layer.inputShape().rank()) != layer.inputShape().rank() - 1) {
      why = "TF.js 4.22's BatchNormalization computes other values for a feature axis other than the last (axis="
          + axis + "; checked against real TF.js 4.22)";
    } else if (layer.className().equals("DepthwiseConv2D") && c.get("dilation_rate") instanceof List<?> d
        && d.stream().anyMatch(v -> ((Number) v).intValue() != 1)) {
      why = "TF.js 4.22's DepthwiseConv2D ignores dilation_rate (it computes the undilated convolution), received "
          + "dilation_rate=" + d;
    } else if (layer.className().equals("Softmax") && !lastAxis(layer, c.get("axis"))) {
      why = "TF.js 4.22's Softmax takes the last axis only (\"Softmax along a non-last dimension is not yet "
          + "supported\"), received axis=" + c.get("axis");
    } else if (Boolean.TRUE.equals(c.get("keepdims"))) {
      why = "TF.js 4.22's " + layer.className() + " has no keepdims option (it would drop the spatial axes)";
    }
    if (why != null) {
      throw new IllegalArgumentException("cannot export " + owner(layer) + " to TF.js: " + why);
    }
  }

  /** Whether a Softmax {@code axis} (a number or a list of one) is the last axis of the layer's input. */
  private static boolean lastAxis(Layer layer, Object axis) {
    Object a = axis instanceof List<?> list && list.size() == 1 ? list.get(0) : axis;
    if (!(a instanceof Number n)) {
      return axis == null;
    }
    int rank = layer.inputShape() == null ? -1 : layer.inputShape().rank();
    return n.intValue() == -1 || n.intValue() == rank - 1;
  }

  /**
   * Rewrites, in place, configs TF.js 4.22 reads differently from Keras: a Concatenate {@code axis} below -1 (TF.js'
   * concatenate takes every negative axis as the last one; checked with real TF.js 4.22, which then fails on
   * {@code axis=-2}) becomes the same axis counted from the front, and a Reshape {@code target_shape} with a -1
   * gets the size Keras infers (TF.js leaves it unknown, and a following Flatten refuses "the shape of the input to
   * Flatten is not fully defined").
   */
  static void rewrite(Layer layer, Map<String, Object> c) {
    Shape in = layer.inputShape();
    if (in == null) {
      return;
    }
    if (layer.className().equals("Concatenate") && c.get("axis") instanceof Number axis && axis.intValue() < -1) {
      c.put("axis", axis.intValue() + in.rank());
    } else if (layer.className().equals("Reshape") && c.get("target_shape") instanceof List<?> target
        && target.contains(-1)) {
      Shape out = layer.computeOutputShape(in);
      List<Integer> resolved = new ArrayList<>();
      for (int i = 1; i < out.rank(); i++) {
        resolved.add(out.dim(i));
      }
      if (!resolved.contains(Shape.UNKNOWN)) {
        c.put("target_shape", resolved);
      }
    }
  }

  private static String owner(Layer layer) {
    return TfjsConfigs.owner(layer);
  }
}
