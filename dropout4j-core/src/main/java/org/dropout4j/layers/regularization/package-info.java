/**
 * The dropout family, as Keras' {@code keras.layers.regularization}: weightless layers that draw noise in training
 * and in Monte Carlo dropout passes ({@link org.dropout4j.layers.CallContext#dropoutActive()}) and are the identity at
 * inference. {@link org.dropout4j.layers.regularization.BaseDropout} holds {@code rate} (the probability to drop),
 * {@code seed} and the mask logic; its variants override only the noise shape or the noise:
 * {@link org.dropout4j.layers.regularization.Dropout} (Bernoulli, optional {@code noise_shape}),
 * {@link org.dropout4j.layers.regularization.SpatialDropout1D}, {@link org.dropout4j.layers.regularization.SpatialDropout2D}
 * and {@link org.dropout4j.layers.regularization.SpatialDropout3D} (whole channels, on
 * {@link org.dropout4j.layers.regularization.ChannelDropout}), {@link org.dropout4j.layers.regularization.GaussianDropout}
 * (multiplicative N(1, rate/(1-rate))), {@link org.dropout4j.layers.regularization.AlphaDropout} (for SELU networks)
 * and the sibling {@link org.dropout4j.layers.regularization.GaussianNoise} (additive, no {@code rate}).
 *
 * <p>Dropout variants with weights ({@link org.dropout4j.layers.DropConnectDense},
 * {@link org.dropout4j.layers.ConcreteDropout}, {@link org.dropout4j.layers.SparseVariationalDense}) are Dense layers
 * and stay in {@link org.dropout4j.layers}, as does {@link org.dropout4j.layers.RecurrentDropoutMasks}, which the
 * recurrent layers there use (this package depends on {@code layers}, never the other way).
 */
package org.dropout4j.layers.regularization;
