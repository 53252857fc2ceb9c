package org.dropout4j.tensor.blas;

import java.nio.FloatBuffer;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A heap array used as a compact row-major operand by several products (a weight read by every step's forward pass
 * and input gradient, a batch's input read by the forward pass and the weight gradient), of which a native kernel
 * keeps a copy in its own memory between products instead of copying it there for each one.
 *
 * <p>The heap array is the value; the copy is used only while it is known to equal it. It stops being used when the
 * owner says the array changed ({@link #changed()}), or, if the operand was made with a version, whenever that
 * version differs from the one it was copied at: a {@code Parameter}'s version moves with every call that hands out
 * its live array, so a weight written by any route is copied again before the next product. A writer that has just
 * written elements can put them into the copy while they are in cache ({@link #store}, then {@link #stored}), as
 * optimizers do, so the next product finds the copy current without a pass of its own.
 *
 * <p>A product reads the first {@code rows x cols} elements ({@code lda} or {@code ldb} = the stored column count);
 * the array may be longer (a buffer sized for the largest batch). The pure-Java kernel reads the heap array itself.
 * Several threads may run products with one operand at once; writes to the heap array must not overlap them.
 *
 * <pre>{@code
 * MirroredOperand w = new MirroredOperand(kernel);       // 784 x 512, row-major
 * Blas.gemm().sgemm(false, false, 128, 512, 784, 1f, x, w, 0f, out, 0, 512);
 * kernel[0] = 0.5f;
 * w.changed();                                            // the next product copies it again
 * }</pre>
 */
public final class MirroredOperand {
  private final float[] heap;
  private final LongSupplier version;
  private FloatPointer pointer;
  private FloatBuffer buffer;
  /** Leading elements of {@link #heap} the native copy holds, 0 when it must be copied again. */
  private int copied;
  private long copiedVersion;

  /**
   * An operand whose owner calls {@link #changed()} after every write to {@code heap}.
   *
   * @param heap the values, kept by reference
   */
  public MirroredOperand(float[] heap) {
    this(heap, null);
  }

  /**
   * An operand whose copy is also stale whenever {@code version} returns another value than when it was copied.
   *
   * @param heap the values, kept by reference
   * @param version the values' version, or {@code null}
   */
  public MirroredOperand(float[] heap, LongSupplier version) {
    if (heap == null) {
      throw new IllegalArgumentException("invalid value for argument `heap`, expected an array, received null");
    }
    this.heap = heap;
    this.version = version;
  }

  /** The values (the live array, not a copy). */
  public float[] heap() {
    return heap;
  }

  /** Says that the heap array was written: the next native product copies it again. */
  public synchronized void changed() {
    copied = 0;
  }

  /**
   * Puts elements {@code [from, to)} of the heap array into the native copy, if there is one: for a writer that has
   * just written them. Threads may store disjoint ranges at once; {@link #stored} after the last.
   */
  public void store(int from, int to) {
    FloatBuffer b = buffer;
    if (b != null) {
      b.put(from, heap, from, to - from);
    }
  }

  /**
   * Says that every element of the heap array was put into the native copy with {@link #store} since it was last
   * written otherwise: the copy is current at the present version.
   */
  public synchronized void stored() {
    if (pointer != null) {
      copied = heap.length;
      copiedVersion = currentVersion();
    }
  }

  private long currentVersion() {
    return version == null ? 0 : version.getAsLong();
  }

  /**
   * The native copy holding at least the first {@code length} elements as they are now, copied where it was not
   * current; large copies by several threads when {@code mayParallelize}.
   */
  synchronized FloatPointer current(int length, boolean mayParallelize) {
    if (length > heap.length) {
      throw new IllegalArgumentException("invalid operand size: a product reads " + length + " elements of an "
          + "operand of " + heap.length);
    }
    if (pointer == null) {
      pointer = new FloatPointer(Math.max(1, heap.length));
      buffer = pointer.asBuffer();
      copied = 0;
    }
    long v = currentVersion();
    if (v != copiedVersion) {
      copied = 0;
      copiedVersion = v;
    }
    if (copied < length) {
      OpenBlasGemm.copyRange(heap, copied, length, buffer, mayParallelize);
      copied = length;
    }
    return pointer;
  }
}
