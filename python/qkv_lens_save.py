"""Save bentrevett's "Attention is All You Need" Seq2Seq (pytorch-seq2seq, notebook 6) for QKV Lens.

Call save_epoch at the end of every epoch of your PyTorch training loop:

    from qkv_lens_save import save_epoch
    for epoch in range(1, N_EPOCHS + 1):
        train_loss = train(model, train_iterator, optimizer, criterion, CLIP)
        valid_loss = evaluate(model, valid_iterator, criterion)
        save_epoch(model, epoch, "runs/multi30k", SRC, TRG, train_loss=train_loss, valid_loss=valid_loss)

It writes, in out_dir, config.json (the model's shape), vocab.json (index -> token of both vocabularies) and
epochNN.safetensors (the model's state_dict as float32, with the epoch and losses as metadata). Then

    java -jar target/qkv-lens.jar import --model runs/multi30k --probes probes.txt --out run.npz

turns every epoch into snapshots. save_model writes one model.safetensors instead (a single checkpoint).
load_file reads such a file back (like safetensors.torch.load_file) where the safetensors package is missing.

Standard library + torch (+ the safetensors package when it is installed; otherwise a built-in writer of the
same format is used). A DistributedDataParallel model is unwrapped (its "module." prefix removed); call it on
rank 0 only. Leaves out: optimizer state (QKV Lens only reads weights), other model classes.
"""
import array
import json
import os
import struct
import sys

import torch

CONFIG_KEYS = ("src_vocab", "trg_vocab", "hid_dim", "enc_layers", "dec_layers", "enc_heads", "dec_heads",
               "enc_pf_dim", "dec_pf_dim", "dropout", "max_length", "src_pad_idx", "trg_pad_idx")


def save_epoch(model, epoch, out_dir, src_vocab, trg_vocab, config=None, train_loss=None, valid_loss=None):
    """Writes config.json, vocab.json and epochNN.safetensors (NN = epoch, at least 2 digits) into out_dir.

    src_vocab, trg_vocab: a torchtext Field (SRC), a Vocab, or a plain list of tokens (index -> token).
    config: a dict with CONFIG_KEYS; by default read off the model (see config_of).
    Returns the path of the weights file.
    """
    return _save(model, "epoch%02d.safetensors" % epoch, epoch, out_dir, src_vocab, trg_vocab, config,
                 train_loss, valid_loss)


def save_model(model, out_dir, src_vocab, trg_vocab, config=None, epoch=None):
    """Like save_epoch, one model.safetensors (QKV Lens shows it as the given epoch, or epoch 1)."""
    return _save(model, "model.safetensors", epoch, out_dir, src_vocab, trg_vocab, config, None, None)


def config_of(model):
    """The tutorial model's config.json values, read off its modules."""
    model = getattr(model, "module", model)  # DistributedDataParallel
    enc, dec = model.encoder, model.decoder
    return {
        "src_vocab": enc.tok_embedding.num_embeddings,
        "trg_vocab": dec.tok_embedding.num_embeddings,
        "hid_dim": enc.tok_embedding.embedding_dim,
        "enc_layers": len(enc.layers),
        "dec_layers": len(dec.layers),
        "enc_heads": enc.layers[0].self_attention.n_heads,
        "dec_heads": dec.layers[0].self_attention.n_heads,
        "enc_pf_dim": enc.layers[0].positionwise_feedforward.fc_1.out_features,
        "dec_pf_dim": dec.layers[0].positionwise_feedforward.fc_1.out_features,
        "dropout": enc.dropout.p,
        "max_length": enc.pos_embedding.num_embeddings,
        "src_pad_idx": int(model.src_pad_idx),
        "trg_pad_idx": int(model.trg_pad_idx),
    }


def itos(vocab):
    """Index -> token from a torchtext legacy Field or Vocab, a torchtext >= 0.9 Vocab, or a list."""
    if hasattr(vocab, "vocab"):
        vocab = vocab.vocab
    if hasattr(vocab, "itos"):
        return list(vocab.itos)
    if hasattr(vocab, "get_itos"):
        return list(vocab.get_itos())
    return [str(t) for t in vocab]


def _save(model, file_name, epoch, out_dir, src_vocab, trg_vocab, config, train_loss, valid_loss):
    os.makedirs(out_dir, exist_ok=True)
    config = dict(config_of(model) if config is None else config)
    missing = [k for k in CONFIG_KEYS if k not in config]
    if missing:
        raise ValueError("config lacks " + ", ".join(missing))
    _write_json(os.path.join(out_dir, "config.json"), config)
    _write_json(os.path.join(out_dir, "vocab.json"), {"src_itos": itos(src_vocab), "trg_itos": itos(trg_vocab)})
    state = getattr(model, "module", model).state_dict()
    tensors = {name: t.detach().to("cpu", torch.float32).contiguous() for name, t in state.items()}
    metadata = {"format": "pt"}
    for key, value in (("epoch", epoch), ("train_loss", train_loss), ("valid_loss", valid_loss)):
        if value is not None:
            metadata[key] = str(value)
    path = os.path.join(out_dir, file_name)
    try:
        from safetensors.torch import save_file
    except ImportError:
        save_file = write_safetensors
    tmp = path + ".tmp"
    save_file(tensors, tmp, metadata=metadata)
    os.replace(tmp, path)
    return path


def write_safetensors(tensors, path, metadata=None, encode=None):
    """A minimal safetensors writer: 8-byte little-endian header length, a JSON header
    {name: {dtype, shape, data_offsets}, "__metadata__": {...}} padded with spaces to 8 bytes, then the data.
    encode(tensor) -> (dtype name, little-endian bytes); float32 ("F32") by default. Returns the data's length."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        dtype, blob = (encode or _f32)(t)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)
    return offset


def _f32(t):
    values = array.array("f", t.detach().to("cpu", torch.float32).reshape(-1).tolist())
    if sys.byteorder == "big":
        values.byteswap()
    return "F32", values.tobytes()


def load_file(path):
    """Reads a safetensors file into {name: tensor} like safetensors.torch.load_file (F32, F16, BF16 only), for
    machines without the safetensors package."""
    dtypes = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n).decode("utf-8"))
        data = f.read()
    header.pop("__metadata__", None)
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtypes[info["dtype"]]) if end > begin \
            else torch.empty(0, dtype=dtypes[info["dtype"]])
        tensors[name] = t.reshape(info["shape"])
    return tensors


def _write_json(path, value):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(value, f, ensure_ascii=False, indent=1)
        f.write("\n")
    os.replace(tmp, path)
