package org.qkvlens.app.view.scatter;

import java.util.Locale;
import org.qkvlens.app.figure.Csv;
import org.qkvlens.projection.Point;

/**
 * The scatter's numbers as CSV: one row per point drawn in a frame (older snapshots first), with its snapshot index
 * and epoch, probe, side (encoder or decoder), position, token, kind, its projected coordinates (x, y and, in 3D, z;
 * six decimals), the norm of its original vector and the value its colour stands for (the column is named after the
 * colour-by: {@code colour (word)}). RFC 4180 quoting, {@code \n} line ends. Pure; leaves out writing the file.
 */
final class ScatterCsv {
    private ScatterCsv() {
    }

    static String of(ScatterFrame f) {
        ScatterData d = f.data();
        Coloring c = d.coloring();
        ColorBy by = d.colorBy();
        StringBuilder sb = new StringBuilder("snapshot,epoch,probe,side,position,token,kind,x,y");
        if (d.dims() == 3) sb.append(",z");
        sb.append(",norm,").append(Csv.quote("colour (" + by + ")")).append('\n');
        for (int i : f.visiblePoints()) {
            Point p = d.point(i);
            sb.append(p.key().snapshot()).append(',').append(p.epoch()).append(',').append(p.key().probe()).append(',')
                    .append(p.key().decoder() ? "decoder" : "encoder").append(',').append(p.key().position()).append(',')
                    .append(Csv.quote(p.token())).append(',').append(p.key().kind().id());
            for (int k = 0; k < d.dims(); k++) sb.append(',').append(String.format(Locale.ROOT, "%.6f", d.coordinate(i, k)));
            sb.append(',').append(String.format(Locale.ROOT, "%.6f", d.norm[i])).append(',');
            sb.append(Csv.quote(c == null ? String.valueOf(p.key().probe()) : c.valueText(i))).append('\n');
        }
        return sb.toString();
    }
}
