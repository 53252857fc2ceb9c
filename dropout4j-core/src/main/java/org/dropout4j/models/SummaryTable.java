package org.dropout4j.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dropout4j.layers.Layer;
import org.dropout4j.tensor.Parameter;
import org.dropout4j.tensor.Shape;

/** Renders {@link Sequential#summary()} as Keras 3 does: a box table and the parameter totals. */
final class SummaryTable {
  private static final int[] WIDTHS = {38, 29, 17}; // Keras 3 at its 88-column maximum

  private SummaryTable() {
  }

  static String render(Sequential model, Shape inputShape) {
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder();
    sb.append("Model: \"").append(model.name()).append('"').append(nl);
    sb.append(line('\u250f', '\u2501', '\u2533', '\u2513')).append(nl);
    sb.append(row('\u2503', "Layer (type)", "Output Shape", "Param #")).append(nl);
    sb.append(line('\u2521', '\u2501', '\u2547', '\u2529')).append(nl);
    Shape shape = inputShape;
    List<Layer> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      shape = l.computeOutputShape(shape);
      sb.append(row('\u2502', l.name() + " (" + l.className() + ")", shape.toString(),
          String.format(Locale.ROOT, "%,d", l.countParams()))).append(nl);
      if (i + 1 < layers.size()) {
        sb.append(line('\u251c', '\u2500', '\u253c', '\u2524')).append(nl);
      }
    }
    sb.append(line('\u2514', '\u2500', '\u2534', '\u2518')).append(nl);
    appendTotals(sb, model, nl);
    return sb.toString();
  }

  /**
   * What ends every summary, Sequential or functional: the total, trainable and non-trainable parameter counts
   * (with their float32 bytes), then the learned values layers log (such as ConcreteDropout's p; plain layers
   * report none).
   */
  static void appendTotals(StringBuilder sb, Model model, String nl) {
    long total = 0;
    long trainable = 0;
    for (Parameter p : model.weights()) {
      total += p.size();
      if (p.trainable()) {
        trainable += p.size();
      }
    }
    sb.append(" Total params: ").append(count(total)).append(nl);
    sb.append(" Trainable params: ").append(count(trainable)).append(nl);
    sb.append(" Non-trainable params: ").append(count(total - trainable)).append(nl);
    for (Layer l : model.layers()) {
      StringBuilder values = new StringBuilder();
      l.epochLogs().forEach((k, v) -> values.append(values.length() == 0 ? "" : ", ")
          .append(String.format(Locale.ROOT, "%s=%.4g", k, v)));
      if (values.length() > 0) {
        sb.append(' ').append(l.name()).append(": ").append(values).append(nl);
      }
    }
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d (%s)", n, bytes(n * 4));
  }

  static String bytes(long b) {
    String[] units = {"B", "KB", "MB", "GB", "TB"};
    double v = b;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
  }

  private static String line(char left, char fill, char mid, char right) {
    return line(WIDTHS, left, fill, mid, right);
  }

  /** A horizontal rule of a box table whose columns are {@code widths} characters wide. */
  static String line(int[] widths, char left, char fill, char mid, char right) {
    StringBuilder sb = new StringBuilder().append(left);
    for (int c = 0; c < widths.length; c++) {
      sb.append(String.valueOf(fill).repeat(widths[c]));
      sb.append(c + 1 < widths.length ? mid : right);
    }
    return sb.toString();
  }

  private static String row(char border, String a, String b, String c) {
    List<String> cells = new ArrayList<>(List.of(a, b, c));
    StringBuilder sb = new StringBuilder().append(border);
    for (int i = 0; i < 3; i++) {
      String text = cells.get(i);
      int w = WIDTHS[i] - 2;
      if (text.length() > w) {
        text = text.substring(0, w - 1) + "\u2026";
      }
      String padded = i == 2 ? String.format("%" + w + "s", text) : String.format("%-" + w + "s", text);
      sb.append(' ').append(padded).append(' ').append(border);
    }
    return sb.toString();
  }
}
