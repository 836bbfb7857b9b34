"""Writes a word2vec binary file of ROWS x DIM standard-normal float32 vectors (fixed seed) with
distinct words of varied length: make_word2vec_binary.py PATH ROWS DIM (Debian's python3-numpy)."""
import sys

import numpy as np

path, rows, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(1)
with open(path, "wb") as f:
    f.write(f"{rows} {dim}\n".encode())
    for b in range(0, rows, 100_000):
        n = min(100_000, rows - b)
        v = rng.standard_normal((n, dim), dtype=np.float32)
        f.write(b"".join(f"w{b + i}_{(b + i) * 2654435761 % 99991:x} ".encode() + v[i].tobytes() + b"\n" for i in range(n)))
