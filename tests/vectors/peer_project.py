"""Peer test: `embedscope project` equals scikit-learn's exact PCA (svd_solver="full") on the
real default table, within DESIGN.md's tolerance and up to each component's sign; custom axes
equal numpy's projection on the centroid-difference directions.
Usage: peer_project.py EMBEDSCOPE PEERS_DIR"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
from sklearn.decomposition import PCA

sys.path.insert(0, sys.argv[2])
from glove_reference import load_glove  # noqa: E402

binary = sys.argv[1]
words, X = load_glove()
X = np.asarray(X)
index = {w: i for i, w in enumerate(words)}
failures = []
tmp = tempfile.mkdtemp()


def run(*args):
    out_tsv = os.path.join(tmp, "out.tsv")
    r = subprocess.run([binary, "project", *args, "--out", out_tsv, "--json"], capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"embedscope project {' '.join(args)}: {r.stderr.strip()}")
    with open(out_tsv, encoding="utf-8") as f:
        lines = f.read().split("\n")[1:-1]
    got_words = [ln.split("\t")[0] for ln in lines]
    coords = np.array([[float(x) for x in ln.split("\t")[1:]] for ln in lines])
    return json.loads(r.stdout), got_words, coords


def within(ours, ref):
    return float(np.max(np.abs(ours - ref))), 1e-4 * max(1.0, float(np.max(np.abs(ref))))


def check(name, ours, ref):
    diff, tol = within(ours, ref)
    ok = diff <= tol
    print(f"{'ok' if ok else 'MISMATCH':8} {name}: max|Δ| = {diff:.2e} (tolerance {tol:.2e})")
    if not ok:
        failures.append(name)


for comps, fit_top, top in [(3, 0, 0), (2, 10000, 20000)]:
    args = ["--components", str(comps)] + (["--fit-top", str(fit_top)] if fit_top else []) + (["--top", str(top)] if top else [])
    meta, got_words, coords = run(*args)
    fit = X[:fit_top] if fit_top else X
    sk = PCA(n_components=comps, svd_solver="full").fit(fit)
    ref = sk.transform(X[:top] if top else X)
    signs = np.sign(np.sum(coords * ref, axis=0))  # each component up to its sign
    label = f"pca k={comps} fit-top={fit_top or 'all'} rows={top or 'all'}"
    if got_words != (words[:top] if top else words) or meta["rows"] != len(ref):
        failures.append(label + " rows")
    check(label + " coordinates", coords * signs, ref)
    check(label + " explained_variance_ratio", np.array(meta["explained_variance_ratio"]), sk.explained_variance_ratio_)

# Custom axes, with a group on one side, for the words of a file.
words_file = os.path.join(tmp, "words.txt")
sample = ["king", "queen", "man", "woman", "doctor", "nurse", "engineer", "teacher", "good", "bad"]
open(words_file, "w", encoding="utf-8").write("\n".join(sample) + "\n")
meta, got_words, coords = run("--method", "axes", "--axis", "he,him:she,her", "--axis", "bad:good", "--words", words_file)
dirs = []
for left, right in [(["he", "him"], ["she", "her"]), (["bad"], ["good"])]:
    d = X[[index[w] for w in right]].astype(np.float64).mean(0) - X[[index[w] for w in left]].astype(np.float64).mean(0)
    dirs.append(d / np.linalg.norm(d))
ref = X[[index[w] for w in sample]].astype(np.float64) @ np.array(dirs).T
if got_words != sample:
    failures.append("axes words")
check("axes he,him:she,her and bad:good", coords, ref)
proj = X.astype(np.float64) @ np.array(dirs).T
ratio = proj.var(axis=0, ddof=1) / X.astype(np.float64).var(axis=0, ddof=1).sum()
check("axes explained_variance_ratio", np.array(meta["explained_variance_ratio"]), ratio)

print("FAILED: " + ", ".join(failures) if failures else "all equal")
sys.exit(1 if failures else 0)
