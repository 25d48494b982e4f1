#!/usr/bin/env python3
"""Independent check of Parallax's sentence encoders: a NumPy re-implementation of the forward
pass (weights read straight from model.safetensors) embeds the same token ids that
`parallax models embed` reports, and every vector must agree to 1e-4 in cosine. It reads
`model_type` from config.json: BERT (all-MiniLM-L6-v2) or MPNet (all-mpnet-base-v2: positions
counted from pad_token_id + 1, no token types, a relative-position bias on the attention scores).

Usage: parallax --embedding minilm models embed TEXT... | check_encoder_reference.py MODEL_DIR
       parallax --embedding mpnet models embed TEXT... | check_encoder_reference.py MODEL_DIR
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
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        start, end = meta["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(meta["shape"]).astype(np.float64)
    return tensors


def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def gelu(x):
    erf = np.vectorize(math.erf)
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def relative_bucket(relative, buckets, max_distance=128):
    """MPNet's bucket of a key `relative` tokens after the query (negative: before)."""
    half = buckets // 2
    side = half if relative > 0 else 0
    distance = abs(relative)
    exact = half // 2
    if distance < exact:
        return side + distance
    scale = np.log(np.float32(distance) / np.float32(exact)) / np.log(np.float32(max_distance / exact))
    return side + min(exact + int(np.float32(scale) * np.float32(half - exact)), half - 1)


def embed(w, config, ids):
    ids = np.array(ids)
    n = len(ids)
    eps = config["layer_norm_eps"]
    heads = config["num_attention_heads"]
    mpnet = config.get("model_type") == "mpnet"
    if mpnet:
        first = config["pad_token_id"] + 1
        x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][first : first + n]
        table = w["encoder.relative_attention_bias.weight"]
        buckets = config["relative_attention_num_buckets"]
        position_bias = np.array(
            [[table[relative_bucket(k - q, buckets)] for k in range(n)] for q in range(n)]
        ).transpose(2, 0, 1)
        names = ("attention.attn.q", "attention.attn.k", "attention.attn.v", "attention.attn.o", "attention.LayerNorm")
    else:
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        position_bias = 0.0
        names = (
            "attention.self.query",
            "attention.self.key",
            "attention.self.value",
            "attention.output.dense",
            "attention.output.LayerNorm",
        )
    query, key, value, attention_out, attention_norm = names
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    hidden = x.shape[1]
    head_dim = hidden // heads
    for layer in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{layer}."

        def linear(name, value):
            return value @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q = linear(query, x).reshape(-1, heads, head_dim).transpose(1, 0, 2)
        k = linear(key, x).reshape(-1, heads, head_dim).transpose(1, 0, 2)
        v = linear(value, x).reshape(-1, heads, head_dim).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head_dim) + position_bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(-1, hidden)
        attended = layer_norm(
            linear(attention_out, context) + x,
            w[p + attention_norm + ".weight"],
            w[p + attention_norm + ".bias"],
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
        print(f"FAIL: {model_dir} embeddings differ from the reference", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
