package org.qkvlens.app.view;

import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.app.draw.NodeDrawing;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.figure.Ticks;
import org.qkvlens.app.state.LiveRun;
import org.qkvlens.session.RunRecord;

/**
 * The live loss chart: mean training and validation loss per epoch, one point added per finished epoch
 * (updates arrive already coalesced by {@link LiveRun}). A new epoch's loss adds its points and leaves the others'
 * nodes alone; a new run or a file replaces them all.
 */
public final class LossChartView extends StackPane implements ExportableView {
    private final XYChart.Series<Number, Number> train = new XYChart.Series<>();
    private final XYChart.Series<Number, Number> valid = new XYChart.Series<>();
    private final LineChart<Number, Number> chart;

    public LossChartView(LiveRun live) {
        NumberAxis x = new NumberAxis();
        x.setLabel("epoch");
        x.setForceZeroInRange(false);
        x.setMinorTickVisible(false);
        x.setTickLabelFormatter(new NumberAxis.DefaultFormatter(x) {
            @Override
            public String toString(Number n) {
                return n.doubleValue() == Math.rint(n.doubleValue()) ? String.valueOf(n.intValue()) : "";
            }
        });
        NumberAxis y = new NumberAxis();
        y.setLabel("loss");
        // JavaFX's default formatter follows the user's locale ("1,5" in German): ticks read alike in every figure
        y.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number n) {
                return Ticks.label(n.doubleValue(), y.getTickUnit());
            }

            @Override
            public Number fromString(String s) {
                return Double.valueOf(s.replace('\u2212', '-'));
            }
        });
        chart = new LineChart<>(x, y);
        chart.setAnimated(false);
        chart.setCreateSymbols(true);
        chart.setTitle("Loss per epoch");
        chart.setLegendSide(javafx.geometry.Side.RIGHT);
        chart.setTitleSide(javafx.geometry.Side.TOP);
        train.setName("train");
        valid.setName("valid");
        chart.getData().setAll(List.of(train, valid));
        getChildren().add(chart);
        getStyleClass().add("loss-chart");
        live.losses().addListener((ListChangeListener<RunRecord.EpochLoss>) c -> {
            boolean appended = true;
            while (c.next()) appended &= c.wasAdded() && !c.wasRemoved() && c.getFrom() >= shown;
            if (appended) add(live.losses());
            else refill(live);
        });
        refill(live);
    }

    /** How many of the run's losses have their points in the chart (a loss that is not finite has none). */
    private int shown;

    private void refill(LiveRun live) {
        train.getData().clear();
        valid.getData().clear();
        shown = 0;
        add(live.losses());
    }

    /** Adds the points of the losses past the ones shown. */
    private void add(List<RunRecord.EpochLoss> losses) {
        List<XYChart.Data<Number, Number>> t = new ArrayList<>(), v = new ArrayList<>();
        for (RunRecord.EpochLoss l : losses.subList(shown, losses.size())) {
            if (Double.isFinite(l.train())) t.add(new XYChart.Data<>(l.epoch(), l.train()));
            if (Double.isFinite(l.valid())) v.add(new XYChart.Data<>(l.epoch(), l.valid()));
        }
        shown = losses.size();
        train.getData().addAll(t);
        valid.getData().addAll(v);
    }

    /** The training loss series (tests). */
    XYChart.Series<Number, Number> trainSeries() {
        return train;
    }

    @Override
    public String exportName() {
        return "loss";
    }

    @Override
    public Node exportNode() {
        return chart;
    }

    /** The chart's nodes as shown (axes, grid, lines, symbols, legend, title), as a drawing for SVG and PDF. */
    @Override
    public Supplier<Drawing> vectorDrawing() {
        return () -> NodeDrawing.of(chart);
    }

    /** The export button over the chart's top-right corner. */
    @Override
    public void placeExportButton(Node button) {
        StackPane.setAlignment(button, javafx.geometry.Pos.TOP_RIGHT);
        getChildren().add(button);
    }

    @Override
    public String csv() {
        StringBuilder sb = new StringBuilder("epoch,train,valid\n");
        int n = Math.max(train.getData().size(), valid.getData().size());
        for (int i = 0; i < train.getData().size(); i++) {
            XYChart.Data<Number, Number> d = train.getData().get(i);
            Number vv = i < valid.getData().size() ? valid.getData().get(i).getYValue() : null;
            sb.append(d.getXValue()).append(',').append(d.getYValue()).append(',').append(vv == null ? "" : vv).append('\n');
        }
        return n == 0 ? sb.toString() : sb.toString();
    }
}
