package org.qkvlens.probe;

import java.util.List;
import java.util.Map;

/**
 * What one probe looked like inside the model at one moment: the source tokens, the translation the decoder was fed
 * (its own greedy output, or the reference), decoder position labels {@code prev->next} as in the article
 * ({@code sos->wir}, …, {@code essen->eos}), and every captured array by {@link ArrayKey}. Immutable.
 *
 * <p>Shapes (S source tokens, T decoder positions, C hid_dim, H heads): encoder self-attention Q, K, V, x1, x4 and
 * enc_out are (S, C), attention (H, S, S); decoder self-attention Q, K, V, x1, x4 and dec_out (T, C), attention
 * (H, T, T); decoder–encoder attention Q, x1, x4 (T, C), K and V (S, C) (they come from the encoder), attention (H, T, S).
 * The arrays are in memory, or {@link ProbeArrays} read on demand from a run's snapshot store.
 */
public record ProbeCapture(int probe, String text, List<String> sourceLabels, List<String> translation,
                           List<String> decoderLabels, boolean fromReference, Map<ArrayKey, Tensor> arrays) {
    public ProbeCapture {
        sourceLabels = List.copyOf(sourceLabels);
        translation = List.copyOf(translation);
        decoderLabels = List.copyOf(decoderLabels);
        if (!(arrays instanceof ProbeArrays)) arrays = Map.copyOf(arrays);   // read on demand: keep as is
    }

    public Tensor array(ArrayKey key) {
        return arrays.get(key);
    }

    /** Labels of the array's rows (for attention: of its query axis). */
    public List<String> rowLabels(ArrayKey key) {
        return switch (key.site()) {
            case ENC_SELF, ENC_OUT -> sourceLabels;
            case DEC_SELF, DEC_OUT -> decoderLabels;
            case DEC_CROSS -> key.kind() == Kind.K || key.kind() == Kind.V ? sourceLabels : decoderLabels;
        };
    }

    /** Labels of an attention array's key axis; null for other kinds. */
    public List<String> columnLabels(ArrayKey key) {
        if (key.kind() != Kind.ATTENTION) return null;
        return key.site() == Site.DEC_SELF ? decoderLabels : sourceLabels;
    }

    /** The translation as text, without {@code <eos>}. */
    public String translationText() {
        return String.join(" ", translation.stream().filter(t -> !t.equals("<eos>")).toList());
    }
}
