package org.qkvlens.app.export;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.qkvlens.app.draw.Drawing;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the tests of every view's vector export read back: a drawing's SVG parsed as XML and its text elements, its
 * PDF's extracted text and its page rasterised at 96 dpi, and a coarse comparison of two pictures. Leaves out which
 * texts a view must show (each view's test knows).
 */
public final class VectorFiles {
    private VectorFiles() {
    }

    /** The SVG of {@code d}, parsed (fails on malformed XML). */
    public static Document svg(Drawing d) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(SvgExport.svg(d).getBytes(StandardCharsets.UTF_8)));
    }

    /** The contents of the SVG's text elements, in order. */
    public static List<String> svgTexts(Drawing d) throws Exception {
        return texts(svg(d));
    }

    static List<String> texts(Document doc) {
        NodeList texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) out.add(texts.item(i).getTextContent());
        return out;
    }

    /** How many drawing elements the SVG holds (its white background included; groups, gradient defs and clipping boxes not). */
    public static int svgElements(Drawing d) throws Exception {
        NodeList all = svg(d).getDocumentElement().getElementsByTagName("*");
        int n = 0;
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            boolean defined = e.getParentNode() instanceof Element p && p.getTagName().equals("clipPath");   // a clip's box
            if (!defined && !List.of("g", "defs", "linearGradient", "stop", "clipPath").contains(e.getTagName())) n++;
        }
        return n;
    }

    /** The text PDFBox extracts from the PDF of {@code d}. */
    public static String pdfText(Drawing d) throws Exception {
        try (PDDocument doc = PdfExport.document(d, "test")) {
            return new PDFTextStripper().getText(doc);
        }
    }

    /** The PDF of {@code d} rasterised at 96 dpi: one pixel per layout pixel, like a PNG at 1×. */
    public static BufferedImage pdfRaster(Drawing d) throws Exception {
        try (PDDocument doc = PdfExport.document(d, "test")) {
            return new PDFRenderer(doc).renderImageWithDPI(0, 96);
        }
    }

    /** An FX image as an AWT one. */
    public static BufferedImage awt(Image image) {
        return SwingFXUtils.fromFXImage(image, null);
    }

    /** A white picture of the size of {@code like}. */
    public static BufferedImage blank(BufferedImage like) {
        BufferedImage b = new BufferedImage(like.getWidth(), like.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < b.getHeight(); y++) for (int x = 0; x < b.getWidth(); x++) b.setRGB(x, y, 0xffffff);
        return b;
    }

    /** The mean absolute difference of the two pictures' block averages, per channel, in 0–255. */
    public static double blockDifference(BufferedImage a, BufferedImage b, int block) {
        int w = Math.min(a.getWidth(), b.getWidth()), h = Math.min(a.getHeight(), b.getHeight());
        double sum = 0;
        int n = 0;
        for (int by = 0; by + block <= h; by += block) {
            for (int bx = 0; bx + block <= w; bx += block) {
                double[] ma = mean(a, bx, by, block), mb = mean(b, bx, by, block);
                for (int c = 0; c < 3; c++) sum += Math.abs(ma[c] - mb[c]);
                n += 3;
            }
        }
        return sum / n;
    }

    private static double[] mean(BufferedImage img, int x0, int y0, int block) {
        double[] m = new double[3];
        for (int y = y0; y < y0 + block; y++) {
            for (int x = x0; x < x0 + block; x++) {
                int rgb = img.getRGB(x, y);
                m[0] += rgb >> 16 & 0xff;
                m[1] += rgb >> 8 & 0xff;
                m[2] += rgb & 0xff;
            }
        }
        for (int c = 0; c < 3; c++) m[c] /= block * block;
        return m;
    }
}
