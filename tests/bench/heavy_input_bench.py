"""Heavy input (issue 16's goals), each beside its peer in the same run:
  1. cl100k on >= 5 MB of text that does not repeat — the changelogs and copyright files of
     /usr/share/doc, de-duplicated by line: our whole process (start, load, write the ids) against
     gpt-tokenizer's warm in-process encode; the ids must be identical (also to tiktoken's).
  2. One 10 MB "word" (a repeated letter, random lowercase, random CJK) through every tokenizer:
     our whole process (tokenize --count).
  3. word2vec binary import of 1M x 300 (1.2 GB): our whole process, its peak RSS (VmHWM) against
     the .esv it writes; gensim's load_word2vec_format of the same file, timed in-process.
  4. The scatter with those 1M points under the GL this machine has: bench render's zoom frame.
Usage: heavy_input_bench.py EMBEDSCOPE NODE_MODULES [--smoke] [--only cl100k,word,import,render]
--smoke: small sizes, checks that every part runs and agrees (no figure is judged)."""
import gzip
import glob
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
binary, modules = sys.argv[1], sys.argv[2]
smoke = "--smoke" in sys.argv
only = sys.argv[sys.argv.index("--only") + 1].split(",") if "--only" in sys.argv else ["cl100k", "word", "import", "render"]
tmp = tempfile.mkdtemp(prefix="embedscope-heavy-")
failures = []


def debian_docs(path, target):
    """Lines of /usr/share/doc/*/changelog* and copyright, each kept once, until `target` bytes.
    Lines with U+FEFF are left out: JavaScript's \\s matches it, so gpt-tokenizer splits it unlike
    tiktoken (and Embedscope, which follow the regex crate) — a peer difference, not a speed one."""
    seen, n = set(), 0
    files = sorted(glob.glob("/usr/share/doc/*/changelog*") + glob.glob("/usr/share/doc/*/copyright"))
    with open(path, "w", encoding="utf-8") as out:
        for f in files:
            try:
                raw = gzip.open(f).read() if f.endswith(".gz") else open(f, "rb").read()
            except (OSError, EOFError):
                continue
            for line in raw.split(b"\n"):
                try:
                    s = line.decode("utf-8")
                except UnicodeDecodeError:
                    continue
                if s in seen or "\ufeff" in s:
                    continue
                seen.add(s)
                out.write(s + "\n")
                n += len(s.encode()) + 1
                if n >= target:
                    return n
    return n


def whole_process(args, runs):
    """Median wall seconds of `runs` runs of a command, and the largest peak RSS (KiB)."""
    walls, peak = [], 0
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        walls.append(time.perf_counter() - t0)
        peak = max(peak, usage.ru_maxrss)
        if status != 0:
            raise SystemExit(f"{' '.join(args)}: exit status {status}: {p.stderr.read().decode()[:400]}")
    return statistics.median(walls), peak


def cl100k():
    corpus = os.path.join(tmp, "docs.txt")
    size = debian_docs(corpus, 200_000 if smoke else 6_000_000)
    ours_ids = os.path.join(tmp, "ours.ids")
    with open(ours_ids, "w") as out:
        subprocess.run([binary, "tokenize", "--tokenizer", "cl100k_base", "--ids", "--file", corpus], stdout=out, check=True)
    wall, _ = whole_process([binary, "tokenize", "--tokenizer", "cl100k_base", "--ids", "--file", corpus], 3 if smoke else 7)
    peer_ids = os.path.join(tmp, "gpt.ids")
    peer = json.loads(subprocess.run(["node", os.path.join(HERE, "..", "peers", "heavy_peers.cjs"), modules, corpus, peer_ids,
                                      "2" if smoke else "7"], capture_output=True, text=True, check=True).stdout)
    ours = open(ours_ids).read().split()
    same_gpt = ours == open(peer_ids).read().split()
    same_tik = ours == open(peer_ids + ".tiktoken").read().split()
    if not (same_gpt and same_tik):
        failures.append("cl100k: ids differ from " + ("gpt-tokenizer " if not same_gpt else "") + ("tiktoken" if not same_tik else ""))
    print(f"cl100k_base on {size / 1e6:.2f} MB of Debian documentation (de-duplicated by line), {len(ours)} tokens, "
          f"ids identical to gpt-tokenizer: {same_gpt}, to tiktoken: {same_tik}")
    print(f"  embedscope whole process {wall * 1e3:.0f} ms (median)   gpt-tokenizer warm in-process "
          f"{peer['ms_median']:.0f} ms (median)   ratio {peer['ms_median'] / (wall * 1e3):.2f}x   goal >= 5x")


def long_words():
    n = 1_000_000 if smoke else 10_000_000
    import random
    rng = random.Random(16)
    inputs = {
        "one letter": "a" * n,
        "random lowercase": "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n)),
        "random CJK": "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(n // 3)),
    }
    data = os.environ.get("EMBEDSCOPE_DATA") or os.path.join(os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "embedscope")
    tokenizers = ["cl100k_base", "o200k_base", "gpt2", "bert-base-uncased", "glove"]
    for folder in ("llama3", "qwen3"):
        if os.path.exists(os.path.join(data, "tokenizers", folder, "tokenizer.json")):
            tokenizers.append(os.path.join(data, "tokenizers", folder, "tokenizer.json"))
    print(f"one {n / 1e6:.0f} MB word without spaces, whole process (tokenize --count), goal <= 1 s:")
    for label, text in inputs.items():
        path = os.path.join(tmp, "word.txt")
        open(path, "w", encoding="utf-8").write(text)
        cells = []
        for t in tokenizers:
            try:
                wall, _ = whole_process(["timeout", "120", binary, "tokenize", "--tokenizer", t, "--count", "--file", path], 1)
                cells.append(f"{os.path.basename(os.path.dirname(t)) if '/' in t else t} {wall:.2f} s")
            except SystemExit as e:
                failures.append(f"10 MB word, {label}, {t}: {e}")
                cells.append(f"{t} FAILED")
        print(f"  {label:17} " + "   ".join(cells))


def import_and_render():
    rows, dim = (20_000, 300) if smoke else (1_000_000, 300)
    src = os.path.join(tmp, "vectors.bin")
    subprocess.run(["/usr/bin/python3", os.path.join(HERE, "make_word2vec_binary.py"), src, str(rows), str(dim)], check=True)
    esv = os.path.join(tmp, "vectors.esv")
    wall, peak_kib = whole_process([binary, "import", src, "--format", "word2vec-bin", "--out", esv], 1 if smoke else 3)
    in_mb, out_mb = os.path.getsize(src) / 1e6, os.path.getsize(esv) / 1e6
    gensim = subprocess.run(["/usr/bin/python3", "-c",
                             "import sys, time\nfrom gensim.models import KeyedVectors\nt = time.perf_counter()\n"
                             "KeyedVectors.load_word2vec_format(sys.argv[1], binary=True)\nprint(time.perf_counter() - t)", src],
                            capture_output=True, text=True, check=True)
    gensim_s = float(gensim.stdout.split()[-1])
    print(f"word2vec binary import, {rows} x {dim} ({in_mb:.0f} MB in, {out_mb:.0f} MB .esv out):")
    print(f"  embedscope whole process {wall:.2f} s = {in_mb / wall:.0f} MB/s (goal >= 500), peak RSS {peak_kib / 1024:.0f} MiB "
          f"= {peak_kib * 1024 / 1e6 / out_mb:.2f}x the output (goal <= 1.2x)   gensim in-process {gensim_s:.2f} s   "
          f"ratio {gensim_s / wall:.2f}x")
    if "render" in only and not smoke:
        r = subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", binary, "bench", "render", "--vectors", esv,
                            "--frames", "30", "--json"], capture_output=True, text=True)
        if r.returncode != 0:
            failures.append("render: " + r.stderr[-400:])
        else:
            j = json.loads(r.stdout)
            print(f"scatter of {j['points']} points under {j.get('renderer', 'this GL')}: zoom frame {j['zoom_frame_ms_median']:.1f} ms "
                  f"(median; GL points {j['zoom_frame_ms_median_gl_points']:.1f}, CPU points {j['zoom_frame_ms_median_cpu_points']:.1f}) "
                  f"goal <= 33 ms")


if "cl100k" in only:
    cl100k()
if "word" in only:
    long_words()
if "import" in only or "render" in only:
    import_and_render()
subprocess.run(["rm", "-rf", tmp])
if failures:
    print("\n".join("FAILED: " + f for f in failures), file=sys.stderr)
    sys.exit(1)
