package org.qkvlens.app.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.scene.transform.Transform;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.qkvlens.app.exportable.ExportableView;
import org.qkvlens.app.state.Background;
import org.qkvlens.io.AtomicFiles;

/**
 * A view's picture as PNG. {@link #snapshot} takes it on the FX thread: the export node on white, scaled by 1, 2 or 4,
 * exactly {@code ceil(layout size × scale)} pixels (Canvas views repaint at that density first, see
 * {@link ExportableView#setExportScale}). {@link #write(Image, Path)} encodes and writes it on any other thread, with
 * ImageIO, an opaque RGB image and a pHYs chunk of 96 dpi × scale so the picture keeps its size in documents.
 */
public final class PngExport {
    /** The scales offered: 1×, 2×, 4×. */
    public static final List<Integer> SCALES = List.of(1, 2, 4);
    private static final double SCREEN_DPI = 96;

    private PngExport() {
    }

    /** The picture of the view's export node at {@code scale}. FX thread; the node must have been laid out. */
    public static WritableImage snapshot(ExportableView view, int scale) {
        return snapshot(view.exportNode(), view.exportName(), scale, view::setExportScale);
    }

    /**
     * The picture of a laid-out node at {@code scale}; {@code exportScale} is told the scale right before (so a Canvas
     * can repaint at that density) and 1 right after. {@code name} names the node in errors. FX thread.
     */
    static WritableImage snapshot(Node node, String name, int scale, IntConsumer exportScale) {
        if (!Platform.isFxApplicationThread()) throw new IllegalStateException("snapshot must run on the FX thread");
        if (!SCALES.contains(scale)) throw new IllegalArgumentException("scale " + scale + " (1, 2 or 4)");
        Bounds b = node.getLayoutBounds();
        int w = (int) Math.ceil(b.getWidth() * scale - 1e-6), h = (int) Math.ceil(b.getHeight() * scale - 1e-6);
        if (w <= 0 || h <= 0) throw new IllegalStateException("the " + name + " view has no size yet");
        exportScale.accept(scale);
        try {
            SnapshotParameters p = new SnapshotParameters();
            p.setFill(Color.WHITE);
            // the snapshot is taken in the parent's coordinates (layoutX/Y included): cut exactly the node's layout box
            Bounds box = node.localToParent(b);
            p.setTransform(Transform.scale(scale, scale));
            p.setViewport(new Rectangle2D(box.getMinX() * scale, box.getMinY() * scale, w, h));
            return node.snapshot(p, new WritableImage(w, h));
        } finally {
            exportScale.accept(1);
        }
    }

    /** Encodes an image as PNG (opaque RGB, pHYs {@code 96 × dpiScale} dpi) and writes it through a temporary sibling. */
    public static void write(Image image, Path file, int dpiScale) throws IOException {
        int w = (int) image.getWidth(), h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(0, 0, w, h, argb, 0, w);
        AtomicFiles.write(file, tmp -> encode(rgb, tmp, SCREEN_DPI * dpiScale));
    }

    /** {@link #write(Image, Path, int)} at 96 dpi. */
    public static void write(Image image, Path file) throws IOException {
        write(image, file, 1);
    }

    private static void encode(BufferedImage img, Path file, double dpi) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) throw new IOException("no PNG encoder in this Java runtime");
        ImageWriter writer = writers.next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            addDpi(meta, dpi);
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    private static void addDpi(IIOMetadata meta, double dpi) throws IIOInvalidTreeException {
        String perMetre = Integer.toString((int) Math.round(dpi / 0.0254));
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        phys.setAttribute("pixelsPerUnitXAxis", perMetre);
        phys.setAttribute("pixelsPerUnitYAxis", perMetre);
        phys.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(phys);
        meta.mergeTree("javax_imageio_png_1.0", root);
    }

    /**
     * Takes the picture now (FX thread) and encodes and writes it on the background executor; {@code onDone} and
     * {@code onFailure} run on the FX thread.
     */
    public static void write(ExportableView view, Path file, int scale, Background background, Consumer<Path> onDone,
                             Consumer<Throwable> onFailure) {
        WritableImage image;
        try {
            image = snapshot(view, scale);
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return;
        }
        background.run(() -> {
            write(image, file, scale);
            return file;
        }, onDone, onFailure);
    }
}
