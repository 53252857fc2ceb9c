/**
 * Data sets and data files: scikit-learn's toy classification sets ({@link org.dropout4j.data.ToyDatasets}),
 * reproduced value for value with a port of numpy's legacy random generator
 * ({@link org.dropout4j.data.NumpyRandomState}), the immutable sample container
 * {@link org.dropout4j.data.LabeledData}, numeric CSV reading and atomic writing ({@link org.dropout4j.data.Csv}),
 * IDX files ({@link org.dropout4j.data.Idx}) and the image sets stored in them
 * ({@link org.dropout4j.data.FashionMnist}, {@link org.dropout4j.data.Mnist}, as
 * {@link org.dropout4j.data.LabeledImages}), and array files read row by row on demand
 * ({@link org.dropout4j.data.RowSource}, {@link org.dropout4j.data.FileRows}: IDX here, {@code .npy} in
 * dropout4j-io).
 *
 * <p>Depends on the JDK and, to hand images over as tensors, on the tensor core. The training code's own random
 * streams live elsewhere; {@code NumpyRandomState} exists to reproduce data that Python tools generated.
 *
 * <p>Thread safety: {@code LabeledData}, {@code LabeledImages} and {@code TrainTest} are immutable,
 * and the static readers and generators ({@code ToyDatasets}, {@code Csv}, {@code Idx}, {@code FashionMnist}, {@code
 * Mnist}) keep no state; {@code NumpyRandomState} is a mutable generator, confined to one thread like NumPy's.
 */
package org.dropout4j.data;
