package org.dropout4j.layers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dropout4j.layers.activations.ELU;
import org.dropout4j.layers.activations.LeakyReLU;
import org.dropout4j.layers.activations.PReLU;
import org.dropout4j.layers.activations.ReLU;
import org.dropout4j.layers.activations.Softmax;
import org.dropout4j.layers.activations.ThresholdedReLU;
import org.dropout4j.layers.merging.Add;
import org.dropout4j.layers.merging.Average;
import org.dropout4j.layers.merging.Concatenate;
import org.dropout4j.layers.merging.Dot;
import org.dropout4j.layers.merging.Maximum;
import org.dropout4j.layers.merging.Minimum;
import org.dropout4j.layers.merging.Multiply;
import org.dropout4j.layers.merging.Subtract;
import org.dropout4j.layers.regularization.AlphaDropout;
import org.dropout4j.layers.regularization.Dropout;
import org.dropout4j.layers.regularization.FeatureAlphaDropout;
import org.dropout4j.layers.regularization.GaussianDropout;
import org.dropout4j.layers.regularization.GaussianNoise;
import org.dropout4j.layers.regularization.SpatialDropout1D;
import org.dropout4j.layers.regularization.SpatialDropout2D;
import org.dropout4j.layers.regularization.SpatialDropout3D;

/**
 * The built-in layer types: the {@code public static final LayerDescriptor<X> DESCRIPTOR} that each layer class of
 * {@code org.dropout4j.layers} and its sub-packages declares next to the {@code getConfig()} it inverts, listed here
 * explicitly. A layer registry, README's layer table and the conformance harness all follow from this list.
 *
 * <p>A new layer type is its class with a {@code DESCRIPTOR} plus one line in {@link #builtIn()}'s list. The list is
 * plain code on purpose: nothing is looked up by name or by listing a jar at run time, so the catalogue works the same
 * from a classes directory, a jar, a nested (fat or shaded) jar or a jlink image. A forgotten line is caught by
 * {@code LayerCatalogTest}, which walks the compiled classes of this module and fails, naming the class, for each
 * declared {@code DESCRIPTOR} that is not listed. Class names never come from a model file: reading a file goes
 * through the descriptors by their Keras {@code class_name}, and an unknown name is refused.
 *
 * <pre>{@code
 * for (LayerDescriptor<?> d : LayerCatalog.builtIn()) {
 *   System.out.println(d.className());   // Activation, Add, AlphaDropout, ...
 * }
 * }</pre>
 */
public final class LayerCatalog {
  private static final List<LayerDescriptor<?>> BUILT_IN = sortedByClassName(List.of(
        Activation.DESCRIPTOR,
        Add.DESCRIPTOR,
        AdditiveAttention.DESCRIPTOR,
        AlphaDropout.DESCRIPTOR,
        Attention.DESCRIPTOR,
        Average.DESCRIPTOR,
        AveragePooling1D.DESCRIPTOR,
        AveragePooling2D.DESCRIPTOR,
        AveragePooling3D.DESCRIPTOR,
        BatchNormalization.DESCRIPTOR,
        Bidirectional.DESCRIPTOR,
        Concatenate.DESCRIPTOR,
        ConcreteDropout.DESCRIPTOR,
        Conv1D.DESCRIPTOR,
        Conv2D.DESCRIPTOR,
        Conv2DTranspose.DESCRIPTOR,
        Conv3D.DESCRIPTOR,
        Cropping1D.DESCRIPTOR,
        Cropping2D.DESCRIPTOR,
        Dense.DESCRIPTOR,
        DepthwiseConv2D.DESCRIPTOR,
        Dot.DESCRIPTOR,
        DropConnectDense.DESCRIPTOR,
        Dropout.DESCRIPTOR,
        ELU.DESCRIPTOR,
        Embedding.DESCRIPTOR,
        FeatureAlphaDropout.DESCRIPTOR,
        Flatten.DESCRIPTOR,
        GRU.DESCRIPTOR,
        GaussianDropout.DESCRIPTOR,
        GaussianNoise.DESCRIPTOR,
        GlobalAveragePooling1D.DESCRIPTOR,
        GlobalAveragePooling2D.DESCRIPTOR,
        GlobalAveragePooling3D.DESCRIPTOR,
        GlobalMaxPooling1D.DESCRIPTOR,
        GlobalMaxPooling2D.DESCRIPTOR,
        GlobalMaxPooling3D.DESCRIPTOR,
        GroupNormalization.DESCRIPTOR,
        Input.DESCRIPTOR,
        LSTM.DESCRIPTOR,
        LayerNormalization.DESCRIPTOR,
        LeakyReLU.DESCRIPTOR,
        Masking.DESCRIPTOR,
        MaxPooling1D.DESCRIPTOR,
        MaxPooling2D.DESCRIPTOR,
        MaxPooling3D.DESCRIPTOR,
        Maximum.DESCRIPTOR,
        Minimum.DESCRIPTOR,
        MultiHeadAttention.DESCRIPTOR,
        Multiply.DESCRIPTOR,
        PReLU.DESCRIPTOR,
        Permute.DESCRIPTOR,
        ReLU.DESCRIPTOR,
        RepeatVector.DESCRIPTOR,
        Reshape.DESCRIPTOR,
        SeparableConv2D.DESCRIPTOR,
        SeparableConv1D.DESCRIPTOR,
        SimpleRNN.DESCRIPTOR,
        Softmax.DESCRIPTOR,
        SparseVariationalDense.DESCRIPTOR,
        SpatialDropout1D.DESCRIPTOR,
        SpatialDropout2D.DESCRIPTOR,
        SpatialDropout3D.DESCRIPTOR,
        Subtract.DESCRIPTOR,
        ThresholdedReLU.DESCRIPTOR,
        TimeDistributed.DESCRIPTOR,
        UnitNormalization.DESCRIPTOR,
        UpSampling1D.DESCRIPTOR,
        UpSampling2D.DESCRIPTOR,
        ZeroPadding1D.DESCRIPTOR,
        ZeroPadding2D.DESCRIPTOR));

  private LayerCatalog() {
  }

  /**
   * The built-in descriptors, ordered by Keras {@code class_name}.
   *
   * @return an immutable list, one descriptor per class name
   */
  public static List<LayerDescriptor<?>> builtIn() {
    return BUILT_IN;
  }

  /**
   * The descriptors ordered by Keras {@code class_name}.
   *
   * @param descriptors the descriptors to order
   * @return an immutable list in {@code class_name} order
   * @throws IllegalStateException if two descriptors share a {@code class_name}; the message names both classes
   */
  static List<LayerDescriptor<?>> sortedByClassName(List<LayerDescriptor<?>> descriptors) {
    Map<String, LayerDescriptor<?>> byName = new LinkedHashMap<>();
    for (LayerDescriptor<?> d : descriptors) {
      LayerDescriptor<?> previous = byName.put(d.className(), d);
      if (previous != null) {
        throw new IllegalStateException("two built-in layer descriptors for class_name " + d.className() + ": "
            + previous.type().getName() + " and " + d.type().getName());
      }
    }
    List<LayerDescriptor<?>> out = new ArrayList<>(byName.values());
    out.sort(Comparator.comparing(LayerDescriptor::className));
    return List.copyOf(out);
  }
}
