package org.qkvlens.app.export;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.PDExtendedGraphicsState;
import org.apache.pdfbox.util.Matrix;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.io.AtomicFiles;

/**
 * A {@link Drawing} as a one-page PDF with Apache PDFBox: the page is the figure at 96 dpi (a layout pixel is ¾ pt, so
 * the page has the PNG's size at 1×), shapes as vector paths, text as text in DejaVu Sans (regular and bold, bundled,
 * embedded as subsets, extractable and searchable); a character the font lacks becomes "?". A vertical or horizontal
 * gradient filling a rectangle is painted as thin bands, one per 0.5 layout pixel. Any thread. Leaves out clipping.
 */
public final class PdfExport extends VectorCanvas {
    /** PDF points per layout pixel: 72 / 96. */
    static final float PT = 0.75f;
    private final PDDocument doc;
    private final PDPageContentStream cs;
    private final Map<Boolean, PDType0Font> fonts = new HashMap<>();
    private final Map<Integer, Boolean> encodable = new HashMap<>();
    private final Map<Double, PDExtendedGraphicsState> alphas = new HashMap<>();

    private PdfExport(PDDocument doc, PDPageContentStream cs) {
        this.doc = doc;
        this.cs = cs;
    }

    /** Writes {@code drawing} as a PDF titled {@code title}, through a temporary sibling. */
    public static void write(Drawing drawing, String title, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (PDDocument doc = document(drawing, title)) {
                doc.save(tmp.toFile());
            }
        });
    }

    /** The PDF document of {@code drawing}; the caller closes it. */
    static PDDocument document(Drawing drawing, String title) throws IOException {
        PDDocument doc = new PDDocument();
        try {
            float w = (float) drawing.width() * PT, h = (float) drawing.height() * PT;
            PDPage page = new PDPage(new PDRectangle(w, h));
            doc.addPage(page);
            doc.getDocumentInformation().setTitle(title);
            doc.getDocumentInformation().setCreator("QKV Lens");
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.setNonStrokingColor(1f, 1f, 1f);
                cs.addRect(0, 0, w, h);
                cs.fill();
                // layout pixels, y down, like the screen; text turns itself back upright (see text)
                cs.transform(new Matrix(PT, 0, 0, -PT, 0, h));
                PdfExport writer = new PdfExport(doc, cs);
                try {
                    writer.walk(drawing);
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
            return doc;
        } catch (IOException | RuntimeException e) {
            doc.close();
            throw e;
        }
    }

    @Override
    void shape(Drawing.Shape shape, State s) {
        try {
            cs.saveGraphicsState();
            AffineTransform t = s.transform;
            if (!t.isIdentity()) cs.transform(new Matrix(t));
            draw(shape, s);
            cs.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void draw(Drawing.Shape shape, State s) throws IOException {
        switch (shape) {
            case Drawing.Rect r -> {
                if (!r.stroked() && s.fill instanceof LinearGradient g) {
                    bands(g, r);
                    return;
                }
                cs.addRect((float) r.x(), (float) r.y(), (float) r.w(), (float) r.h());
                finish(s, r.stroked());
            }
            case Drawing.RoundRect r -> {
                double rx = Math.min(r.arcW() / 2, r.w() / 2), ry = Math.min(r.arcH() / 2, r.h() / 2);
                roundRect(r.x(), r.y(), r.w(), r.h(), rx, ry);
                finish(s, false);
            }
            case Drawing.Line l -> {
                cs.moveTo((float) l.x1(), (float) l.y1());
                cs.lineTo((float) l.x2(), (float) l.y2());
                finish(s, true);
            }
            case Drawing.Oval o -> {
                roundRect(o.x(), o.y(), o.w(), o.h(), o.w() / 2, o.h() / 2);
                finish(s, o.stroked());
            }
            case Drawing.Poly p -> {
                if (p.xs().isEmpty()) return;
                cs.moveTo(p.xs().getFirst().floatValue(), p.ys().getFirst().floatValue());
                for (int i = 1; i < p.xs().size(); i++) cs.lineTo(p.xs().get(i).floatValue(), p.ys().get(i).floatValue());
                if (!p.stroked()) cs.closePath();
                finish(s, p.stroked());
            }
            case Drawing.Text t -> text(t, s);
        }
    }

    /** Fills with the fill colour or strokes with the stroke's colour, width, dashes and GraphicsContext's square caps. */
    private void finish(State s, boolean stroked) throws IOException {
        Color c = solid(stroked ? s.stroke : s.fill);
        alpha(c.getOpacity());
        if (stroked) {
            cs.setStrokingColor((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
            cs.setLineWidth((float) s.lineWidth);
            cs.setLineCapStyle(2);
            float[] dashes = new float[s.dashes.size()];
            for (int i = 0; i < dashes.length; i++) dashes[i] = s.dashes.get(i).floatValue();
            cs.setLineDashPattern(dashes, 0);
            cs.stroke();
        } else {
            cs.setNonStrokingColor((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
            cs.fill();
        }
    }

    private void alpha(double opacity) throws IOException {
        if (opacity >= 1 && alphas.isEmpty()) return;
        PDExtendedGraphicsState gs = alphas.computeIfAbsent(opacity, a -> {
            PDExtendedGraphicsState x = new PDExtendedGraphicsState();
            x.setNonStrokingAlphaConstant((float) (double) a);
            x.setStrokingAlphaConstant((float) (double) a);
            return x;
        });
        cs.setGraphicsStateParameters(gs);
    }

    /** A rectangle with elliptic corners of radii rx, ry (an ellipse when they are half the sides), as Bézier curves. */
    private void roundRect(double x, double y, double w, double h, double rx, double ry) throws IOException {
        double k = 0.5522847498, kx = rx * k, ky = ry * k, r = x + w, b = y + h;
        cs.moveTo((float) (x + rx), (float) y);
        cs.lineTo((float) (r - rx), (float) y);
        cs.curveTo((float) (r - rx + kx), (float) y, (float) r, (float) (y + ry - ky), (float) r, (float) (y + ry));
        cs.lineTo((float) r, (float) (b - ry));
        cs.curveTo((float) r, (float) (b - ry + ky), (float) (r - rx + kx), (float) b, (float) (r - rx), (float) b);
        cs.lineTo((float) (x + rx), (float) b);
        cs.curveTo((float) (x + rx - kx), (float) b, (float) x, (float) (b - ry + ky), (float) x, (float) (b - ry));
        cs.lineTo((float) x, (float) (y + ry));
        cs.curveTo((float) x, (float) (y + ry - ky), (float) (x + rx - kx), (float) y, (float) (x + rx), (float) y);
        cs.closePath();
    }

    /** A rectangle filled with a gradient along x or y, as bands of its colour at their middle. */
    private void bands(LinearGradient g, Drawing.Rect r) throws IOException {
        boolean vertical = Math.abs(g.getEndY() - g.getStartY()) >= Math.abs(g.getEndX() - g.getStartX());
        double length = vertical ? r.h() : r.w();
        int n = Math.max(1, (int) Math.ceil(length * 2));
        for (int i = 0; i < n; i++) {
            double a = (double) i / n, b = (double) (i + 1) / n;
            Color c = colourAt(g, position(g, vertical, r, (a + b) / 2));
            alpha(c.getOpacity());
            cs.setNonStrokingColor((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
            // a hair of overlap so no seam shows between bands
            if (vertical) cs.addRect((float) r.x(), (float) (r.y() + a * r.h()), (float) r.w(), (float) ((b - a) * r.h() + 0.05));
            else cs.addRect((float) (r.x() + a * r.w()), (float) r.y(), (float) ((b - a) * r.w() + 0.05), (float) r.h());
            cs.fill();
        }
    }

    /** Where along the gradient (0 at its start, 1 at its end) the point at fraction {@code f} of the rectangle is. */
    private static double position(LinearGradient g, boolean vertical, Drawing.Rect r, double f) {
        double start = vertical ? g.getStartY() : g.getStartX(), end = vertical ? g.getEndY() : g.getEndX();
        double at = g.isProportional() ? f : (vertical ? r.y() + f * r.h() : r.x() + f * r.w());
        return end == start ? 0 : (at - start) / (end - start);
    }

    static Color colourAt(LinearGradient g, double t) {
        List<Stop> stops = g.getStops().stream().sorted(java.util.Comparator.comparingDouble(Stop::getOffset)).toList();
        if (stops.isEmpty()) return Color.BLACK;
        if (t <= stops.getFirst().getOffset()) return stops.getFirst().getColor();
        for (int i = 1; i < stops.size(); i++) {
            Stop a = stops.get(i - 1), b = stops.get(i);
            if (t <= b.getOffset()) {
                double span = b.getOffset() - a.getOffset();
                return span <= 0 ? b.getColor() : a.getColor().interpolate(b.getColor(), (t - a.getOffset()) / span);
            }
        }
        return stops.getLast().getColor();
    }

    private void text(Drawing.Text t, State s) throws IOException {
        PDType0Font font = font(s.bold());
        String text = encodable(font, s.bold(), t.text());
        float size = (float) s.font.getSize();
        double width = font.getStringWidth(text) / 1000 * size;
        double x = switch (s.align) {
            case CENTER -> t.x() - width / 2;
            case RIGHT -> t.x() - width;
            default -> t.x();
        };
        Color c = solid(s.fill);
        alpha(c.getOpacity());
        cs.setNonStrokingColor((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
        cs.beginText();
        cs.setFont(font, size);
        cs.setTextMatrix(new Matrix(1, 0, 0, -1, (float) x, (float) t.y()));
        cs.showText(text);
        cs.endText();
    }

    /** The text with every character the font cannot show replaced by "?". */
    private String encodable(PDType0Font font, boolean bold, String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            boolean ok = encodable.computeIfAbsent(bold ? -1 - cp : cp, key -> {
                try {
                    font.encode(new String(Character.toChars(cp)));
                    return true;
                } catch (IllegalArgumentException | IOException e) {
                    return false;
                }
            });
            if (ok) b.appendCodePoint(cp);
            else b.append('?');
        });
        return b.toString();
    }

    private PDType0Font font(boolean bold) throws IOException {
        PDType0Font f = fonts.get(bold);
        if (f != null) return f;
        String name = bold ? "DejaVuSans-Bold.ttf" : "DejaVuSans.ttf";
        try (InputStream in = PdfExport.class.getResourceAsStream(name)) {
            if (in == null) throw new IOException("font " + name + " is missing from the application");
            f = PDType0Font.load(doc, in, true);
        }
        fonts.put(bold, f);
        return f;
    }
}
