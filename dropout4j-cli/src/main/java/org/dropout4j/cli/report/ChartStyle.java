package org.dropout4j.cli.report;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.Styler;

/**
 * The look every chart the CLI writes shares: white chart and plot, the title in bold sans-serif without a box,
 * the legend in plain sans-serif without a border, at the given sizes and position. Each chart adds what is its own
 * (grid colours, axis fonts, heat-map ranges) after this.
 */
public final class ChartStyle {
  private ChartStyle() {
  }

  /**
   * Applies the shared look to a chart's styler.
   *
   * @param titlePoints the title's font size
   * @param legendPoints the legend's font size
   * @param legend where the legend goes
   */
  public static void apply(Styler st, int titlePoints, int legendPoints, Styler.LegendPosition legend) {
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setChartTitleBoxVisible(false);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, titlePoints));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, legendPoints));
    st.setLegendPosition(legend);
    st.setLegendBorderColor(Color.WHITE);
  }
}
