"""Peer test: `embedscope neighbors` equals gensim's most_similar on the real default table."""
import json
import os
import subprocess
import sys

sys.path.insert(0, sys.argv[2])
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "vectors"))
from gensim_table import gensim_table  # noqa: E402

binary = sys.argv[1]
kv = gensim_table()
failures = 0
for word in ["king", "paris", "computer", "the", "darkness", "ran", "beautiful", "university", "physics", "zebra"]:
    out = subprocess.run([binary, "neighbors", word, "-k", "10", "--json"], capture_output=True, text=True, check=True)
    ours = json.loads(out.stdout)["neighbors"]
    ref = kv.most_similar(word, topn=10)
    ours_words = [n["word"] for n in ours]
    ref_words = [w for w, _ in ref]
    max_diff = max(abs(n["score"] - s) for n, (_, s) in zip(ours, ref))
    # Equal lists, or a swap of two neighbours whose scores tie within float rounding.
    same = ours_words == ref_words or (
        sorted(ours_words) == sorted(ref_words) and all(
            abs(n["score"] - s) < 1e-6 for n, (_, s) in zip(ours, ref)))
    status = "ok" if same and max_diff <= 1e-5 else "MISMATCH"
    failures += status != "ok"
    print(f"{status:8} {word:12} max|Δscore|={max_diff:.2e}  ours={ours_words[:4]}  gensim={ref_words[:4]}")
print(f"{10 - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
