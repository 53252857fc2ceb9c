package org.dropout4j.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * HDF5 files that try to read other files or to exhaust memory (written by {@code tools/hostile/make_hostile_h5.py}
 * with h5py): each is refused with an {@link IOException} naming the file and the HDF5 feature, within 20 s.
 */
class HostileHdf5Test {
  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(HostileHdf5Test.class.getResource("/hostile/" + name).toURI());
  }

  private static String refused(String name) throws Exception {
    Path f = fixture(name);
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(IOException.class, () -> KerasImport.load(f)));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    return e.getMessage();
  }

  /** Refused by the functional-graph import, the path {@code predict} and {@code Models.loadModel} take. */
  private static String refusedByGraphImport(String name) throws Exception {
    Path f = fixture(name);
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(IOException.class, () -> KerasGraphImport.load(f)));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    return e.getMessage();
  }

  @Test
  void functional_h5_whose_group_links_back_to_its_ancestor_is_refused_at_once() throws Exception {
    // before the structure check this took more than ten minutes (jHDF's path grows on every turn of the cycle)
    String m = refusedByGraphImport("functional_group_cycle.h5");
    assertTrue(m.contains("/model_weights/dense/loop") && m.contains("cycle"), m);
  }

  @Test
  void sequential_h5_with_a_group_cycle_is_refused_naming_the_link() throws Exception {
    String m = refused("group_cycle.h5");
    assertTrue(m.contains("/model_weights/dense/dense/loop") && m.contains("hard link back to its ancestor"), m);
  }

  @Test
  void soft_link_is_refused_naming_it_and_its_target() throws Exception {
    String m = refused("soft_link_loop.h5");
    assertTrue(m.contains("soft link") && m.contains("/model_weights/dense/dense/kernel:0"), m);
    assertTrue(refusedByGraphImport("soft_link_loop.h5").contains("soft link"));
  }

  @Test
  void keras_archive_whose_weights_file_has_a_group_cycle_is_refused() throws Exception {
    // a layer's `cell` that is its own group sent the recursive variable walk into a StackOverflowError
    String m = refusedByGraphImport("cell_cycle.keras");
    assertTrue(m.contains("/layers/dense/cell") && m.contains("cycle"), m);
  }

  @Test
  void external_link_is_refused_by_the_graph_import_too() throws Exception {
    String m = refusedByGraphImport("external_link.h5");
    assertTrue(m.contains("external link") && m.contains("secret.h5"), m);
  }

  @Test
  void external_link_is_refused_naming_the_link_and_its_target() throws Exception {
    String m = refused("external_link.h5");
    assertTrue(m.contains("external link") && m.contains("kernel:0") && m.contains("secret.h5"), m);
  }

  @Test
  void a_model_config_attribute_that_is_not_utf8_is_refused_naming_it_and_the_byte_offset() throws Exception {
    // the HDF5 reader decodes leniently (invalid bytes become U+FFFD); both import paths must refuse it
    for (String m : new String[] {refused("invalid_utf8_config.h5"), refusedByGraphImport("invalid_utf8_config.h5")}) {
      assertTrue(m.contains("attribute `model_config`") && m.contains("not valid UTF-8")
          && m.contains("byte offset 50"), m);
    }
  }

  @Test
  void external_raw_storage_is_refused_by_name() throws Exception {
    String m = refused("external_storage.h5");
    assertTrue(m.contains("external storage"), m);
  }

  @Test
  void virtual_dataset_is_refused_by_name() throws Exception {
    String m = refused("virtual.h5");
    assertTrue(m.contains("virtual dataset"), m);
  }

  @Test
  void deflate_chunk_inflating_past_its_declared_size_is_stopped() throws Exception {
    String m = refused("chunk_bomb.h5");
    assertTrue(m.contains("inflates to more than its declared size of 4 bytes"), m);
  }

  @Test
  void compressed_weights_expanding_far_beyond_the_file_are_refused_before_building() throws Exception {
    String m = refused("compressed_huge.h5");
    assertTrue(m.contains("dense/kernel") && m.contains("(4096, 4096)") && m.contains("32 times its size"), m);
  }
}
