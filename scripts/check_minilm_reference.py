#!/usr/bin/env python3
"""Independent check of Parallax's MiniLM embeddings: a NumPy re-implementation of the BERT
forward pass (weights read straight from model.safetensors) embeds the same token ids that
`parallax models embed` reports, and every vector must agree to 1e-4 in cosine.

With ADAPTER (the news adapter, crates/parallax-embed/data/minilm-news-adapter.safetensors),
the reference first adds each low-rank pair to its weight, W + lora_scale * B @ A, as the
adapter's training script defines it.

Usage: parallax --embedding minilm models embed TEXT... | check_minilm_reference.py MODEL_DIR [ADAPTER]
"""
import json
import math
import struct
import sys

import numpy as np


def load_safetensors(path):
    with open(path, "rb") as handle:
        (size,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(size))
        data = handle.read()
    tensors = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] not in ("F32", "F16"):
            continue
        start, end = meta["data_offsets"]
        dtype = "<f4" if meta["dtype"] == "F32" else "<f2"
        tensors[name] = np.frombuffer(data[start:end], dtype=dtype).reshape(meta["shape"]).astype(np.float64)
    return tensors


def add_adapter(weights, adapter):
    scale = float(adapter["lora_scale"].reshape(-1)[0])
    for name, down in adapter.items():
        if name.endswith(".lora_a"):
            layer = name[: -len(".lora_a")]
            weights[layer + ".weight"] = weights[layer + ".weight"] + scale * adapter[layer + ".lora_b"] @ down


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def embed(w, config, ids):
    ids = np.array(ids)
    eps = config["layer_norm_eps"]
    heads = config["num_attention_heads"]
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][: len(ids)]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    hidden = x.shape[1]
    head_dim = hidden // heads
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."

        def linear(name, value):
            return value @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q = linear("attention.self.query", x).reshape(-1, heads, head_dim).transpose(1, 0, 2)
        k = linear("attention.self.key", x).reshape(-1, heads, head_dim).transpose(1, 0, 2)
        v = linear("attention.self.value", x).reshape(-1, heads, head_dim).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head_dim)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(-1, hidden)
        attended = layer_norm(
            linear("attention.output.dense", context) + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
            eps,
        )
        inner = gelu(linear("intermediate.dense", attended))
        x = layer_norm(
            linear("output.dense", inner) + attended,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
            eps,
        )
    mean = x.mean(0)
    return mean / np.linalg.norm(mean)


def main():
    model_dir = sys.argv[1]
    weights = load_safetensors(f"{model_dir}/model.safetensors")
    if len(sys.argv) > 2:
        add_adapter(weights, load_safetensors(sys.argv[2]))
    with open(f"{model_dir}/config.json") as handle:
        config = json.load(handle)
    worst = 1.0
    n = 0
    for line in sys.stdin:
        if not line.strip():
            continue
        row = json.loads(line)
        reference = embed(weights, config, row["ids"])
        ours = np.array(row["vector"], dtype=np.float64)
        cosine = float(reference @ ours / np.linalg.norm(ours))
        worst = min(worst, cosine)
        n += 1
    print(f"{n} texts, lowest cosine to the NumPy reference {worst:.7f}")
    if n == 0 or worst < 1.0 - 1e-4:
        print("FAIL: MiniLM embeddings differ from the reference", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
