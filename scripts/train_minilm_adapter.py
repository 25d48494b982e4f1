#!/usr/bin/env python3
"""Trains the news adapter of all-MiniLM-L6-v2 (crates/parallax-embed/data/minilm-news-adapter.safetensors).

A low-rank adapter (LoRA, rank 32, alpha 64, on the query, key, value and output projections and
both feed-forward layers of the six encoder layers) is trained so that two reports of one event
lie closer than reports of two events of one kind. Training data: the train splits of NeuS and
ECB+, as the text Parallax's embedder reads of each document (its title and the start of its
text), written by `parallax eval cluster --embedding-texts`:

    parallax eval cluster --dataset neus --split train --embedding-texts neus-train.jsonl
    parallax eval cluster --dataset ecbplus --split train --embedding-texts ecbplus-train.jsonl
    python3 scripts/train_minilm_adapter.py models/all-minilm-l6-v2 OUT.safetensors \
        neus-train.jsonl ecbplus-train.jsonl

Each step takes 64 stories, two reports of each (anchor and positive) and, for each anchor, one
of the five documents of other stories that the plain model puts nearest it (a hard negative).
The loss is the in-batch contrastive loss of sentence-transformers' MultipleNegativesRankingLoss
(scale 20) in both directions; 12 epochs, AdamW at 3e-4 with 10% warm-up and linear decay,
seed 0. Only the train splits are read: the settings were chosen on the dev splits.

Needs torch, transformers and peft (pip). On one GPU it runs in about a minute; on CPU it works
too, more slowly. Runs differ slightly (GPU arithmetic is not deterministic).
"""
import json
import random
import struct
import sys
import time
from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F
from peft import LoraConfig, get_peft_model
from transformers import AutoModel, PreTrainedTokenizerFast

RANK, ALPHA, EPOCHS, LR, BATCH, SCALE, HARD_K, MAX_TOKENS = 32, 64, 12, 3e-4, 64, 20.0, 5, 256
TARGETS = r".*encoder\.layer\.\d+\.(attention\.self\.(query|key|value)|attention\.output\.dense|intermediate\.dense|output\.dense)"


def encode(model, tokenizer, texts, device):
    batch = tokenizer(texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt").to(device)
    states = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    return F.normalize((states * mask).sum(1) / mask.sum(1).clamp(min=1e-9), dim=-1)


def embed_all(model, tokenizer, texts, device):
    model.eval()
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = torch.zeros(len(texts), model.config.hidden_size, device=device)
    with torch.no_grad():
        for start in range(0, len(order), 256):
            idx = order[start : start + 256]
            out[idx] = encode(model, tokenizer, [texts[i] for i in idx], device).float()
    return out


def save_adapter(model, path):
    """Writes the adapter as float16 safetensors: `<layer>.lora_a`, `<layer>.lora_b`, `lora_scale`."""
    tensors = {"lora_scale": np.array([ALPHA / RANK], dtype=np.float32)}
    for name, value in model.state_dict().items():
        if ".lora_A." in name or ".lora_B." in name:
            layer = name.replace("base_model.model.", "").split(".lora_")[0]
            tensors[f"{layer}.lora_{'a' if '.lora_A.' in name else 'b'}"] = value.float().cpu().numpy()
    header = {"__metadata__": {"base": "all-MiniLM-L6-v2", "rank": str(RANK), "alpha": str(ALPHA)}}
    parts, offset = [], 0
    for name in sorted(tensors):
        data = tensors[name].astype("<f2").tobytes()
        header[name] = {"dtype": "F16", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        parts.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as handle:
        handle.write(struct.pack("<Q", len(raw)) + raw + b"".join(parts))


def main():
    model_dir, out_path, data_files = sys.argv[1], sys.argv[2], sys.argv[3:]
    torch.manual_seed(0)
    random.seed(0)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    tokenizer = PreTrainedTokenizerFast(tokenizer_file=f"{model_dir}/tokenizer.json")
    tokenizer.pad_token = "[PAD]"
    texts, stories = [], defaultdict(list)
    for n, path in enumerate(data_files):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            stories[(n, row["gold"])].append(len(texts))
            texts.append(row["text"])
    model = AutoModel.from_pretrained(model_dir, dtype=torch.float32, add_pooling_layer=False).to(device)

    # Hard negatives: the documents of other stories the plain model puts nearest each one.
    base = embed_all(model, tokenizer, texts, device)
    label = torch.zeros(len(texts), dtype=torch.long, device=device)
    for n, members in enumerate(stories.values()):
        label[members] = n
    sims = base @ base.T
    sims[label[:, None] == label[None, :]] = -2.0
    hard = sims.topk(HARD_K, dim=1).indices.cpu().tolist()
    del sims

    model = get_peft_model(model, LoraConfig(r=RANK, lora_alpha=ALPHA, lora_dropout=0.1, target_modules=TARGETS))
    keys = [key for key, members in stories.items() if len(members) >= 2]
    steps = EPOCHS * (len(keys) // BATCH)
    optimiser = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=LR, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / (0.1 * steps + 1)) * max(0.0, (steps - s) / steps)
    )
    started = time.time()
    for epoch in range(EPOCHS):
        model.train()
        random.shuffle(keys)
        total = 0.0
        for b in range(len(keys) // BATCH):
            anchors, positives, negatives = [], [], []
            for key in keys[b * BATCH : (b + 1) * BATCH]:
                a, p = random.sample(stories[key], 2)
                anchors.append(texts[a])
                positives.append(texts[p])
                negatives.append(texts[random.choice(hard[a])])
            with torch.autocast(device, dtype=torch.bfloat16, enabled=device == "cuda"):
                ea = encode(model, tokenizer, anchors, device).float()
                ep = encode(model, tokenizer, positives, device).float()
                en = encode(model, tokenizer, negatives, device).float()
            target = torch.arange(len(anchors), device=device)
            loss = F.cross_entropy(ea @ torch.cat([ep, en]).T * SCALE, target)
            loss = loss + F.cross_entropy(ep @ ea.T * SCALE, target)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        print(f"epoch {epoch + 1}/{EPOCHS}: loss {total / (len(keys) // BATCH):.4f} ({time.time() - started:.0f} s)", flush=True)
    save_adapter(model, out_path)
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
