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
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSFloat;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.function.PDFunctionType3;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceRGB;
import org.apache.pdfbox.pdmodel.graphics.shading.PDShading;
import org.apache.pdfbox.pdmodel.graphics.shading.PDShadingType2;
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
 * embedded as subsets, extractable and searchable); a character the font lacks becomes "?"; a gradient fill as an
 * axial shading clipped to the shape. Any thread. Leaves out clipping, gradient strokes and text (their first colour).
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
            if (s.clip != null) {                      // figure coordinates: the page's own transform maps them
                cs.addRect((float) s.clip.getX(), (float) s.clip.getY(), (float) s.clip.getWidth(), (float) s.clip.getHeight());
                cs.clip();
            }
            AffineTransform t = s.transform;
            if (!t.isIdentity()) cs.transform(new Matrix(t));
            draw(shape, s);
            cs.restoreGraphicsState();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void draw(Drawing.Shape shape, State s) throws IOException {
        double[] box = box(shape);
        if (s.fill instanceof LinearGradient g && box != null && !stroked(shape)) {
            outline(shape);
            cs.clip();
            shade(g, box);
            return;
        }
        outline(shape);
        switch (shape) {
            case Drawing.Text t -> text(t, s);
            default -> finish(s, stroked(shape));
        }
    }

    private static boolean stroked(Drawing.Shape shape) {
        return switch (shape) {
            case Drawing.Rect r -> r.stroked();
            case Drawing.Oval o -> o.stroked();
            case Drawing.Poly p -> p.stroked();
            case Drawing.Line l -> true;
            case Drawing.RoundRect r -> false;
            case Drawing.Text t -> false;
        };
    }

    /** The box (x, y, w, h) a gradient of the shape's fill spans; null for text (which takes the first colour). */
    private static double[] box(Drawing.Shape shape) {
        return switch (shape) {
            case Drawing.Rect r -> new double[] {r.x(), r.y(), r.w(), r.h()};
            case Drawing.RoundRect r -> new double[] {r.x(), r.y(), r.w(), r.h()};
            case Drawing.Oval o -> new double[] {o.x(), o.y(), o.w(), o.h()};
            case Drawing.Line l -> null;
            case Drawing.Text t -> null;
            case Drawing.Poly p -> {
                if (p.xs().isEmpty()) yield null;
                double x0 = Double.MAX_VALUE, y0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
                for (int i = 0; i < p.xs().size(); i++) {
                    x0 = Math.min(x0, p.xs().get(i));
                    x1 = Math.max(x1, p.xs().get(i));
                    y0 = Math.min(y0, p.ys().get(i));
                    y1 = Math.max(y1, p.ys().get(i));
                }
                yield new double[] {x0, y0, x1 - x0, y1 - y0};
            }
        };
    }

    /** The shape's path into the content stream (nothing for text), to fill, stroke or clip by. */
    private void outline(Drawing.Shape shape) throws IOException {
        switch (shape) {
            case Drawing.Rect r -> cs.addRect((float) r.x(), (float) r.y(), (float) r.w(), (float) r.h());
            case Drawing.RoundRect r -> {
                double rx = Math.min(r.arcW() / 2, r.w() / 2), ry = Math.min(r.arcH() / 2, r.h() / 2);
                roundRect(r.x(), r.y(), r.w(), r.h(), rx, ry);
            }
            case Drawing.Line l -> {
                cs.moveTo((float) l.x1(), (float) l.y1());
                cs.lineTo((float) l.x2(), (float) l.y2());
            }
            case Drawing.Oval o -> roundRect(o.x(), o.y(), o.w(), o.h(), o.w() / 2, o.h() / 2);
            case Drawing.Poly p -> {
                if (p.xs().isEmpty()) return;
                cs.moveTo(p.xs().getFirst().floatValue(), p.ys().getFirst().floatValue());
                for (int i = 1; i < p.xs().size(); i++) cs.lineTo(p.xs().get(i).floatValue(), p.ys().get(i).floatValue());
                if (!p.stroked()) cs.closePath();
            }
            case Drawing.Text t -> { }
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

    /** A translucent colour's opacity; opaque needs nothing (every shape is drawn between q and Q, which resets it). */
    private void alpha(double opacity) throws IOException {
        if (opacity >= 1) return;
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

    /**
     * The clip (the shape) filled with a linear gradient spanning {@code box}, as a PDF axial shading (one stitching
     * function of linear pieces between the stops, extended at both ends): smooth at any zoom, no seams.
     */
    private void shade(LinearGradient g, double[] box) throws IOException {
        List<Stop> stops = g.getStops().stream().sorted(java.util.Comparator.comparingDouble(Stop::getOffset)).toList();
        double x0 = g.getStartX(), y0 = g.getStartY(), x1 = g.getEndX(), y1 = g.getEndY();
        if (g.isProportional()) {
            x0 = box[0] + x0 * box[2];
            x1 = box[0] + x1 * box[2];
            y0 = box[1] + y0 * box[3];
            y1 = box[1] + y1 * box[3];
        }
        // pieces over [0, 1]: the first and last colours held out to the ends, zero-length pieces left out
        List<Double> at = new java.util.ArrayList<>(List.of(0.0));
        List<Color> colour = new java.util.ArrayList<>(List.of(stops.getFirst().getColor()));
        for (Stop st : stops) {
            double o = Math.clamp(st.getOffset(), 0, 1);
            if (o > at.getLast()) {
                at.add(o);
                colour.add(st.getColor());
            } else {
                colour.set(colour.size() - 1, st.getColor());
            }
        }
        if (at.getLast() < 1) {
            at.add(1.0);
            colour.add(stops.getLast().getColor());
        }
        COSArray functions = new COSArray(), bounds = new COSArray(), encode = new COSArray();
        for (int i = 1; i < at.size(); i++) {
            COSDictionary f = new COSDictionary();
            f.setInt(COSName.FUNCTION_TYPE, 2);
            f.setItem(COSName.DOMAIN, floats(0, 1));
            f.setItem(COSName.C0, rgb(colour.get(i - 1)));
            f.setItem(COSName.C1, rgb(colour.get(i)));
            f.setInt(COSName.N, 1);
            functions.add(f);
            if (i < at.size() - 1) bounds.add(new COSFloat(at.get(i).floatValue()));
            encode.add(new COSFloat(0));
            encode.add(new COSFloat(1));
        }
        COSDictionary stitch = new COSDictionary();
        stitch.setInt(COSName.FUNCTION_TYPE, 3);
        stitch.setItem(COSName.DOMAIN, floats(0, 1));
        stitch.setItem(COSName.FUNCTIONS, functions);
        stitch.setItem(COSName.BOUNDS, bounds);
        stitch.setItem(COSName.ENCODE, encode);
        PDShadingType2 shading = new PDShadingType2(new COSDictionary());
        shading.setShadingType(PDShading.SHADING_TYPE2);
        shading.setColorSpace(PDDeviceRGB.INSTANCE);
        shading.setCoords(floats(x0, y0, x1, y1));
        shading.setFunction(new PDFunctionType3(stitch));
        COSArray extend = new COSArray();
        extend.add(COSBoolean.TRUE);
        extend.add(COSBoolean.TRUE);
        shading.setExtend(extend);
        cs.shadingFill(shading);
    }

    private static COSArray floats(double... v) {
        COSArray a = new COSArray();
        for (double x : v) a.add(new COSFloat((float) x));
        return a;
    }

    private static COSArray rgb(Color c) {
        return floats(c.getRed(), c.getGreen(), c.getBlue());
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
