package org.dropout4j.cli.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a Python peer script (e.g. {@code bench/peers/torch_circles.py}) with an interpreter that can import torch.
 *
 * <p>Interpreters are tried in this order, the first that runs {@code import torch} wins:
 * <ol>
 *   <li>the value of the environment variable {@value #ENV_PYTHON}, if set;</li>
 *   <li>{@value #SYSTEM_PYTHON} (Debian's python3, where {@code apt-get install -y python3-torch} puts torch);</li>
 *   <li>the first {@code python3} on {@code PATH}.</li>
 * </ol>
 * If none can, {@link #run} returns a {@link PeerRun.Status#UNAVAILABLE} result whose message starts with
 * {@value #UNAVAILABLE} and lists what each candidate said; it does not throw.
 *
 * <pre>{@code
 * PeerRun run = PythonPeer.fromEnvironment().run(Path.of("bench/peers/torch_circles.py"),
 *     List.of("--data", "circles.csv", "--epochs", "4000"), Duration.ofMinutes(10));
 * if (run.ok()) run.results().forEach(System.out::println); else System.err.println(run.message());
 * }</pre>
 *
 * <p>The script's stdout and stderr go to one temporary file (no pipe can fill up and block it); lines starting
 * with {@code RESULT } are parsed with {@link #parse}. A script still running at the timeout is killed with its
 * child processes.
 */
public final class PythonPeer {
  /** Environment variable naming the Python interpreter to try first. */
  public static final String ENV_PYTHON = "DROPOUT4J_PEER_PYTHON";
  /** Debian's interpreter, the one {@code python3-torch} installs into. */
  public static final String SYSTEM_PYTHON = "/usr/bin/python3";
  /** The first words of the message when no interpreter has torch. */
  public static final String UNAVAILABLE =
      "peer unavailable: install python3-torch (apt-get install -y python3-torch) or set " + ENV_PYTHON;
  /** Prefix of a result line. */
  public static final String RESULT_PREFIX = "RESULT ";
  /** Time allowed for {@code python -c "import torch"} per candidate (cold imports of torch take seconds). */
  public static final Duration PROBE_TIMEOUT = Duration.ofSeconds(90);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> candidates;

  private PythonPeer(List<String> candidates) {
    this.candidates = List.copyOf(candidates);
  }

  /** A peer runner trying the interpreters named by this process's environment, in the order above. */
  public static PythonPeer fromEnvironment() {
    return new PythonPeer(candidates(System.getenv()));
  }

  /**
   * A peer runner trying exactly {@code interpreters}, in order.
   *
   * @param interpreters commands or paths of Python interpreters; at least one
   * @throws IllegalArgumentException if the list is empty or holds a blank entry
   */
  public static PythonPeer withCandidates(List<String> interpreters) {
    Objects.requireNonNull(interpreters, "interpreters");
    if (interpreters.isEmpty() || interpreters.stream().anyMatch(s -> s == null || s.isBlank())) {
      throw new IllegalArgumentException("invalid value for argument `interpreters`: expected at least one "
          + "non-blank interpreter path, received interpreters=" + interpreters);
    }
    return new PythonPeer(interpreters);
  }

  /**
   * The interpreters to try for an environment: {@value #ENV_PYTHON} if set and non-blank, then
   * {@value #SYSTEM_PYTHON}, then the first executable {@code python3} in {@code PATH}; duplicates removed.
   *
   * @param env environment variables, e.g. {@link System#getenv()}
   */
  public static List<String> candidates(Map<String, String> env) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    String explicit = env.get(ENV_PYTHON);
    if (explicit != null && !explicit.isBlank()) {
      out.add(explicit.strip());
    }
    out.add(SYSTEM_PYTHON);
    String path = env.getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path python = Path.of(dir, "python3");
      if (Files.isRegularFile(python) && Files.isExecutable(python)) {
        out.add(python.toString());
        break;
      }
    }
    return List.copyOf(out);
  }

  /** The interpreters this runner tries, in order. */
  public List<String> candidates() {
    return candidates;
  }

  /**
   * Runs {@code script} with the first interpreter that can import torch and parses its circles results with
   * {@link #parse}.
   *
   * @see #run(Path, List, Map, Duration, Function)
   */
  public PeerRun<PeerResult> run(Path script, List<String> args, Duration timeout) throws IOException {
    return run(script, args, Map.of(), timeout, PythonPeer::parse);
  }

  /**
   * Runs {@code script} with the first interpreter that can import torch.
   *
   * @param <R> the type of a parsed result
   * @param script the peer script
   * @param args its arguments
   * @param environment variables added to this process's environment for the script (e.g.
   *     {@code OMP_WAIT_POLICY=PASSIVE}); not for the torch probe
   * @param timeout how long the script may run, positive
   * @param parser reads the results from the script's output, e.g. {@link #parse} or {@link #parseTraining};
   *     throws {@link IllegalArgumentException} for a malformed result
   * @return {@code OK} with the results; {@code UNAVAILABLE} when no interpreter has torch; {@code FAILED} on a
   *     timeout, a non-zero exit, no {@code RESULT} line or a malformed one (with the results parsed so far)
   * @throws IllegalArgumentException if {@code script} is not a file or {@code timeout} is not positive
   * @throws IOException if the temporary output file cannot be written or read
   */
  public <R> PeerRun<R> run(Path script, List<String> args, Map<String, String> environment, Duration timeout,
      Function<String, List<R>> parser) throws IOException {
    Objects.requireNonNull(script, "script");
    Objects.requireNonNull(args, "args");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(parser, "parser");
    if (!Files.isRegularFile(script)) {
      throw new IllegalArgumentException(
          "invalid value for argument `script`: expected an existing file, received script=" + script);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "invalid value for argument `timeout`: expected a positive duration, received timeout=" + timeout);
    }
    List<String> tried = new ArrayList<>();
    String python = null;
    for (String candidate : candidates) {
      Exec probe = exec(List.of(candidate, "-c", "import torch; print(torch.__version__)"), Map.of(), PROBE_TIMEOUT);
      if (probe.exitCode == 0) {
        python = candidate;
        break;
      }
      tried.add(candidate + ": " + probe.reason());
    }
    if (python == null) {
      return new PeerRun<>(PeerRun.Status.UNAVAILABLE, Optional.empty(), List.of(),
          UNAVAILABLE + " (tried " + String.join("; ", tried) + ")", "");
    }
    List<String> command = new ArrayList<>();
    command.add(python);
    command.add(script.toString());
    command.addAll(args);
    Exec exec = exec(command, environment, timeout);
    List<R> results = new ArrayList<>();
    String parseError = null;
    try {
      results.addAll(parser.apply(exec.output));
    } catch (IllegalArgumentException e) {
      parseError = e.getMessage();
    }
    String failure = exec.timedOut ? "peer timed out after " + timeout + " and was killed"
        : exec.exitCode != 0 ? "peer failed: " + exec.reason()
        : parseError != null ? "peer printed a malformed result: " + parseError
        : results.isEmpty() ? "peer printed no " + RESULT_PREFIX.strip() + " line"
        : null;
    if (failure != null) {
      return new PeerRun<>(PeerRun.Status.FAILED, Optional.of(python), results,
          failure + " (command: " + String.join(" ", command) + ")", exec.output);
    }
    return new PeerRun<>(PeerRun.Status.OK, Optional.of(python), results, "", exec.output);
  }

  /**
   * Parses every {@code RESULT {json}} line of a peer's output; other lines are ignored, as are extra JSON fields.
   *
   * @param output the script's output
   * @return the results in output order
   * @throws IllegalArgumentException if a result line is not a JSON object with the fields {@code peer},
   *     {@code torch_version} (strings), {@code rate}, {@code epochs}, {@code seconds}, {@code train_acc},
   *     {@code test_acc} (numbers); the message names the line number and the field
   */
  public static List<PeerResult> parse(String output) {
    return parseLines(output, (node, where) -> new PeerResult(text(node, "peer", where),
        text(node, "torch_version", where), number(node, "rate", where), integer(node, "epochs", where),
        number(node, "seconds", where), number(node, "train_acc", where), number(node, "test_acc", where)));
  }

  /**
   * Parses every {@code RESULT {json}} line of a training peer's output (e.g. {@code bench/peers/torch_fashion.py});
   * other lines are ignored, as are extra JSON fields.
   *
   * @param output the script's output
   * @return the results in output order
   * @throws IllegalArgumentException if a result line is not a JSON object with the fields {@code peer},
   *     {@code torch_version}, {@code workload} (strings), {@code batch_size}, {@code batches} (positive integers),
   *     {@code seconds} and {@code epoch_seconds} (non-negative numbers); the message names the line number and
   *     the field
   */
  public static List<TrainingPeerResult> parseTraining(String output) {
    return parseLines(output, (node, where) -> {
      int batchSize = integer(node, "batch_size", where);
      int batches = integer(node, "batches", where);
      double seconds = number(node, "seconds", where);
      double epochSeconds = number(node, "epoch_seconds", where);
      if (batchSize < 1 || batches < 1 || seconds < 0 || epochSeconds < 0) {
        throw new IllegalArgumentException(where + ": expected positive batch_size and batches and non-negative "
            + "seconds, received batch_size=" + batchSize + ", batches=" + batches + ", seconds=" + seconds
            + ", epoch_seconds=" + epochSeconds);
      }
      return new TrainingPeerResult(text(node, "peer", where), text(node, "torch_version", where),
          text(node, "workload", where), batchSize, batches, seconds, epochSeconds);
    });
  }

  /**
   * Parses every {@code RESULT {json}} line of a peer that reports one time per call (e.g.
   * {@code bench/peers/torch_mc_dropout.py}); other lines are ignored, as are extra JSON fields.
   *
   * @param output the script's output
   * @return the results in output order
   * @throws IllegalArgumentException if a result line is not a JSON object with the fields {@code peer},
   *     {@code torch_version}, {@code workload} (strings) and {@code seconds} (a non-negative number); the message
   *     names the line number and the field
   */
  public static List<TimingPeerResult> parseTimings(String output) {
    return parseLines(output, (node, where) -> {
      double seconds = number(node, "seconds", where);
      if (seconds < 0) {
        throw new IllegalArgumentException(where + ": expected non-negative seconds, received seconds=" + seconds);
      }
      return new TimingPeerResult(text(node, "peer", where), text(node, "torch_version", where),
          text(node, "workload", where), seconds);
    });
  }

  private static <R> List<R> parseLines(String output, BiFunction<JsonNode, String, R> reader) {
    Objects.requireNonNull(output, "output");
    List<R> results = new ArrayList<>();
    String[] lines = output.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (!line.startsWith(RESULT_PREFIX)) {
        continue;
      }
      String where = "line " + (i + 1);
      JsonNode node;
      try {
        node = JSON.readTree(line.substring(RESULT_PREFIX.length()));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(where + ": expected a JSON object after RESULT, received " + line, e);
      }
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(where + ": expected a JSON object after RESULT, received " + line);
      }
      results.add(reader.apply(node, where));
    }
    return results;
  }

  private static int integer(JsonNode node, String field, String where) {
    double v = number(node, field, where);
    if (v != (int) v) {
      throw new IllegalArgumentException(where + ": expected an integer, received " + field + "=" + node.get(field));
    }
    return (int) v;
  }

  private static String text(JsonNode node, String field, String where) {
    return field(node, field, where, JsonNode::isTextual, "a string").textValue();
  }

  private static double number(JsonNode node, String field, String where) {
    return field(node, field, where, JsonNode::isNumber, "a number").doubleValue();
  }

  /** The field, if present and of the expected kind ({@code what}, e.g. "a number"). */
  private static JsonNode field(JsonNode node, String field, String where, Predicate<JsonNode> ok, String what) {
    JsonNode v = node.get(field);
    if (v == null || !ok.test(v)) {
      throw new IllegalArgumentException(where + ": expected " + what + " field `" + field + "`, received "
          + field + "=" + v);
    }
    return v;
  }

  /** Runs a command with stdout and stderr merged into a temporary file. */
  private static Exec exec(List<String> command, Map<String, String> environment, Duration timeout)
      throws IOException {
    Path log = Files.createTempFile("dropout4j-peer-", ".log");
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().putAll(environment);
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        return new Exec(-1, false, "", "cannot start: " + e.getMessage());
      }
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(process);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + command.get(0), e);
      }
      if (!finished) {
        kill(process);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      return new Exec(finished ? process.exitValue() : -1, !finished, output, null);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A finished (or killed) command. */
  private static final class Exec {
    final int exitCode;
    final boolean timedOut;
    final String output;
    final String startError;

    Exec(int exitCode, boolean timedOut, String output, String startError) {
      this.exitCode = exitCode;
      this.timedOut = timedOut;
      this.output = output;
      this.startError = startError;
    }

    /** Why it failed, in one line: the start error, the timeout, or the exit code and the last output line. */
    String reason() {
      if (startError != null) {
        return startError;
      }
      if (timedOut) {
        return "timed out";
      }
      String[] lines = output.strip().split("\\R");
      String last = lines.length == 0 ? "" : lines[lines.length - 1];
      return "exit code " + exitCode + (last.isEmpty() ? "" : ", " + last);
    }
  }
}
