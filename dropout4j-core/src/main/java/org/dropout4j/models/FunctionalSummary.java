package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dropout4j.layers.Input;
import org.dropout4j.layers.KerasTensor;
import org.dropout4j.layers.Layer;
import org.dropout4j.layers.Node;
import org.dropout4j.layers.Operation;

/**
 * Renders {@link Functional#summary()} as Keras 3 does for a functional model: a box table of layer, output shape,
 * parameter count and "Connected to" ({@code layer[node][tensor]} of every input of every call), cells wrapped at
 * spaces, then the parameter totals.
 */
final class FunctionalSummary {
  private static final int[] WIDTHS = {31, 27, 17, 28}; // Keras 3 at its 108-column functional maximum

  private FunctionalSummary() {
  }

  static String render(Functional model) {
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(model.name()).append('"').append(nl);
    sb.append(line('\u250f', '\u2501', '\u2533', '\u2513')).append(nl);
    appendRow(sb, '\u2503', List.of("Layer (type)", "Output Shape", "Param #", "Connected to"), nl);
    sb.append(line('\u2521', '\u2501', '\u2547', '\u2529')).append(nl);
    Map<Operation, List<Node>> calls = model.nodesByOperationForSummary();
    List<Operation> ops = model.operations();
    for (int i = 0; i < ops.size(); i++) {
      Operation op = ops.get(i);
      List<Node> nodes = calls.get(op);
      List<KerasTensor> outs = nodes.get(0).outputs();
      String shape = outs.size() == 1 ? outs.get(0).shape().toString() : shapes(outs);
      long params = op instanceof Functional ? ((Functional) op).countParams() : ((Layer) op).countParams();
      List<String> links = new ArrayList<>();
      for (Node n : nodes) {
        for (KerasTensor t : n.inputs()) {
          links.add(t.operation().name() + "[" + calls.get(t.operation()).indexOf(t.node()) + "][" + t.index() + "]");
        }
      }
      String connected = op instanceof Input ? "-" : String.join(", ", links);
      appendRow(sb, '\u2502', List.of(op.name() + " (" + op.className() + ")", shape,
          String.format(Locale.ROOT, "%,d", params), connected), nl);
      if (i + 1 < ops.size()) {
        sb.append(line('\u251c', '\u2500', '\u253c', '\u2524')).append(nl);
      }
    }
    sb.append(line('\u2514', '\u2500', '\u2534', '\u2518')).append(nl);
    SummaryTable.appendTotals(sb, model, nl);
    return sb.toString();
  }

  private static String shapes(List<KerasTensor> outs) {
    List<String> s = new ArrayList<>();
    for (KerasTensor t : outs) {
      s.add(t.shape().toString());
    }
    return "[" + String.join(", ", s) + "]";
  }

  private static String line(char left, char fill, char mid, char right) {
    return SummaryTable.line(WIDTHS, left, fill, mid, right);
  }

  /** One row, each cell wrapped at spaces to its width (words longer than a cell are cut). */
  private static void appendRow(StringBuilder sb, char border, List<String> cells, String nl) {
    List<List<String>> wrapped = new ArrayList<>();
    int height = 1;
    for (int i = 0; i < cells.size(); i++) {
      List<String> lines = wrap(cells.get(i), WIDTHS[i] - 2);
      wrapped.add(lines);
      height = Math.max(height, lines.size());
    }
    for (int r = 0; r < height; r++) {
      sb.append(border);
      for (int i = 0; i < cells.size(); i++) {
        String text = r < wrapped.get(i).size() ? wrapped.get(i).get(r) : "";
        int w = WIDTHS[i] - 2;
        sb.append(' ').append(i == 2 ? String.format("%" + w + "s", text) : String.format("%-" + w + "s", text))
            .append(' ').append(border);
      }
      sb.append(nl);
    }
  }

  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String word : text.split(" ")) {
      while (word.length() > width) {
        if (current.length() > 0) {
          lines.add(current.toString());
          current.setLength(0);
        }
        lines.add(word.substring(0, width));
        word = word.substring(width);
      }
      if (current.length() > 0 && current.length() + 1 + word.length() > width) {
        lines.add(current.toString());
        current.setLength(0);
      }
      if (current.length() > 0) {
        current.append(' ');
      }
      current.append(word);
    }
    lines.add(current.toString());
    return lines;
  }
}
