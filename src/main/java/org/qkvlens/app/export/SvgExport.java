package org.qkvlens.app.export;

import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.scene.paint.Color;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Paint;
import javafx.scene.paint.Stop;
import org.qkvlens.app.draw.Drawing;
import org.qkvlens.io.AtomicFiles;

/**
 * A {@link Drawing} as an SVG 1.1 document, written by hand (plain XML, no library): one element per shape, in the
 * drawing's order (runs of shapes under one transform in a {@code <g>}), on a white background of the drawing's size; text as {@code <text>} in DejaVu Sans (the font the PDF
 * embeds and the screen uses here; viewers without it fall back to a sans-serif) anchored start, middle or end like the
 * screen; linear gradients as {@code <linearGradient>}; clipping rectangles as {@code <clipPath>} on a {@code <g>} around
 * the shapes they hold. Any thread. Leaves out fonts (not embedded).
 */
public final class SvgExport extends VectorCanvas {
    static final String FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif";
    private final StringBuilder defs = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private int gradients;
    /** The transform of the open {@code <g>}; null: none open. */
    private String group;
    /** The clip path of the open clipping {@code <g>} (around the transform's); null: none open. */
    private String openClip;
    private final java.util.Map<String, String> clipIds = new java.util.HashMap<>();
    private AffineTransform lastTransform = new AffineTransform();
    private String lastMatrix;                         // of lastTransform; null for the identity

    private SvgExport() {
    }

    /** The SVG document of {@code drawing}. */
    public static String svg(Drawing drawing) {
        SvgExport w = new SvgExport();
        w.walk(drawing);
        if (w.group != null) w.body.append("</g>\n");
        if (w.openClip != null) w.body.append("</g>\n");
        StringBuilder out = new StringBuilder(w.body.length() + w.defs.length() + 400);
        String wd = num(drawing.width()), ht = num(drawing.height());
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"").append(wd).append("\" height=\"")
                .append(ht).append("\" viewBox=\"0 0 ").append(wd).append(' ').append(ht).append("\">\n");
        if (!w.defs.isEmpty()) out.append("<defs>\n").append(w.defs).append("</defs>\n");
        out.append("<rect x=\"0\" y=\"0\" width=\"").append(wd).append("\" height=\"").append(ht).append("\" fill=\"#ffffff\"/>\n");
        out.append(w.body).append("</svg>\n");
        return out.toString();
    }

    /** Writes the SVG of {@code drawing} through a temporary sibling. */
    public static void write(Drawing drawing, Path file) throws IOException {
        String svg = svg(drawing);
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, svg, StandardCharsets.UTF_8));
    }

    @Override
    void shape(Drawing.Shape shape, State s) {
        switch (shape) {
            case Drawing.Rect r -> open("rect", s).attr("x", r.x()).attr("y", r.y()).attr("width", r.w()).attr("height", r.h())
                    .paint(s, r.stroked()).close();
            case Drawing.RoundRect r -> open("rect", s).attr("x", r.x()).attr("y", r.y()).attr("width", r.w()).attr("height", r.h())
                    .attr("rx", r.arcW() / 2).attr("ry", r.arcH() / 2).paint(s, false).close();
            case Drawing.Line l -> open("line", s).attr("x1", l.x1()).attr("y1", l.y1()).attr("x2", l.x2()).attr("y2", l.y2())
                    .paint(s, true).close();
            case Drawing.Oval o -> open("ellipse", s).attr("cx", o.x() + o.w() / 2).attr("cy", o.y() + o.h() / 2)
                    .attr("rx", o.w() / 2).attr("ry", o.h() / 2).paint(s, o.stroked()).close();
            case Drawing.Poly p -> {
                StringBuilder pts = new StringBuilder();
                for (int i = 0; i < p.xs().size(); i++) {
                    if (i > 0) pts.append(' ');
                    pts.append(num(p.xs().get(i))).append(',').append(num(p.ys().get(i)));
                }
                open(p.stroked() ? "polyline" : "polygon", s).attr("points", pts.toString()).paint(s, p.stroked()).close();
            }
            case Drawing.Text t -> {
                String anchor = switch (s.align) {
                    case CENTER -> "middle";
                    case RIGHT -> "end";
                    default -> "start";
                };
                open("text", s).attr("x", t.x()).attr("y", t.y()).attr("font-family", FONT_FAMILY)
                        .attr("font-size", s.font.getSize()).attr("font-weight", s.bold() ? "bold" : "normal")
                        .attr("text-anchor", anchor).attr("xml:space", "preserve").paint(s, false);
                body.append('>').append(escape(t.text())).append("</text>\n");
            }
        }
    }

    /**
     * Starts an element; shapes in a row under one transform share a {@code <g transform>} (a head overview's tiles
     * hold thousands of points each: one transform per point made the file twice as large).
     */
    private SvgExport open(String element, State s) {
        AffineTransform t = s.transform;
        if (!t.equals(lastTransform)) {                // formatted once per change, not once per shape
            lastTransform = new AffineTransform(t);
            lastMatrix = t.isIdentity() ? null : "matrix(" + num(t.getScaleX()) + ' ' + num(t.getShearY()) + ' '
                    + num(t.getShearX()) + ' ' + num(t.getScaleY()) + ' ' + num(t.getTranslateX()) + ' ' + num(t.getTranslateY()) + ')';
        }
        String matrix = lastMatrix;
        String clip = s.clip == null ? null : clipId(s.clip);
        if (!java.util.Objects.equals(matrix, group) || !java.util.Objects.equals(clip, openClip)) {
            if (group != null) body.append("</g>\n");
            if (!java.util.Objects.equals(clip, openClip)) {
                if (openClip != null) body.append("</g>\n");
                if (clip != null) body.append("<g clip-path=\"url(#").append(clip).append(")\">\n");
                openClip = clip;
            }
            if (matrix != null) body.append("<g transform=\"").append(matrix).append("\">\n");
            group = matrix;
        }
        body.append('<').append(element);
        return this;
    }

    /** The id of a {@code <clipPath>} of rectangle {@code r} (figure coordinates), defined once. */
    private String clipId(java.awt.geom.Rectangle2D r) {
        String key = num(r.getX()) + ' ' + num(r.getY()) + ' ' + num(r.getWidth()) + ' ' + num(r.getHeight());
        return clipIds.computeIfAbsent(key, k -> {
            String id = "c" + (clipIds.size() + 1);
            defs.append("<clipPath id=\"").append(id).append("\"><rect x=\"").append(num(r.getX())).append("\" y=\"")
                    .append(num(r.getY())).append("\" width=\"").append(num(r.getWidth())).append("\" height=\"")
                    .append(num(r.getHeight())).append("\"/></clipPath>\n");
            return id;
        });
    }

    /** Fill only, or stroke only (with width and dashes), like the GraphicsContext call it stands for. */
    private SvgExport paint(State s, boolean stroked) {
        if (stroked) {
            attr("fill", "none");
            paintAttrs("stroke", s.stroke);
            attr("stroke-width", s.lineWidth);
            attr("stroke-linecap", "square");             // GraphicsContext's default cap
            if (!s.dashes.isEmpty()) {
                StringBuilder d = new StringBuilder();
                for (double x : s.dashes) d.append(d.isEmpty() ? "" : " ").append(num(x));
                attr("stroke-dasharray", d.toString());
            }
        } else {
            paintAttrs("fill", s.fill);
        }
        return this;
    }

    private void paintAttrs(String name, Paint p) {
        if (p instanceof LinearGradient g) {
            attr(name, "url(#" + gradient(g) + ")");
            return;
        }
        Color c = solid(p);
        attr(name, hex(c));
        if (c.getOpacity() < 1) attr(name + "-opacity", c.getOpacity());
    }

    private String gradient(LinearGradient g) {
        String id = "g" + (++gradients);
        defs.append("<linearGradient id=\"").append(id).append('"')
                .append(" gradientUnits=\"").append(g.isProportional() ? "objectBoundingBox" : "userSpaceOnUse").append('"')
                .append(" x1=\"").append(num(g.getStartX())).append("\" y1=\"").append(num(g.getStartY()))
                .append("\" x2=\"").append(num(g.getEndX())).append("\" y2=\"").append(num(g.getEndY())).append("\">\n");
        List<Stop> stops = g.getStops().stream().sorted(java.util.Comparator.comparingDouble(Stop::getOffset)).toList();
        for (Stop st : stops) {
            defs.append("<stop offset=\"").append(num(st.getOffset())).append("\" stop-color=\"").append(hex(st.getColor())).append('"');
            if (st.getColor().getOpacity() < 1) defs.append(" stop-opacity=\"").append(num(st.getColor().getOpacity())).append('"');
            defs.append("/>\n");
        }
        defs.append("</linearGradient>\n");
        return id;
    }

    private SvgExport attr(String name, double v) {
        return attr(name, num(v));
    }

    private SvgExport attr(String name, String v) {
        body.append(' ').append(name).append("=\"").append(escape(v)).append('"');
        return this;
    }

    private void close() {
        body.append("/>\n");
    }

    static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(c.getRed() * 255), Math.round(c.getGreen() * 255),
                Math.round(c.getBlue() * 255));
    }

    /** A number with at most 3 decimals and no exponent ("12", "0.5", "-3.125"). */
    static String num(double v) {
        if (!Double.isFinite(v)) return "0";
        long r = Math.round(v * 1000);
        if (r % 1000 == 0) return Long.toString(r / 1000);
        return java.math.BigDecimal.valueOf(r, 3).stripTrailingZeros().toPlainString();
    }

    /** Text for XML: the five special characters as entities; characters XML 1.0 forbids left out. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    boolean allowed = cp == 0x9 || cp == 0xA || cp == 0xD || cp >= 0x20 && cp <= 0xD7FF
                            || cp >= 0xE000 && cp <= 0xFFFD || cp >= 0x10000 && cp <= 0x10FFFF;
                    if (allowed) b.appendCodePoint(cp);
                }
            }
        }
        return b.toString();
    }
}
