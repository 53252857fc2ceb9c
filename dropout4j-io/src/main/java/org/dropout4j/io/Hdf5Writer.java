package org.dropout4j.io;

import io.jhdf.checksum.JenkinsLookup3HashLittle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small HDF5 writer for what Keras 3's {@code model.weights.h5} holds: groups, little-endian float32 and int64
 * datasets (contiguous, any rank, scalars too) and ASCII string attributes on groups.
 *
 * <p>The file uses the HDF5 1.8 structures (superblock version 2, version 2 object headers with Jenkins lookup3
 * checksums, groups as compact link messages), which h5py and the HDF5 library read, and jHDF too. It exists
 * because jHDF's writer (0.11 to 0.13, the newest on Maven Central) writes its trailing info block at the position
 * the last dataset's data left the channel, overwriting the object headers written after it whenever a group
 * holding datasets has a later sibling: such files are unreadable by h5py and by jHDF itself.
 *
 * <p>The whole file is built in memory ({@link #toBytes()}); it is meant for model weights of at most a few
 * hundred MiB.
 */
final class Hdf5Writer {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  private static final long UNDEFINED = -1L;
  private static final int SUPERBLOCK_BYTES = 48;
  private static final int MSG_DATASPACE = 0x01;
  private static final int MSG_LINK_INFO = 0x02;
  private static final int MSG_DATATYPE = 0x03;
  private static final int MSG_FILL_VALUE = 0x05;
  private static final int MSG_LINK = 0x06;
  private static final int MSG_LAYOUT = 0x08;
  private static final int MSG_GROUP_INFO = 0x0A;
  private static final int MSG_ATTRIBUTE = 0x0C;

  /** A group: named children in insertion order and string attributes. */
  static final class Group {
    private final Map<String, Object> children = new LinkedHashMap<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private long address;

    /** The child group {@code name}, created if absent. */
    Group group(String name) {
      checkName(name);
      Object existing = children.get(name);
      if (existing instanceof Group g) {
        return g;
      }
      if (existing != null) {
        throw new IllegalArgumentException("HDF5 group already has a dataset named \"" + name + "\"");
      }
      Group g = new Group();
      children.put(name, g);
      return g;
    }

    /** A float32 dataset of the given shape (row-major values); a shape of length 0 is a scalar. */
    void floats(String name, int[] shape, float[] values) {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      if (n != values.length) {
        throw new IllegalArgumentException("dataset \"" + name + "\": shape " + java.util.Arrays.toString(shape)
            + " needs " + n + " values, received " + values.length);
      }
      ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
      b.asFloatBuffer().put(values);
      put(name, new Dataset(shape.clone(), false, b.array()));
    }

    /** A scalar int64 dataset. */
    void longScalar(String name, long value) {
      put(name, new Dataset(new int[0], true,
          ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array()));
    }

    /** An ASCII string attribute. */
    void attribute(String name, String value) {
      checkName(name);
      for (int i = 0; i < value.length(); i++) {
        if (value.charAt(i) > 127) {
          throw new IllegalArgumentException("HDF5 attribute \"" + name + "\" must be ASCII, received " + value);
        }
      }
      attributes.put(name, value);
    }

    private void put(String name, Dataset d) {
      checkName(name);
      if (children.containsKey(name)) {
        throw new IllegalArgumentException("HDF5 group already has a child named \"" + name + "\"");
      }
      children.put(name, d);
    }
  }

  private record Dataset(int[] shape, boolean int64, byte[] data) {
  }

  private final Group root = new Group();

  /** The root group. */
  Group root() {
    return root;
  }

  /** The file's bytes. */
  byte[] toBytes() {
    List<Object> order = new ArrayList<>();
    Map<Object, Long> addresses = new java.util.IdentityHashMap<>();
    long end = layout(root, SUPERBLOCK_BYTES, order, addresses);
    if (end > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("an HDF5 file of " + end + " bytes is more than this writer builds in memory");
    }
    ByteBuffer out = ByteBuffer.allocate((int) end).order(ByteOrder.LITTLE_ENDIAN);
    for (Object node : order) {
      long at = addresses.get(node);
      byte[] header = node instanceof Group g ? header(groupMessages(g, addresses)) : header(datasetMessages(
          (Dataset) node, at));
      out.put((int) at, header);
      if (node instanceof Dataset d) {
        out.put((int) at + header.length, d.data());
      }
    }
    ByteBuffer sb = ByteBuffer.allocate(SUPERBLOCK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    sb.put(SIGNATURE).put((byte) 2).put((byte) 8).put((byte) 8).put((byte) 0);
    sb.putLong(0L).putLong(UNDEFINED).putLong(end).putLong(addresses.get(root));
    sb.putInt(JenkinsLookup3HashLittle.hash(java.util.Arrays.copyOf(sb.array(), SUPERBLOCK_BYTES - 4)));
    out.put(0, sb.array());
    return out.array();
  }

  /** Assigns addresses in pre-order (a node's header, a dataset's data right after it); returns the end. */
  private static long layout(Object node, long at, List<Object> order, Map<Object, Long> addresses) {
    addresses.put(node, at);
    order.add(node);
    if (node instanceof Dataset d) {
      return at + header(datasetMessages(d, 0)).length + d.data().length;
    }
    Group g = (Group) node;
    long next = at + header(groupMessages(g, null)).length;
    for (Object child : g.children.values()) {
      next = layout(child, next, order, addresses);
    }
    return next;
  }

  private static List<byte[]> groupMessages(Group g, Map<Object, Long> addresses) {
    List<byte[]> m = new ArrayList<>();
    m.add(message(MSG_LINK_INFO, buf(18).put((byte) 0).put((byte) 0).putLong(UNDEFINED).putLong(UNDEFINED)));
    m.add(message(MSG_GROUP_INFO, buf(2).put((byte) 0).put((byte) 0)));
    for (Map.Entry<String, Object> e : g.children.entrySet()) {
      byte[] name = e.getKey().getBytes(StandardCharsets.US_ASCII);
      long address = addresses == null ? 0L : addresses.get(e.getValue());
      m.add(message(MSG_LINK, buf(3 + name.length + 8).put((byte) 1).put((byte) 0).put((byte) name.length).put(name)
          .putLong(address)));
    }
    for (Map.Entry<String, String> e : g.attributes.entrySet()) {
      byte[] name = (e.getKey() + "\0").getBytes(StandardCharsets.US_ASCII);
      byte[] value = e.getValue().getBytes(StandardCharsets.US_ASCII);
      byte[] type = stringType(Math.max(1, value.length));
      byte[] space = dataspace(new int[0]);
      ByteBuffer b = buf(9 + name.length + type.length + space.length + Math.max(1, value.length));
      b.put((byte) 3).put((byte) 0).putShort((short) name.length).putShort((short) type.length)
          .putShort((short) space.length).put((byte) 0).put(name).put(type).put(space).put(value);
      m.add(message(MSG_ATTRIBUTE, b));
    }
    return m;
  }

  /** A dataset's messages; its data starts right after its header, whose size does not depend on {@code at}. */
  private static List<byte[]> datasetMessages(Dataset d, long at) {
    List<byte[]> m = new ArrayList<>();
    m.add(message(MSG_DATASPACE, ByteBuffer.wrap(dataspace(d.shape()))));
    m.add(message(MSG_DATATYPE, ByteBuffer.wrap(d.int64() ? int64Type() : float32Type())));
    // fill value version 3: space allocated early, fill value written only if set (none is)
    m.add(message(MSG_FILL_VALUE, buf(2).put((byte) 3).put((byte) 0x09)));
    int headerBytes = header(m).length + 4 + 18;
    long address = d.data().length == 0 ? UNDEFINED : at + headerBytes;
    m.add(message(MSG_LAYOUT, buf(18).put((byte) 3).put((byte) 1).putLong(address).putLong(d.data().length)));
    return m;
  }

  private static byte[] dataspace(int[] shape) {
    ByteBuffer b = buf(4 + 8 * shape.length).put((byte) 2).put((byte) shape.length).put((byte) 0)
        .put((byte) (shape.length == 0 ? 0 : 1));
    for (int d : shape) {
      b.putLong(d);
    }
    return b.array();
  }

  /** IEEE float32, little-endian: class 1 version 1, mantissa normalised (msb implied), sign at bit 31. */
  private static byte[] float32Type() {
    return buf(20).put((byte) 0x11).put((byte) 0x20).put((byte) 31).put((byte) 0).putInt(4)
        .putShort((short) 0).putShort((short) 32).put((byte) 23).put((byte) 8).put((byte) 0).put((byte) 23)
        .putInt(127).array();
  }

  /** Signed 64-bit little-endian integer: class 0 version 1. */
  private static byte[] int64Type() {
    return buf(12).put((byte) 0x10).put((byte) 0x08).put((byte) 0).put((byte) 0).putInt(8)
        .putShort((short) 0).putShort((short) 64).array();
  }

  /** Fixed-length ASCII string, null-padded: class 3 version 1. */
  private static byte[] stringType(int length) {
    return buf(8).put((byte) 0x13).put((byte) 0x01).put((byte) 0).put((byte) 0).putInt(length).array();
  }

  private static byte[] message(int type, ByteBuffer body) {
    byte[] data = body.array();
    if (data.length > 0xFFFF) {
      throw new IllegalArgumentException("an HDF5 header message of " + data.length + " bytes is too large");
    }
    return buf(4 + data.length).put((byte) type).putShort((short) data.length).put((byte) 0).put(data).array();
  }

  /** A version 2 object header ("OHDR") holding the messages in one chunk, with its checksum. */
  private static byte[] header(List<byte[]> messages) {
    int size = 0;
    for (byte[] m : messages) {
      size += m.length;
    }
    ByteBuffer b = buf(4 + 1 + 1 + 4 + size + 4);
    b.put(new byte[] {'O', 'H', 'D', 'R'}).put((byte) 2).put((byte) 0x02).putInt(size);
    for (byte[] m : messages) {
      b.put(m);
    }
    b.putInt(JenkinsLookup3HashLittle.hash(java.util.Arrays.copyOf(b.array(), b.capacity() - 4)));
    return b.array();
  }

  private static ByteBuffer buf(int n) {
    return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.contains("/") || name.length() > 255) {
      throw new IllegalArgumentException("invalid HDF5 name \"" + name + "\": expected 1 to 255 characters without "
          + "'/'");
    }
  }
}
