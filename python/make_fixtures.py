#!/usr/bin/python3
"""Makes the PyTorch fixtures that hold QKV Lens's engine to PyTorch: src/test/resources/pytorch/{A,B}/.

Regenerate them from the project root (Debian: apt-get install -y python3-torch libopenblas0-openmp):

    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp /usr/bin/python3 python/make_fixtures.py

The output is deterministic for a given PyTorch build (seeded weights, no training); the JUnit tests in
src/test/java/org/qkvlens/interop read it. What it makes, for two small configurations of the tutorial model
(A: hid 16, 1+1 layers, 2/2 heads, pf 32/32, max_length 100, translations of at most 50 tokens as the tutorial's
translate_sentence; B: hid 12, 2 encoder + 3 decoder layers, 4/3 heads, pf 40/36, max_length 60, at most 20 tokens,
i.e. import --max-decode 20):

* weights: three seeded random weight sets standing for epochs 1, 2 and 5 (Xavier-uniform matrices as the
  tutorial's initialize_weights, random biases, random LayerNorm gamma/beta so none is left at 1/0), saved in every
  layout and dtype QKV Lens reads, each directory with config.json and vocab.json (specials first, some German
  tokens non-ASCII):
    <cfg>/<dtype>/single/model.safetensors                      epoch 5's weights
    <cfg>/<dtype>/sharded/model-0000i-of-0000N.safetensors      epoch 5's weights in N = 2 (A) or 3 (B) shards
                          + model.safetensors.index.json
    <cfg>/<dtype>/epochs/epoch01, epoch2 (A) / epoch02 (B), epoch05.safetensors
  with dtype f32, f16, bf16. B's single file and index carry the metadata epoch 5; A's carry none (so QKV Lens
  shows them as epoch 1). Epoch 5's weights are full float32 values, so its F16 and BF16 files are really rounded
  and get references of their own, computed from the rounded weights (rounded to the dtype and back to float32,
  as QKV Lens reads them). To keep the fixtures small, epochs 1 and 2 hold values that F16 and BF16 represent
  exactly (asserted): their three dtypes are the same float32 weights and share one reference.
* reference/: probes.txt (one with an unknown word and capitals, one long, one with a reference translation after
  a tab) and <set>.npz per reference set (f32_epoch01, f32_epoch02, f32_epoch05, f16_epoch05, bf16_epoch05) with
  PyTorch's activations for every probe, in eval mode: greedy decoding exactly as the tutorial's translate_sentence
  (or the reference translation), then the model run teacher-forced on <sos> + translation with forward hooks
  capturing, per layer and site (enc_self, dec_self, dec_cross), Q, K, V (fc_q/fc_k/fc_v outputs), x1 (fc_o's
  input), x4 (fc_o's output) and attention (the softmax), each layer's output (enc_out, dec_out), the encoder output
  and the logits. Names: p<probe>_<site>_l<layer>_<kind>, p<probe>_encoder_output, p<probe>_logits. index.json lists
  the layouts (directory, dtype, checkpoints with their epoch and reference set) and each set's per-probe ids.
* grad/batch.npz: one padded batch (pads in source and target, an <unk> in each), epoch 5's float32 weights,
  dropout off: src, trg, the loss of CrossEntropyLoss(ignore_index=trg_pad_idx) on model(src, trg[:, :-1]) against
  trg[:, 1:], and every parameter's gradient as grad.<state_dict name>.
"""
import json
import os
import shutil
import sys
from collections import defaultdict
from types import SimpleNamespace

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import qkv_lens_save  # noqa: E402  (beside this script)

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "pytorch")
SPECIALS = ["<unk>", "<pad>", "<sos>", "<eos>"]
UNK, PAD, SOS, EOS = 0, 1, 2, 3


# The model: bentrevett/pytorch-seq2seq notebook 6, one copy in tutorial_model.py (beside this script).
from tutorial_model import Decoder, Encoder, Seq2Seq, initialize_weights  # noqa: E402,F401  (RoundTripTest imports them from here)


def translate_sentence(sentence, src_field, trg_field, model, device, max_len=50):
    """The tutorial's translate_sentence for an already tokenised sentence (its spaCy branch left out)."""
    model.eval()
    tokens = [token.lower() for token in sentence]
    tokens = [src_field.init_token] + tokens + [src_field.eos_token]
    src_indexes = [src_field.vocab.stoi[token] for token in tokens]
    src_tensor = torch.LongTensor(src_indexes).unsqueeze(0).to(device)
    src_mask = model.make_src_mask(src_tensor)
    with torch.no_grad():
        enc_src = model.encoder(src_tensor, src_mask)
    trg_indexes = [trg_field.vocab.stoi[trg_field.init_token]]
    for i in range(max_len):
        trg_tensor = torch.LongTensor(trg_indexes).unsqueeze(0).to(device)
        trg_mask = model.make_trg_mask(trg_tensor)
        with torch.no_grad():
            output, attention = model.decoder(trg_tensor, enc_src, trg_mask, src_mask)
        pred_token = output.argmax(2)[:, -1].item()
        trg_indexes.append(pred_token)
        if pred_token == trg_field.vocab.stoi[trg_field.eos_token]:
            break
    trg_tokens = [trg_field.vocab.itos[i] for i in trg_indexes]
    return trg_tokens[1:], attention


def field(itos):
    """Stands in for a torchtext Field built from vocab.json's list: stoi maps an unknown token to 0 (<unk>)."""
    return SimpleNamespace(init_token="<sos>", eos_token="<eos>",
                           vocab=SimpleNamespace(itos=itos, stoi=defaultdict(int, {t: i for i, t in enumerate(itos)})))


# --------------------------------------------------------------------------------------------------------------
# The two configurations, their vocabularies and probes
# --------------------------------------------------------------------------------------------------------------
SRC_WORDS = ["a", "man", "woman", "dog", "is", "in", "the", "park", "runs", "with", "ball", "red", "sits", "on",
             "street", ".", "two", "children", "play", "near", "water", "blue", "shirt", "young", "girl", "jumps"]
TRG_WORDS = ["ein", "mann", "eine", "frau", "hund", "ist", "im", "park", "läuft", "mit", "ball", "rot", "sitzt",
             "auf", "der", "straße", ".", "den", "einem", "roten", "zwei", "kinder", "spielen", "nahe", "wasser",
             "blauen", "hemd", "junges", "mädchen", "springt"]

CONFIGS = {
    "A": dict(src_vocab=20, trg_vocab=24, hid_dim=16, enc_layers=1, dec_layers=1, enc_heads=2, dec_heads=2,
              enc_pf_dim=32, dec_pf_dim=32, dropout=0.1, max_length=100, src_pad_idx=PAD, trg_pad_idx=PAD,
              seed=11, shards=2, epoch_files={1: "epoch01", 2: "epoch2", 5: "epoch05"}, metadata_epoch=None,
              max_decode=50, eos_bias=0.5),
    "B": dict(src_vocab=30, trg_vocab=34, hid_dim=12, enc_layers=2, dec_layers=3, enc_heads=4, dec_heads=3,
              enc_pf_dim=40, dec_pf_dim=36, dropout=0.1, max_length=60, src_pad_idx=PAD, trg_pad_idx=PAD,
              seed=22, shards=3, epoch_files={1: "epoch01", 2: "epoch02", 5: "epoch05"}, metadata_epoch=5,
              max_decode=20, eos_bias=0.5),
}
CONFIG_KEYS = ["src_vocab", "trg_vocab", "hid_dim", "enc_layers", "dec_layers", "enc_heads", "dec_heads",
               "enc_pf_dim", "dec_pf_dim", "dropout", "max_length", "src_pad_idx", "trg_pad_idx"]
EPOCHS = (1, 2, 5)
FINAL = 5
DTYPES = {"f32": ("F32", torch.float32), "f16": ("F16", torch.float16), "bf16": ("BF16", torch.bfloat16)}

# (sentence, reference translation or None); "zebra" and "die" are in no vocabulary: they become <unk>
PROBES = {
    "A": [("a man runs in the park .", None),
          ("A Dog sits on the zebra", None),
          ("the red dog runs with a ball in the park . a woman sits on the street with the dog . the man is in the"
           " park with a red ball .", None),
          ("the woman is in the park", "die frau ist im park .")],
    "B": [("two children play near the water .", None),
          ("a young girl in a blue shirt jumps over the zebra", None),
          ("a man in a red shirt runs with a dog near the water . two children play with a blue ball on the street ."
           " a young girl sits in the park .", None),
          ("a dog jumps in the water", "ein hund springt ins wasser .")],
}


def build_model(cfg):
    enc = Encoder(cfg["src_vocab"], cfg["hid_dim"], cfg["enc_layers"], cfg["enc_heads"], cfg["enc_pf_dim"],
                  cfg["dropout"], "cpu", cfg["max_length"])
    dec = Decoder(cfg["trg_vocab"], cfg["hid_dim"], cfg["dec_layers"], cfg["dec_heads"], cfg["dec_pf_dim"],
                  cfg["dropout"], "cpu", cfg["max_length"])
    return Seq2Seq(enc, dec, cfg["src_pad_idx"], cfg["trg_pad_idx"], "cpu")


def random_weights(cfg, seed, exact_in_16_bits):
    """The tutorial's initialisation (Xavier-uniform for every weight with 2+ dims), then random biases and random
    LayerNorm gamma/beta, so every kind of parameter holds values a wrong index or transpose would show; fc_out's
    <eos> bias is raised so that some translations end before the length limit, as a trained model's do.
    exact_in_16_bits: round every value to one that F16 and BF16 both hold exactly (so all three dtypes of these
    weights are the same float32 values and share one reference)."""
    torch.manual_seed(seed)
    model = build_model(cfg)
    model.apply(initialize_weights)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "layer_norm.weight" in name:
                p.copy_(1 + 0.3 * (2 * torch.rand_like(p) - 1))
            elif name.endswith(".bias"):
                p.copy_(0.2 * (2 * torch.rand_like(p) - 1))
        model.decoder.fc_out.bias[EOS] += cfg["eos_bias"]
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if exact_in_16_bits:
        state = {k: torch.where(v.abs() < 2 ** -14, torch.zeros_like(v), v).to(torch.bfloat16).to(torch.float32)
                 for k, v in state.items()}
        for v in state.values():
            assert torch.equal(v.to(torch.float16).to(torch.float32), v)
            assert torch.equal(v.to(torch.bfloat16).to(torch.float32), v)
    return state


def rounded(state, torch_dtype):
    """The weights as a reader of that dtype sees them: rounded to it (round to nearest even) and back to float32."""
    return {k: v.to(torch_dtype).to(torch.float32) for k, v in state.items()}


# --------------------------------------------------------------------------------------------------------------
# safetensors: the format is small enough to write by hand (the package is not on every machine)
# --------------------------------------------------------------------------------------------------------------
def tensor_bytes(t, torch_dtype):
    t = t.detach().to(torch_dtype).contiguous()
    if torch_dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    if torch_dtype == torch.float16:
        return t.numpy().astype("<f2").tobytes()
    return t.numpy().astype("<f4").tobytes()


def write_safetensors(path, tensors, dtype_name, torch_dtype, metadata=None):
    """The project's own writer (qkv_lens_save.py, the one PyTorch users run), in the fixture's dtype."""
    return qkv_lens_save.write_safetensors(tensors, path, metadata, lambda t: (dtype_name, tensor_bytes(t, torch_dtype)))


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")


# --------------------------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------------------------
class Recorder:
    """Forward hooks that copy what QKV Lens captures, named as its snapshot arrays (without the batch axis)."""

    def __init__(self, model):
        self.on = False
        self.arrays = {}
        for l, layer in enumerate(model.encoder.layers):
            self.attention(layer.self_attention, "enc_self", l)
            layer.register_forward_hook(lambda m, i, o, l=l: self.put("enc_out_l%d_out" % l, o))
        for l, layer in enumerate(model.decoder.layers):
            self.attention(layer.self_attention, "dec_self", l)
            self.attention(layer.encoder_attention, "dec_cross", l)
            layer.register_forward_hook(lambda m, i, o, l=l: self.put("dec_out_l%d_out" % l, o[0]))
        model.encoder.register_forward_hook(lambda m, i, o: self.put("encoder_output", o))
        model.decoder.fc_out.register_forward_hook(lambda m, i, o: self.put("logits", o))

    def attention(self, mha, site, layer):
        p = "%s_l%d_" % (site, layer)
        mha.fc_q.register_forward_hook(lambda m, i, o: self.put(p + "Q", o))
        mha.fc_k.register_forward_hook(lambda m, i, o: self.put(p + "K", o))
        mha.fc_v.register_forward_hook(lambda m, i, o: self.put(p + "V", o))
        mha.fc_o.register_forward_pre_hook(lambda m, i: self.put(p + "x1", i[0]))
        mha.fc_o.register_forward_hook(lambda m, i, o: self.put(p + "x4", o))
        mha.register_forward_hook(lambda m, i, o: self.put(p + "attention", o[1]))

    def put(self, name, t):
        if self.on:
            self.arrays[name] = t.detach()[0].numpy().astype(np.float32).copy()


def probe_pass(cfg, state, src_itos, trg_itos, probes, max_len):
    """Greedy translation, then the teacher-forced pass with the hooks on, for every probe."""
    model = build_model(cfg)
    model.load_state_dict(state)
    model.eval()
    recorder = Recorder(model)
    src, trg = field(src_itos), field(trg_itos)
    arrays, infos = {}, []
    for index, (text, reference) in enumerate(probes):
        tokens = text.split()
        src_ids = [src.vocab.stoi[t] for t in ["<sos>"] + [t.lower() for t in tokens] + ["<eos>"]]
        if reference is None:
            translation, _ = translate_sentence(tokens, src, trg, model, "cpu", max_len)
            produced = [trg.vocab.stoi[t] for t in translation]
        else:
            produced = [trg.vocab.stoi[t.lower()] for t in reference.split()] + [EOS]
        decoder_input = [SOS] + produced[:-1]
        recorder.arrays, recorder.on = {}, True
        with torch.no_grad():
            model(torch.LongTensor([src_ids]), torch.LongTensor([decoder_input]))
        recorder.on = False
        for name, a in recorder.arrays.items():
            arrays["p%d_%s" % (index, name)] = a
        infos.append({"index": index, "src_ids": src_ids, "translation_ids": produced,
                      "translation": [trg_itos[i] for i in produced], "decoder_input_ids": decoder_input,
                      "from_reference": reference is not None})
    return arrays, infos


def gradient_batch(cfg, state, rng):
    """One padded batch of three pairs, pads in source and target, and PyTorch's loss and gradients (dropout off)."""
    lengths = [(7, 5), (4, 8), (6, 3)]
    s_len = max(s for s, _ in lengths) + 2
    t_len = max(t for _, t in lengths) + 2
    src = np.full((3, s_len), PAD, dtype=np.int64)
    trg = np.full((3, t_len), PAD, dtype=np.int64)
    for r, (s, t) in enumerate(lengths):
        src[r, :s + 2] = [SOS] + list(rng.integers(4, cfg["src_vocab"], s)) + [EOS]
        trg[r, :t + 2] = [SOS] + list(rng.integers(4, cfg["trg_vocab"], t)) + [EOS]
    src[1, 2] = UNK
    trg[0, 3] = UNK
    model = build_model(cfg)
    model.load_state_dict(state)
    model.eval()
    model.zero_grad()
    criterion = nn.CrossEntropyLoss(ignore_index=cfg["trg_pad_idx"])
    output, _ = model(torch.from_numpy(src), torch.from_numpy(trg[:, :-1]))
    loss = criterion(output.contiguous().view(-1, output.shape[-1]), torch.from_numpy(trg[:, 1:]).contiguous().view(-1))
    loss.backward()
    out = {"src": src, "trg": trg, "loss": np.array(loss.item(), dtype=np.float64)}
    for name, p in model.named_parameters():
        out["grad." + name] = p.grad.detach().numpy().astype(np.float32)
    return out


def reference_set(dtype, epoch):
    """Epochs 1 and 2 hold the same float32 values in every dtype (see random_weights): one reference each."""
    return "%s_epoch%02d" % (dtype if epoch == FINAL else "f32", epoch)


# --------------------------------------------------------------------------------------------------------------
def make(name, cfg):
    out = os.path.join(ROOT, name)
    if os.path.isdir(out):
        shutil.rmtree(out)
    os.makedirs(out)
    config = {k: cfg[k] for k in CONFIG_KEYS}
    src_itos = SPECIALS + SRC_WORDS[:cfg["src_vocab"] - 4]
    trg_itos = SPECIALS + TRG_WORDS[:cfg["trg_vocab"] - 4]
    vocab = {"src_itos": src_itos, "trg_itos": trg_itos}
    weights = {e: random_weights(cfg, cfg["seed"] * 100 + e, e != FINAL) for e in EPOCHS}
    probes = PROBES[name]
    final_epoch = cfg["metadata_epoch"] or 1
    final_meta = {"epoch": str(cfg["metadata_epoch"])} if cfg["metadata_epoch"] else None

    layouts = []
    for dtype, (dtype_name, torch_dtype) in DTYPES.items():
        single = os.path.join(out, dtype, "single")
        sharded = os.path.join(out, dtype, "sharded")
        epochs = os.path.join(out, dtype, "epochs")
        for d in (single, sharded, epochs):
            os.makedirs(d)
            write_json(os.path.join(d, "config.json"), config)
            write_json(os.path.join(d, "vocab.json"), vocab)
        write_safetensors(os.path.join(single, "model.safetensors"), weights[FINAL], dtype_name, torch_dtype, final_meta)
        names = list(weights[FINAL].keys())
        n = cfg["shards"]
        parts = [names[i * len(names) // n:(i + 1) * len(names) // n] for i in range(n)]
        weight_map, total = {}, 0
        for i, part in enumerate(parts):
            file = "model-%05d-of-%05d.safetensors" % (i + 1, n)
            total += write_safetensors(os.path.join(sharded, file), {k: weights[FINAL][k] for k in part},
                                       dtype_name, torch_dtype, {"format": "pt"})
            weight_map.update({k: file for k in part})
        index_meta = {"total_size": total}
        if cfg["metadata_epoch"]:
            index_meta["epoch"] = cfg["metadata_epoch"]
        write_json(os.path.join(sharded, "model.safetensors.index.json"), {"metadata": index_meta, "weight_map": weight_map})
        for e in EPOCHS:
            write_safetensors(os.path.join(epochs, cfg["epoch_files"][e] + ".safetensors"), weights[e], dtype_name,
                              torch_dtype, {"epoch": str(e), "format": "pt"})
        ref = lambda e: reference_set(dtype, e)
        layouts.append({"dir": dtype + "/single", "layout": "single", "dtype": dtype_name,
                        "checkpoints": [{"epoch": final_epoch, "reference": ref(FINAL)}]})
        layouts.append({"dir": dtype + "/sharded", "layout": "sharded", "dtype": dtype_name,
                        "checkpoints": [{"epoch": final_epoch, "reference": ref(FINAL)}]})
        layouts.append({"dir": dtype + "/epochs", "layout": "per_epoch", "dtype": dtype_name,
                        "checkpoints": [{"epoch": e, "reference": ref(e)} for e in EPOCHS]})

    refdir = os.path.join(out, "reference")
    os.makedirs(refdir)
    with open(os.path.join(refdir, "probes.txt"), "w", encoding="utf-8") as f:
        for text, reference in probes:
            f.write(text + ("\t" + reference if reference else "") + "\n")
    sets = []
    for dtype, (dtype_name, torch_dtype) in DTYPES.items():
        for e in EPOCHS:
            set_name = reference_set(dtype, e)
            if any(s["name"] == set_name for s in sets):
                continue
            arrays, infos = probe_pass(cfg, rounded(weights[e], torch_dtype), src_itos, trg_itos, probes,
                                       cfg["max_decode"])
            np.savez_compressed(os.path.join(refdir, set_name + ".npz"), **arrays)
            sets.append({"name": set_name, "dtype": dtype_name, "epoch": e, "probes": infos})
    write_json(os.path.join(refdir, "index.json"), {
        "config": name, "torch": torch.__version__, "max_decode": cfg["max_decode"], "tokenizer": "spaces",
        "probes": [{"text": t, "reference": r} for t, r in probes], "layouts": layouts, "sets": sets})

    os.makedirs(os.path.join(out, "grad"))
    np.savez_compressed(os.path.join(out, "grad", "batch.npz"),
                        **gradient_batch(cfg, weights[FINAL], np.random.default_rng(cfg["seed"])))
    for s in sets:
        lengths = [len(p["translation_ids"]) for p in s["probes"]]
        print("%s %s: translation lengths %s" % (name, s["name"], lengths))


def main():
    torch.set_num_threads(1)
    for name, cfg in CONFIGS.items():
        make(name, cfg)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(ROOT) for f in fs)
    print("wrote %s: %.2f MB" % (os.path.normpath(ROOT), total / 1e6))


if __name__ == "__main__":
    sys.exit(main())
