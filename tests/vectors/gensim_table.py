"""The default table as gensim KeyedVectors, one entry per word. (KeyedVectors(dim, count=N)
followed by add_vectors would leave N empty slots in front of the words.)"""
import numpy as np
from gensim.models import KeyedVectors

from glove_reference import load_glove


def gensim_table():
    words, m = load_glove()
    kv = KeyedVectors(m.shape[1], dtype=np.float32)
    kv.add_vectors(words, np.asarray(m))
    assert len(kv.index_to_key) == len(words)
    kv.fill_norms()
    return kv
