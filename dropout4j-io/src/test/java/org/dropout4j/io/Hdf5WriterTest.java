package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDF5 writer's files read back through jHDF (an independent reader) with every group, dataset, shape, value
 * and attribute; the layout is the one that breaks jHDF's own writer (groups holding datasets followed by sibling
 * groups, empty groups last).
 */
class Hdf5WriterTest {
  @TempDir
  Path dir;

  @Test
  void nested_groups_datasets_and_attributes_read_back_through_jhdf() throws Exception {
    Hdf5Writer w = new Hdf5Writer();
    Hdf5Writer.Group layers = w.root().group("layers");
    for (int k = 0; k < 12; k++) {
      Hdf5Writer.Group vars = layers.group("dense_" + k).group("vars");
      vars.attribute("name", "d" + k);
      vars.floats("0", new int[] {2, 3}, new float[] {k, 1, 2, 3, 4, 5.5f});
      vars.floats("1", new int[] {3}, new float[] {-k, 0, 1e-7f});
    }
    layers.group("dropout").group("vars").attribute("name", "dropout");
    w.root().group("optimizer").group("vars").longScalar("0", 42L);
    w.root().group("vars").attribute("name", "functional");
    Path file = dir.resolve("t.h5");
    Files.write(file, w.toBytes());
    try (HdfFile h5 = new HdfFile(file)) {
      for (int k = 0; k < 12; k++) {
        Dataset kernel = h5.getDatasetByPath("layers/dense_" + k + "/vars/0");
        assertArrayEquals(new int[] {2, 3}, kernel.getDimensions());
        float[][] v = (float[][]) kernel.getData();
        assertArrayEquals(new float[] {k, 1, 2}, v[0]);
        assertArrayEquals(new float[] {3, 4, 5.5f}, v[1]);
        assertArrayEquals(new float[] {-k, 0, 1e-7f}, (float[]) h5.getDatasetByPath("layers/dense_" + k
            + "/vars/1").getData());
        assertEquals("d" + k, Hdf5Strings.stringAttr(h5.getByPath("layers/dense_" + k + "/vars"), "name"));
      }
      assertTrue(((Group) h5.getByPath("layers/dropout/vars")).getChildren().isEmpty());
      assertEquals(42L, ((Number) h5.getDatasetByPath("optimizer/vars/0").getData()).longValue());
      assertEquals("functional", Hdf5Strings.stringAttr(h5.getByPath("vars"), "name"));
    }
  }

  @Test
  void values_that_do_not_fill_the_shape_are_refused() {
    Hdf5Writer w = new Hdf5Writer();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> w.root().floats("x", new int[] {2, 2}, new float[3]));
    assertTrue(e.getMessage().contains("[2, 2] needs 4 values, received 3"), e.getMessage());
  }
}
