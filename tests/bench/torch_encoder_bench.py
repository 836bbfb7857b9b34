#!/usr/bin/python3
"""PyTorch's side of `embedscope bench encode`: torch.nn.TransformerEncoder of BERT-base shape
(post-norm, exact GELU, random weights) on one sequence, on as many threads as Embedscope's CPU
backend. Prints one JSON object: median seconds a pass and the BLAS torch runs on.

usage: torch_encoder_bench.py [--layers 12] [--hidden 768] [--heads 12] [--ffn 3072]
                              [--tokens 128] [--threads 2] [--runs 5]
"""
import argparse
import json
import statistics
import time

import torch


def main():
    p = argparse.ArgumentParser()
    for name, default in [("layers", 12), ("hidden", 768), ("heads", 12), ("ffn", 3072), ("tokens", 128),
                          ("threads", 2), ("runs", 5)]:
        p.add_argument("--" + name, type=int, default=default)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(a.hidden, a.heads, dim_feedforward=a.ffn, dropout=0.0,
                                             activation="gelu", layer_norm_eps=1e-12, batch_first=True)
    model = torch.nn.TransformerEncoder(layer, a.layers, enable_nested_tensor=False).eval()
    x = torch.randn(1, a.tokens, a.hidden)
    times = []
    with torch.inference_mode():
        model(x)  # warm-up
        for _ in range(a.runs):
            t = time.perf_counter()
            model(x)
            times.append(time.perf_counter() - t)
    blas = "unknown"
    try:
        with open("/proc/self/maps") as f:
            libs = {l.split()[-1] for l in f if ".so" in l}
        blas = next((l for l in sorted(libs) if "blas" in l.lower()), "none found")
    except OSError:
        pass
    print(json.dumps({"torch_version": torch.__version__, "threads": torch.get_num_threads(),
                      "pass_s_median": statistics.median(times), "pass_s_min": min(times), "runs": a.runs,
                      "blas": blas}))


if __name__ == "__main__":
    main()
