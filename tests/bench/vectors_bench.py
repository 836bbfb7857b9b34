"""Vector-engine benchmark: `embedscope bench vectors --json` and the reference libraries in the
same run, on the default table (gensim most_similar, evaluate_word_analogies; scikit-learn PCA).
Run with Debian's /usr/bin/python3 on OpenBLAS (libopenblas0-pthread).
Usage: vectors_bench.py EMBEDSCOPE [--queries N=200] [--skip-eval]"""
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "peers"))
sys.path.insert(0, os.path.join(HERE, "..", "vectors"))
from gensim_table import gensim_table  # noqa: E402

binary = sys.argv[1]
nq = int(sys.argv[sys.argv.index("--queries") + 1]) if "--queries" in sys.argv else 200
skip_eval = "--skip-eval" in sys.argv
questions = os.path.join(HERE, "..", "..", "..", "shared", "data", "eval", "questions-words.txt")

args = [binary, "bench", "vectors", "--json", "--queries", str(nq)] + (["--smoke"] if skip_eval else [])
ours = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)

kv = gensim_table()
rows = len(kv.index_to_key)
times = []
for i in range(nq):
    r = (i * 7919 * 13) % min(rows, 50000)  # the same words bench vectors asks for
    t0 = time.perf_counter()
    kv.most_similar(kv.index_to_key[r], topn=10)
    times.append(time.perf_counter() - t0)
gensim_query = float(np.median(times))

gensim_eval = None
if not skip_eval:
    t0 = time.perf_counter()
    score, _ = kv.evaluate_word_analogies(questions)
    gensim_eval = time.perf_counter() - t0

from sklearn.decomposition import PCA  # noqa: E402
X = np.asarray(kv.vectors)


def best_of(fn, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return float(np.median(out))


sk_default = best_of(lambda: PCA(n_components=2).fit_transform(X), 3)
sk_full = best_of(lambda: PCA(n_components=2, svd_solver="full").fit_transform(X), 1)

q, pca = ours["query_top10_cosine"], ours["pca"]
print(f"table {ours['rows']} x {ours['dim']}, {ours['threads']} threads; int8 copy stored in file: "
      f"{ours['int8_copy']['stored_in_file']}")
print(f"memcpy of {ours['memcpy']['bytes'] / 1e6:.0f} MB: {ours['memcpy']['gb_per_s']:.1f} GB/s; "
      f"peak fp32 {ours['peak']['fp32_gflops']:.0f} GFLOP/s, int8 {ours['peak']['int8_gops']:.0f} GOP/s")
print(f"top-10 cosine query: ours {q['median_ms']:.2f} ms ({q['gb_per_s']:.1f} GB/s, {q['int8_gops']:.1f} GOP/s, "
      f"{q['candidates_reranked']:.0f} rows re-ranked), float32 scan {ours['query_top10_float32_dot']['median_ms']:.2f} ms, "
      f"gensim most_similar {gensim_query * 1e3:.2f} ms -> {gensim_query * 1e3 / q['median_ms']:.1f}x")
if gensim_eval is not None:
    ev = ours["eval_analogies"]
    print(f"Google analogies (restrict 300000): ours {ev['seconds']:.2f} s ({ev['int8_gops']:.0f} GOP/s, accuracy "
          f"{ev['accuracy']:.6f}), gensim {gensim_eval:.2f} s (accuracy {score:.6f}) -> {gensim_eval / ev['seconds']:.1f}x")
print(f"PCA, 2 components, fit + project all rows: ours {pca['fit_and_project_seconds']:.3f} s "
      f"({pca['gb_per_s']:.2f} GB/s, {pca['gflops']:.1f} GFLOP/s), scikit-learn default {sk_default:.3f} s "
      f"-> {sk_default / pca['fit_and_project_seconds']:.1f}x, svd_solver=full {sk_full:.3f} s")
print(f"VmHWM after queries and evaluation: {ours['vmhwm_mib_after_queries']:.0f} MiB "
      f"(table float32 {ours['table_f32_bytes'] / 2**20:.0f} MiB, limit {2 * ours['table_f32_bytes'] / 2**20:.0f} MiB)")
