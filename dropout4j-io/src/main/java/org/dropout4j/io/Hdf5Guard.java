package org.dropout4j.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.filter.Filter;
import io.jhdf.filter.FilterManager;
import io.jhdf.filter.PipelineFilterWithData;
import io.jhdf.links.ExternalLink;
import io.jhdf.links.SoftLink;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What an HDF5 model file may contain, checked before its data is read: a tree of groups without links or cycles
 * ({@link #checkStructure}, run by {@link Hdf5Files} on every file it opens), only the deflate, shuffle and
 * Fletcher-32 filters, and decompression bounded by each dataset's declared chunk size.
 *
 * <p>jHDF's own deflate filter inflates a chunk into a buffer that grows without limit; {@link #install()} replaces
 * it (filter id 1) by one that stops at the size the reading thread allows, which {@link #readFlat} sets to the
 * dataset's chunk size. Outside {@code readFlat} a chunk may inflate to at most {@link LoadLimits#maxModelBytes()}.
 */
final class Hdf5Guard {
  /** The filter ids a model file may use: deflate, shuffle, Fletcher-32. */
  private static final Set<Integer> KNOWN_FILTERS = Set.of(1, 2, 3);
  private static final ThreadLocal<long[]> CHUNK_LIMIT = new ThreadLocal<>();
  private static final int MAX_NODES = 1_000_000;
  /** How deep groups may nest (Keras 3 nests a wrapped RNN cell of a nested model about eight deep). */
  private static final int MAX_DEPTH = 64;

  static {
    FilterManager.addFilter(new BoundedDeflate());
  }

  private Hdf5Guard() {
  }

  /** Makes sure the bounded deflate filter is registered (class initialization does it once). */
  static void install() {
    // the static initializer ran
  }

  /** Thrown when a chunk inflates past its declared size; kept distinct so its message survives jHDF's wrapping. */
  static final class DecompressionLimitException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    DecompressionLimitException(String message) {
      super(message);
    }
  }

  /**
   * Walks every group of the file once, without following links, before any loader looks inside it: the walk and
   * everything a loader does afterwards is then bounded by the file's own objects.
   *
   * <ul>
   *   <li>links are refused by name: external links (they would read other files) and soft links (a model file
   *       has none; a soft link naming itself would send a path lookup round forever);</li>
   *   <li>a group that contains one of its own ancestors (a hard-link cycle, which h5py can write and a single
   *       mutated address creates) is refused naming both paths: jHDF gives each step of such a cycle a longer path,
   *       and walking one took more than ten minutes before (a Jazzer finding on a functional {@code .h5});</li>
   *   <li>groups nested more than {@value #MAX_DEPTH} deep and files of more than {@value #MAX_NODES} objects are
   *       refused; a group reached twice through hard links is walked once.</li>
   * </ul>
   *
   * @throws IllegalArgumentException naming the offending object
   */
  static void checkStructure(Group root) {
    walk(root, "/", 0, new java.util.HashSet<>(), new java.util.HashSet<>(), new int[1]);
  }

  private static void walk(Group group, String path, int depth, Set<Long> open, Set<Long> done, int[] seen) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("the HDF5 group " + path + " is nested more than " + MAX_DEPTH + " groups "
          + "deep; a model file is not");
    }
    open.add(group.getAddress());
    for (Map.Entry<String, Node> e : group.getChildren().entrySet()) {
      Node n = e.getValue();
      String child = path + e.getKey();
      if (++seen[0] > MAX_NODES) {
        throw new IllegalArgumentException("the HDF5 file has more than " + MAX_NODES + " objects");
      }
      if (n instanceof ExternalLink) {
        throw new IllegalArgumentException("the HDF5 object " + child + " is an external link to "
            + ((ExternalLink) n).getTargetPath() + "; external links "
            + "are refused (a model file must hold its own data, not read other files)");
      }
      if (n instanceof SoftLink) {
        throw new IllegalArgumentException("the HDF5 object " + child + " is a soft link to "
            + ((SoftLink) n).getTargetPath() + "; links are refused in a model file");
      }
      if (n.isLink() || !(n instanceof Group)) {
        continue;
      }
      long address = n.getAddress();
      if (open.contains(address)) {
        throw new IllegalArgumentException("the HDF5 group " + child + " is a hard link back to its ancestor at "
            + "byte offset " + address + " (a cycle: the file's groups would nest forever); a model file's groups "
            + "form a tree");
      }
      if (done.add(address)) {
        walk((Group) n, child + "/", depth + 1, open, done, seen);
      }
    }
    open.remove(group.getAddress());
  }

  /**
   * A dataset's values as a flat array, each chunk's decompression stopped at the chunk's declared size.
   *
   * @throws IllegalArgumentException if the dataset uses an unknown filter or a chunk inflates past its size
   */
  static Object readFlat(Dataset d, String where) {
    long elementBytes = Math.max(1, d.getDataType().getSize());
    long limit = d.getSize() * elementBytes;
    if (d instanceof ChunkedDataset) {
      for (PipelineFilterWithData f : d.getFilters()) {
        if (!KNOWN_FILTERS.contains(f.getId())) {
          throw new IllegalArgumentException(where + ": dataset " + d.getPath() + " uses the HDF5 filter "
              + f.getName() + " (id " + f.getId() + "); only deflate, shuffle and fletcher32 are supported");
        }
      }
      long chunk = elementBytes;
      for (int c : ((ChunkedDataset) d).getChunkDimensions()) {
        chunk = Math.multiplyExact(chunk, Math.max(1, c));
      }
      limit = chunk;
    }
    long[] previous = CHUNK_LIMIT.get();
    CHUNK_LIMIT.set(new long[] {limit});
    try {
      return d.getDataFlat();
    } finally {
      if (previous == null) {
        CHUNK_LIMIT.remove();
      } else {
        CHUNK_LIMIT.set(previous);
      }
    }
  }

  /**
   * What a jHDF failure means for a user: external storage and virtual datasets refused by name, a decompression
   * bomb stopped, other failures as damaged content where it was found (jHDF's addresses are file byte offsets).
   */
  static String describe(io.jhdf.exceptions.HdfException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (t instanceof DecompressionLimitException) {
        return m;
      }
      if (t instanceof io.jhdf.exceptions.UnsupportedHdfException) {
        if (m.contains("External Data Files")) {
          return where(e) + "uses HDF5 external storage (an External Data Files message: its values would be read "
              + "from another file); external storage is refused, a model file must hold its own data";
        }
        if (m.contains("Virtual")) {
          return where(e) + "holds an HDF5 virtual dataset (its values would be mapped from other datasets or "
              + "files); virtual datasets are refused";
        }
        return where(e) + "uses an HDF5 feature that cannot be read: " + offsets(m);
      }
    }
    Throwable inner = e;
    while (inner.getCause() != null && inner.getCause() != inner) {
      inner = inner.getCause();
    }
    String detail = inner == e ? offsets(String.valueOf(e.getMessage()))
        : offsets(String.valueOf(e.getMessage())) + ": " + offsets(String.valueOf(inner.getMessage()));
    return "damaged or unsupported HDF5 content (" + detail + ")";
  }

  private static String where(io.jhdf.exceptions.HdfException e) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("group '([^']*)'").matcher(
        String.valueOf(e.getMessage()));
    return m.find() ? "an object in the HDF5 group " + m.group(1) + " " : "the file ";
  }

  private static String offsets(String message) {
    return message.replaceAll("at address:? '?(\\d+)'?", "at byte offset $1");
  }

  /** The deflate filter (id 1), stopping at the limit the reading thread set. */
  private static final class BoundedDeflate implements Filter {
    @Override
    public int getId() {
      return 1;
    }

    @Override
    public String getName() {
      return "deflate";
    }

    @Override
    public byte[] decode(byte[] encoded, int[] filterData) {
      long[] l = CHUNK_LIMIT.get();
      long limit = l != null ? l[0] : LoadLimits.maxModelBytes();
      Inflater inflater = new Inflater();
      try {
        inflater.setInput(encoded);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, encoded.length * 4L + 64));
        byte[] buf = new byte[(int) Math.min(Math.max(limit, 1), 1 << 16)];
        long total = 0;
        while (!inflater.finished()) {
          int n = inflater.inflate(buf);
          if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
            throw new IllegalArgumentException("a deflate-compressed HDF5 chunk is truncated (its stream ends "
                + "after " + total + " bytes)");
          }
          total += n;
          if (total > limit) {
            throw new DecompressionLimitException("a deflate-compressed HDF5 chunk of " + encoded.length + " bytes "
                + "inflates to more than its declared size of " + limit + " bytes (a decompression bomb?)");
          }
          out.write(buf, 0, n);
        }
        return out.toByteArray();
      } catch (DataFormatException e) {
        throw new IllegalArgumentException("a deflate-compressed HDF5 chunk is damaged: " + e.getMessage());
      } finally {
        inflater.end();
      }
    }
  }
}
