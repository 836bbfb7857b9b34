"""Peer test: `embedscope analogy` equals gensim's most_similar / most_similar_cosmul on the real
default table, and `embedscope eval analogies|pairs` equals gensim's evaluate_word_analogies /
evaluate_word_pairs (same counts in every section; correlations within 1e-6).
Usage: peer_analogies.py EMBEDSCOPE PEERS_DIR EVAL_DIR [--quick]"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, sys.argv[2])
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gensim_table import gensim_table  # noqa: E402

binary, eval_dir = sys.argv[1], sys.argv[3]
quick = "--quick" in sys.argv
kv = gensim_table()
failures = []


def ours(*args):
    out = subprocess.run([binary, *args, "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"embedscope {' '.join(args)} failed: {out.stderr.strip()}")
    return json.loads(out.stdout)


def same_ranking(mine, ref, tol):
    """Equal word lists, or swaps only among neighbours whose reference scores tie within tol."""
    words, ref_words = [c["word"] for c in mine], [w for w, _ in ref]
    if words == ref_words:
        return True
    for i, (w, rw) in enumerate(zip(words, ref_words)):
        if w != rw:
            near = [x for x, s in ref if abs(s - ref[i][1]) <= tol]
            if w not in near and w not in ref_words:
                return False
    return sorted(words[:-1]) == sorted(ref_words[:-1]) or words[:-1] == ref_words[:-1]


# 1. Single analogies, both methods.
for a, b, c in [("man", "king", "woman"), ("paris", "france", "tokyo"), ("walk", "walked", "swim"),
                ("good", "better", "bad"), ("athens", "greece", "baghdad"), ("boy", "girl", "brother")]:
    for method in ("3cosadd", "3cosmul"):
        got = ours("analogy", a, b, c, "--method", method, "-k", "10")
        if method == "3cosadd":
            ref = kv.most_similar(positive=[b, c], negative=[a], topn=10)
        else:
            ref = kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=10)
        diff = max(abs(x["score"] - s) for x, (_, s) in zip(got["candidates"], ref))
        ok = same_ranking(got["candidates"], ref, 1e-6) and diff <= 1e-5 and len(got["candidates"]) == 10
        print(f"{'ok' if ok else 'MISMATCH':8} {method} {a}:{b}::{c}:?  max|Δscore|={diff:.1e}  "
              f"ours={[x['word'] for x in got['candidates'][:3]]} gensim={[w for w, _ in ref[:3]]}")
        if not ok:
            failures.append(f"analogy {method} {a} {b} {c}")

# 2. Word pairs.
for name in ("wordsim353.tsv", "simlex999.txt"):
    path = os.path.join(eval_dir, name)
    got = ours("eval", "pairs", path)
    pearson, spearman, oov = kv.evaluate_word_pairs(path)
    dp, ds = abs(got["pearson"] - pearson[0]), abs(got["spearman"] - spearman.correlation)
    ok = dp <= 1e-6 and ds <= 1e-6 and abs(got["oov_ratio"] - oov) <= 1e-9
    print(f"{'ok' if ok else 'MISMATCH':8} pairs {name}: pearson {got['pearson']:.9f} vs {pearson[0]:.9f} (Δ {dp:.1e}), "
          f"spearman {got['spearman']:.9f} vs {spearman.correlation:.9f} (Δ {ds:.1e}), oov {got['oov_ratio']} vs {oov}, "
          f"pairs {got['pairs']}")
    if not ok:
        failures.append(f"pairs {name}")

# 3. The whole Google analogy set (gensim takes minutes; --quick uses a slice of it).
questions = os.path.join(eval_dir, "questions-words.txt")
if quick:
    lines = open(questions, encoding="utf-8").read().split("\n")
    keep, seen = [], 0
    for line in lines:
        if line.startswith(": "):
            keep.append(line)
            seen = 0
        elif line and seen < 40:
            keep.append(line)
            seen += 1
    questions = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"peer-questions-{os.getpid()}.txt")
    open(questions, "w", encoding="utf-8").write("\n".join(keep) + "\n")
t0 = time.perf_counter()
got = ours("eval", "analogies", questions)
t_ours = time.perf_counter() - t0
t0 = time.perf_counter()
score, sections = kv.evaluate_word_analogies(questions)
t_ref = time.perf_counter() - t0
ref = [s for s in sections if s["section"] != "Total accuracy"]
names_ok = [s["name"] for s in got["sections"]] == [s["section"] for s in ref]
if not names_ok:
    failures.append("section names")
for mine, theirs in zip(got["sections"], ref):
    c, i = len(theirs["correct"]), len(theirs["incorrect"])
    ok = (mine["correct"], mine["incorrect"]) == (c, i)
    print(f"{'ok' if ok else 'MISMATCH':8} {mine['name']:28} ours {mine['correct']}/{mine['incorrect']}  gensim {c}/{i}")
    if not ok:
        failures.append(f"section {mine['name']}")
if abs(got["accuracy"] - score) > 1e-12:
    failures.append("total accuracy")
print(f"total: ours {got['correct']}/{got['correct'] + got['incorrect']} ({got['accuracy']:.6f}), "
      f"gensim {score:.6f}; OOV {got['oov']}; near ties (best two within 1e-6): {got['near_ties']}; "
      f"time ours {t_ours:.2f} s, gensim {t_ref:.2f} s, ratio {t_ref / t_ours:.1f}x")
if quick:
    os.remove(questions)

print("FAILED: " + ", ".join(failures) if failures else "all equal")
sys.exit(1 if failures else 0)
