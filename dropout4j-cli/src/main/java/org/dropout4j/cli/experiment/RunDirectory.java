package org.dropout4j.cli.experiment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dropout4j.cli.report.AtomicFiles;
import org.dropout4j.data.TextFiles;

/**
 * An experiment's output folder as {@link ExperimentRunner} keeps it: {@code spec.json} (written once, compared on
 * resume), one record per finished trial under {@code trials/} (written atomically), and {@code results.jsonl}
 * rewritten from those records, so a run cut short resumes where it stopped.
 */
final class RunDirectory {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The largest trial record read back (its learning curves included). */
  private static final long MAX_TRIAL_RECORD_BYTES = 64L << 20;
  private final Path out;
  private final ExperimentSpec spec;
  private final List<Trial> trials;

  RunDirectory(Path out, ExperimentSpec spec, List<Trial> trials) {
    this.out = out;
    this.spec = spec;
    this.trials = trials;
  }

  /** Writes the spec, or, resuming, checks that the folder holds the same experiment. */
  void checkOrWriteSpec() throws IOException {
    Path file = out.resolve(ExperimentRunner.SPEC_FILE);
    if (Files.exists(file)) {
      ExperimentSpec saved;
      try {
        saved = ExperimentSpec.readSaved(file);
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("cannot resume: not a valid spec: " + e.getMessage());
      }
      if (!saved.equals(spec)) {
        throw new IllegalStateException("cannot resume: output directory " + out + " holds a different experiment "
            + "(its " + ExperimentRunner.SPEC_FILE + " differs from this spec); choose another --out or delete that directory");
      }
      return;
    }
    AtomicFiles.writeString(file, spec.toJson());
  }

  /** The finished trials saved in the output directory, by trial index. */
  Map<Integer, TrialResult> loadFinished() throws IOException {
    Map<Integer, TrialResult> found = new TreeMap<>();
    Path dir = out.resolve(ExperimentRunner.TRIALS_DIR);
    if (!Files.isDirectory(dir)) {
      return found;
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().matches("trial-\\d+\\.json")).sorted().toList();
    }
    for (Path p : files) {
      TrialResult r;
      String text = TextFiles.readUtf8(p, MAX_TRIAL_RECORD_BYTES); // invalid UTF-8: the file and byte offset
      try {
        r = TrialResult.fromMap(JSON.readValue(text, new TypeReference<Map<String, Object>>() { }));
      } catch (JsonProcessingException e) {
        throw new IOException("cannot resume: unreadable trial record " + p + ": " + e.getOriginalMessage(), e);
      } catch (RuntimeException e) {
        throw new IOException("cannot resume: unreadable trial record " + p + ": " + e.getMessage(), e);
      }
      int i = r.trial().index();
      if (i < 0 || i >= trials.size() || !trials.get(i).equals(r.trial())) {
        throw new IllegalStateException("cannot resume: " + p + " records " + r.trial()
            + ", which is not a trial of this experiment");
      }
      found.put(i, r);
    }
    return found;
  }

  /** Writes one trial record atomically. */
  void save(TrialResult r) throws IOException {
    String name = String.format(Locale.ROOT, "trial-%05d.json", r.trial().index());
    byte[] bytes = JSON.writeValueAsBytes(r.toMap());
    AtomicFiles.write(out.resolve(ExperimentRunner.TRIALS_DIR).resolve(name), o -> o.write(bytes));
  }

  /** Rewrites {@code results.jsonl} from the finished trials. */
  void writeResultsJsonl(Map<Integer, TrialResult> done) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (TrialResult r : done.values()) {
      sb.append(JSON.writeValueAsString(r.summary())).append('\n');
    }
    AtomicFiles.writeString(out.resolve(ExperimentRunner.RESULTS_JSONL), sb.toString());
  }
}
