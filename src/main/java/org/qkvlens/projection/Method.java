package org.qkvlens.projection;

/** How high-dimensional vectors are laid out in 2D or 3D. */
public enum Method {
    PCA("PCA"), TSNE("t-SNE"), UMAP("UMAP");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
