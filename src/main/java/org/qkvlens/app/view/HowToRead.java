package org.qkvlens.app.view;

/** The text of Help → How to read these pictures (also in the README). */
final class HowToRead {
    private HowToRead() {
    }

    static final String TEXT = """
            Each word the model reads becomes a vector of hid_dim numbers. An attention layer turns it into three: \
            a query Q (what this position is looking for), a key K (what it offers to be found by) and a value V \
            (what it passes on when found). A position's attention weights are the softmax of its Q against every K; \
            x1 is the weighted mix of the V vectors; x4 is x1 after the output projection fc_o.

            Scatter: every dot is one vector, labelled word@kind@epoch (apple@K@30). Blue is sentence A, red is B. \
            PCA keeps the directions of largest spread; t-SNE and UMAP keep neighbourhoods instead (distances between \
            far-apart clusters mean little there). Trajectories show how a word's vector moved over the epochs.

            Cosine heatmap: rows are A's tokens, columns B's; a cell is the cosine similarity of the two vectors, \
            from −1 (opposite) through 0 (unrelated) to 1 (same direction). In "we can eat apple" against "apple eat \
            can we", the same word gets K and V similarities near 1 even at different positions: after training, K \
            and V depend mostly on the word, not on where it stands.

            Attention: rows are the positions asking (queries), columns the positions answered (keys); a row sums \
            to 1. Decoder positions are labelled prev->next: the token read and the token it should predict.

            Search and selection: the search box keeps its matches at full colour in every view and fades the rest \
            (a decoder position prev->next matches on either word); Enter highlights the next match. Shift+drag (box) \
            or Alt+drag (lasso) in the 2D scatter, or Shift+click in 3D, selects points: the Members tab lists them.

            Neighbours: click a point to list its k nearest in the model's own space (not in the picture) and draw \
            violet lines to them. "8 of 10 are also neighbours in the picture" says how far the picture can be trusted \
            around that point; the line below gives the same for the whole picture.

            Clusters and colours: the Clusters tab clusters the shown vectors in their original space, epoch by epoch, \
            and charts how much of the clustering each label explains (NMI) and how alike the same word and the same \
            position are across sentences (mean cosine; grey: all pairs, the baseline). Word above position means the \
            geometry follows the word. "colour:" under the scatter's toolbar recolours the points by sentence, word, \
            position, kind, epoch, cluster or a query's attention entropy.

            Joint Q-K: the queries (green) and keys (pink) of one head in one picture, the keys moved so both clouds \
            share a centre, which changes no attention weight. A query should sit near the keys it attends to; click it \
            to see its attention as lines. Spearman(q·k, −distance) near 1 means the picture shows attention \
            faithfully, near 0 that distances here say nothing about it. Heads shows every site, layer and head at once.
            """;
}
