package org.qkvlens.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the transposed copy of every Linear weight that the forward's GEMM reads ({@code Wᵀ (in, out)} at W's
 * offset in a second array), refreshed after each optimiser step. The work is cut into blocks of
 * {@value #BLOCK_ROWS} output rows over all layers, split across threads, each block transposed in
 * {@value #TILE}×{@value #TILE} tiles so reads and writes both stay in cache. A pure copy: no arithmetic; the
 * arrays come with each call, only the block list (fixed by the layout) is kept.
 */
final class Transposer {
    private static final int BLOCK_ROWS = 64, TILE = 16;

    /** Output rows [o0, o1) of one layer. */
    private record Block(Weights.Linear lin, int o0, int o1) {
    }

    private final Parallel parallel;
    private final Block[] blocks;

    Transposer(Parallel parallel, List<Weights.Linear> linears) {
        this.parallel = parallel;
        List<Block> list = new ArrayList<>();
        for (Weights.Linear lin : linears) {
            for (int o = 0; o < lin.out(); o += BLOCK_ROWS) list.add(new Block(lin, o, Math.min(lin.out(), o + BLOCK_ROWS)));
        }
        this.blocks = list.toArray(new Block[0]);
    }

    /** paramsT[w + i·out + o] = params[w + o·in + i] for every Linear. */
    void transpose(float[] params, float[] paramsT) {
        parallel.forRange(blocks.length, parallel.grain(BLOCK_ROWS * 256L, 1 << 20, 1),
                (start, end) -> transposeBlocks(blocks, params, paramsT, start, end));
    }

    /** Blocks [start, end) of {@link #transpose}. */
    private static void transposeBlocks(Block[] blocks, float[] params, float[] paramsT, int start, int end) {
        for (int bi = start; bi < end; bi++) {
            Block blk = blocks[bi];
            int in = blk.lin.in(), out = blk.lin.out(), w = blk.lin.w();
            for (int i0 = 0; i0 < in; i0 += TILE) {
                int i1 = Math.min(in, i0 + TILE);
                for (int o0 = blk.o0; o0 < blk.o1; o0 += TILE) {
                    int o1 = Math.min(blk.o1, o0 + TILE);
                    for (int o = o0; o < o1; o++) {
                        int src = w + o * in;
                        for (int i = i0; i < i1; i++) paramsT[w + i * out + o] = params[src + i];
                    }
                }
            }
        }
    }
}
