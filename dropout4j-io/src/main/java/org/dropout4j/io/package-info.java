/**
 * Models that travel: saving and interop for {@link org.dropout4j.models.Sequential} models.
 *
 * <ul>
 *   <li>{@link org.dropout4j.io.LayerRegistry}: Keras {@code class_name} to a factory that builds the layer from its
 *       config map (the layers' own descriptors; never a class looked up by a name from a file, never code from a
 *       file); io keeps the file and dialect concerns (Keras 2 / TF.js key rewriting, HDF5, zip, shards);</li>
 *   <li>{@link org.dropout4j.io.ModelJson}: the Keras JSON form {@code {"class_name": "Sequential", "config": ...}};</li>
 *   <li>{@link org.dropout4j.io.ModelArchive}: the native {@code .d4j} file (config, weights, compile config,
 *       optimizer state, seed and step: training resumes bit for bit);</li>
 *   <li>{@link org.dropout4j.io.TfjsLayers}: TensorFlow.js Layers {@code model.json} + weight shards, both ways;</li>
 *   <li>{@link org.dropout4j.io.KerasImport}: Keras {@code .h5} (Keras 2, tf.keras, Keras 3 legacy) and Keras 3
 *       {@code .keras} files read into a built model with its weights (HDF5 through jHDF);</li>
 *   <li>{@link org.dropout4j.io.NpyFile}: NumPy {@code .npy} arrays, read (any rank, float/int/uint8/bool) and written
 *       (float32).</li>
 * </ul>
 *
 * <p>Depends on the core, Jackson and jHDF (pure Java HDF5 reader) only; the core does not depend on this package.
 *
 * <p>Thread safety: every entry point is a static method without shared state, and {@link
 * org.dropout4j.io.LayerRegistry} is immutable ({@code with} returns a new registry); concurrent reads are safe, and
 * each file is written atomically (a temporary file renamed over the target), though two threads writing the same
 * path race for the last rename.
 */
package org.dropout4j.io;
