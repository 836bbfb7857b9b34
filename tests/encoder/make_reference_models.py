#!/usr/bin/python3
"""Writes small random-weight models of every supported family as Hugging Face folders
(config.json + safetensors) with PyTorch's outputs beside them (reference.safetensors).

BERT's blocks are run by torch.nn.TransformerEncoderLayer itself; GPT-2 and Llama/Qwen 2 by
a direct PyTorch transcription of Hugging Face's modelling code (transformers is not a Debian
package). Weights stored as F16/BF16 are rounded first, so the reference sees what is stored.

usage: make_reference_models.py OUT_DIR
"""
import json
import math
import os
import struct
import sys

import torch
import torch.nn.functional as F

DTYPES = {"F32": (torch.float32, 4), "F16": (torch.float16, 2), "BF16": (torch.bfloat16, 2)}


def tensor_bytes(t, dtype):
    t = t.detach().to(DTYPES[dtype][0]).contiguous()
    if dtype == "BF16":  # numpy has no bfloat16: take the raw bits
        return t.view(torch.int16).numpy().tobytes()
    return t.numpy().tobytes()


def write_safetensors(path, tensors, dtype="F32"):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        b = tensor_bytes(t, dtype)
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    header["__metadata__"] = {"format": "pt"}
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def write_model(folder, config, weights, dtype, shards=1):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=1)
    if shards == 1:
        write_safetensors(os.path.join(folder, "model.safetensors"), weights, dtype)
        return
    names = list(weights)
    weight_map = {}
    for s in range(shards):
        part = names[s::shards]
        fname = "model-%05d-of-%05d.safetensors" % (s + 1, shards)
        write_safetensors(os.path.join(folder, fname), {n: weights[n] for n in part}, dtype)
        weight_map.update({n: fname for n in part})
    with open(os.path.join(folder, "model.safetensors.index.json"), "w") as f:
        json.dump({"metadata": {}, "weight_map": weight_map}, f, indent=1)


def stored(t, dtype):
    """What the file holds, back in float32."""
    return t.to(DTYPES[dtype][0]).to(torch.float32)


def write_reference(folder, ids, out):
    t = {"ids": torch.tensor(ids, dtype=torch.float32)}
    for key, arrays in out.items():
        for i, a in enumerate(arrays):
            t["%s.%d" % (key, i)] = a.detach().contiguous().float()
    write_safetensors(os.path.join(folder, "reference.safetensors"), t)


def rand(*shape, scale=0.2):
    return torch.randn(*shape) * scale


# ---- BERT: torch.nn.TransformerEncoderLayer is the peer for each block -------------------
def make_bert(folder, dtype, prefix, n_tokens):
    H, L, NH, I, V, P, T, eps = 32, 2, 4, 64, 97, 40, 2, 1e-12
    cfg = {"model_type": "bert", "architectures": ["BertModel"], "hidden_size": H, "num_hidden_layers": L,
           "num_attention_heads": NH, "intermediate_size": I, "vocab_size": V, "max_position_embeddings": P,
           "type_vocab_size": T, "layer_norm_eps": eps, "hidden_act": "gelu"}
    w = {}
    emb = {k: stored(rand(*s), dtype) for k, s in
           [("word", (V, H)), ("pos", (P, H)), ("type", (T, H))]}
    ln_w, ln_b = stored(1 + rand(H), dtype), stored(rand(H), dtype)
    w[prefix + "embeddings.word_embeddings.weight"] = emb["word"]
    w[prefix + "embeddings.position_embeddings.weight"] = emb["pos"]
    w[prefix + "embeddings.token_type_embeddings.weight"] = emb["type"]
    w[prefix + "embeddings.LayerNorm.weight"] = ln_w
    w[prefix + "embeddings.LayerNorm.bias"] = ln_b
    layers = []
    for i in range(L):
        layer = torch.nn.TransformerEncoderLayer(H, NH, dim_feedforward=I, dropout=0.0, activation="gelu",
                                                 layer_norm_eps=eps, batch_first=True, norm_first=False)
        with torch.no_grad():
            for p in layer.parameters():
                p.copy_(stored(rand(*p.shape), dtype))
            layer.norm1.weight.copy_(stored(1 + rand(H), dtype))
            layer.norm2.weight.copy_(stored(1 + rand(H), dtype))
        layer.eval()
        layers.append(layer)
        p = prefix + "encoder.layer.%d." % i
        qw, kw, vw = layer.self_attn.in_proj_weight.chunk(3)
        qb, kb, vb = layer.self_attn.in_proj_bias.chunk(3)
        w.update({p + "attention.self.query.weight": qw, p + "attention.self.query.bias": qb,
                  p + "attention.self.key.weight": kw, p + "attention.self.key.bias": kb,
                  p + "attention.self.value.weight": vw, p + "attention.self.value.bias": vb,
                  p + "attention.output.dense.weight": layer.self_attn.out_proj.weight,
                  p + "attention.output.dense.bias": layer.self_attn.out_proj.bias,
                  p + "attention.output.LayerNorm.weight": layer.norm1.weight,
                  p + "attention.output.LayerNorm.bias": layer.norm1.bias,
                  p + "intermediate.dense.weight": layer.linear1.weight,
                  p + "intermediate.dense.bias": layer.linear1.bias,
                  p + "output.dense.weight": layer.linear2.weight, p + "output.dense.bias": layer.linear2.bias,
                  p + "output.LayerNorm.weight": layer.norm2.weight, p + "output.LayerNorm.bias": layer.norm2.bias})
    if prefix:  # heads a BertForPreTraining checkpoint carries, which the encoder ignores
        w["cls.predictions.bias"] = rand(V)
        w["bert.pooler.dense.weight"] = rand(H, H)
        w["bert.pooler.dense.bias"] = rand(H)
    write_model(folder, cfg, w, dtype)

    ids = torch.randint(0, V, (n_tokens,))
    with torch.no_grad():
        x = emb["word"][ids] + emb["pos"][: len(ids)] + emb["type"][0]
        x = F.layer_norm(x, (H,), ln_w, ln_b, eps).unsqueeze(0)
        out = {"hidden_states": [x[0]], "attentions": [], "queries": [], "keys": []}
        for layer in layers:
            qw, kw, _ = layer.self_attn.in_proj_weight.chunk(3)
            qb, kb, _ = layer.self_attn.in_proj_bias.chunk(3)
            out["queries"].append(x[0] @ qw.T + qb)
            out["keys"].append(x[0] @ kw.T + kb)
            _, att = layer.self_attn(x, x, x, need_weights=True, average_attn_weights=False)
            out["attentions"].append(att[0])
            x = layer(x)
            out["hidden_states"].append(x[0])
    write_reference(folder, ids.tolist(), out)


# ---- GPT-2: transcription of transformers' GPT2Model ------------------------------------------
def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def make_gpt2(folder, dtype, prefix, n_tokens):
    H, L, NH, V, P, eps = 32, 2, 4, 101, 40, 1e-5
    I = 4 * H
    cfg = {"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"], "n_embd": H, "n_layer": L, "n_head": NH,
           "n_inner": None, "vocab_size": V, "n_positions": P, "layer_norm_epsilon": eps,
           "activation_function": "gelu_new"}
    w = {prefix + "wte.weight": rand(V, H), prefix + "wpe.weight": rand(P, H)}
    for i in range(L):
        p = prefix + "h.%d." % i
        w.update({p + "ln_1.weight": 1 + rand(H), p + "ln_1.bias": rand(H),
                  p + "attn.c_attn.weight": rand(H, 3 * H), p + "attn.c_attn.bias": rand(3 * H),
                  p + "attn.c_proj.weight": rand(H, H), p + "attn.c_proj.bias": rand(H),
                  p + "ln_2.weight": 1 + rand(H), p + "ln_2.bias": rand(H),
                  p + "mlp.c_fc.weight": rand(H, I), p + "mlp.c_fc.bias": rand(I),
                  p + "mlp.c_proj.weight": rand(I, H), p + "mlp.c_proj.bias": rand(H)})
    w.update({prefix + "ln_f.weight": 1 + rand(H), prefix + "ln_f.bias": rand(H)})
    w = {k: stored(v, dtype) for k, v in w.items()}
    write_model(folder, cfg, w, dtype)

    g = lambda name: w[prefix + name]
    ids = torch.randint(0, V, (n_tokens,))
    n, hd = len(ids), H // NH
    mask = torch.tril(torch.ones(n, n, dtype=torch.bool))
    out = {"hidden_states": [], "attentions": [], "queries": [], "keys": []}
    x = g("wte.weight")[ids] + g("wpe.weight")[:n]
    for i in range(L):
        p = "h.%d." % i
        out["hidden_states"].append(x)
        h = F.layer_norm(x, (H,), g(p + "ln_1.weight"), g(p + "ln_1.bias"), eps)
        q, k, v = (h @ g(p + "attn.c_attn.weight") + g(p + "attn.c_attn.bias")).split(H, dim=-1)
        out["queries"].append(q)
        out["keys"].append(k)
        heads = lambda t: t.view(n, NH, hd).transpose(0, 1)
        att = heads(q) @ heads(k).transpose(-1, -2) / math.sqrt(hd)
        att = torch.where(mask, att, torch.tensor(torch.finfo(att.dtype).min))
        att = torch.softmax(att, dim=-1)
        out["attentions"].append(att)
        ctx = (att @ heads(v)).transpose(0, 1).reshape(n, H)
        x = x + ctx @ g(p + "attn.c_proj.weight") + g(p + "attn.c_proj.bias")
        h = F.layer_norm(x, (H,), g(p + "ln_2.weight"), g(p + "ln_2.bias"), eps)
        x = x + gelu_new(h @ g(p + "mlp.c_fc.weight") + g(p + "mlp.c_fc.bias")) @ g(p + "mlp.c_proj.weight") \
            + g(p + "mlp.c_proj.bias")
    out["hidden_states"].append(F.layer_norm(x, (H,), g("ln_f.weight"), g("ln_f.bias"), eps))
    write_reference(folder, ids.tolist(), out)


# ---- Llama / Qwen 2: transcription of transformers' LlamaModel and its rope_utils --------------
def rope_inv_freq(cfg, dim, seq_len):
    base = cfg.get("rope_theta", 10000.0)
    sc = cfg.get("rope_scaling") or {}
    kind = sc.get("rope_type", sc.get("type", "default"))
    factor = sc.get("factor", 1.0)
    max_pos = cfg["max_position_embeddings"]
    attention_factor = 1.0
    if kind == "dynamic":
        seq_len = max(seq_len, max_pos)
        base = base * ((factor * seq_len / max_pos) - (factor - 1)) ** (dim / (dim - 2))
    inv_freq = 1.0 / (base ** (torch.arange(0, dim, 2, dtype=torch.int64).float() / dim))
    if kind == "linear":
        inv_freq = inv_freq / factor
    elif kind == "llama3":
        low_ff, high_ff = sc["low_freq_factor"], sc["high_freq_factor"]
        old_len = sc["original_max_position_embeddings"]
        low_wavelen, high_wavelen = old_len / low_ff, old_len / high_ff
        wavelen = 2 * math.pi / inv_freq
        inv_freq_llama = torch.where(wavelen > low_wavelen, inv_freq / factor, inv_freq)
        smooth = (old_len / wavelen - low_ff) / (high_ff - low_ff)
        smoothed = (1 - smooth) * inv_freq_llama / factor + smooth * inv_freq_llama
        is_medium = ~(wavelen < high_wavelen) * ~(wavelen > low_wavelen)
        inv_freq = torch.where(is_medium, smoothed, inv_freq_llama)
    elif kind == "yarn":
        orig = sc.get("original_max_position_embeddings") or max_pos
        attention_factor = sc.get("attention_factor") or (0.1 * math.log(factor) + 1.0 if factor > 1 else 1.0)
        beta_fast, beta_slow = sc.get("beta_fast") or 32, sc.get("beta_slow") or 1

        def corr_dim(rot):
            return (dim * math.log(orig / (rot * 2 * math.pi))) / (2 * math.log(base))

        low = max(math.floor(corr_dim(beta_fast)), 0)
        high = min(math.ceil(corr_dim(beta_slow)), dim - 1)
        if low == high:
            high += 0.001
        ramp = torch.clamp((torch.arange(dim // 2, dtype=torch.float32) - low) / (high - low), 0, 1)
        pos_freqs = base ** (torch.arange(0, dim, 2).float() / dim)
        extra = 1 - ramp
        inv_freq = (1.0 / (factor * pos_freqs)) * (1 - extra) + (1.0 / pos_freqs) * extra
    return inv_freq, attention_factor


def rotate_half(x):
    x1, x2 = x[..., : x.shape[-1] // 2], x[..., x.shape[-1] // 2:]
    return torch.cat((-x2, x1), dim=-1)


def rms_norm(x, w, eps):
    return w * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def make_llama(folder, dtype, model_type, n_tokens, heads, kv_heads, scaling, shards=1, max_pos=40, bias=False):
    H, L, I, V, eps, hd = 32, 2, 48, 103, 1e-6, 8
    cfg = {"model_type": model_type, "hidden_size": H, "num_hidden_layers": L, "num_attention_heads": heads,
           "num_key_value_heads": kv_heads, "intermediate_size": I, "vocab_size": V,
           "max_position_embeddings": max_pos, "rms_norm_eps": eps, "rope_theta": 10000.0, "hidden_act": "silu",
           "head_dim": hd, "tie_word_embeddings": False}
    if model_type == "llama":
        cfg["attention_bias"] = bias
    if scaling:
        cfg["rope_scaling"] = scaling
    w = {"model.embed_tokens.weight": rand(V, H), "model.norm.weight": 1 + rand(H), "lm_head.weight": rand(V, H)}
    for i in range(L):
        p = "model.layers.%d." % i
        w.update({p + "input_layernorm.weight": 1 + rand(H), p + "post_attention_layernorm.weight": 1 + rand(H),
                  p + "self_attn.q_proj.weight": rand(heads * hd, H), p + "self_attn.k_proj.weight": rand(kv_heads * hd, H),
                  p + "self_attn.v_proj.weight": rand(kv_heads * hd, H), p + "self_attn.o_proj.weight": rand(H, heads * hd),
                  p + "mlp.gate_proj.weight": rand(I, H), p + "mlp.up_proj.weight": rand(I, H),
                  p + "mlp.down_proj.weight": rand(H, I)})
        if bias or model_type == "qwen2":
            w.update({p + "self_attn.q_proj.bias": rand(heads * hd), p + "self_attn.k_proj.bias": rand(kv_heads * hd),
                      p + "self_attn.v_proj.bias": rand(kv_heads * hd)})
    w = {k: stored(v, dtype) for k, v in w.items()}
    write_model(folder, cfg, w, dtype, shards)

    ids = torch.randint(0, V, (n_tokens,))
    n = len(ids)
    inv_freq, att_factor = rope_inv_freq(cfg, hd, n)
    freqs = inv_freq[None, :] * torch.arange(n, dtype=torch.float32)[:, None]
    emb = torch.cat((freqs, freqs), dim=-1)
    cos, sin = emb.cos() * att_factor, emb.sin() * att_factor
    mask = torch.tril(torch.ones(n, n, dtype=torch.bool))
    out = {k: [] for k in ["hidden_states", "attentions", "queries", "keys", "queries_before_rope", "keys_before_rope"]}
    x = w["model.embed_tokens.weight"][ids]
    for i in range(L):
        p = "model.layers.%d." % i
        out["hidden_states"].append(x)
        h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
        proj = lambda name: h @ w[p + "self_attn.%s_proj.weight" % name].T + (
            w[p + "self_attn.%s_proj.bias" % name] if p + "self_attn.%s_proj.bias" % name in w else 0)
        q = proj("q").view(n, heads, hd).transpose(0, 1)
        k = proj("k").view(n, kv_heads, hd).transpose(0, 1)
        v = proj("v").view(n, kv_heads, hd).transpose(0, 1)
        out["queries_before_rope"].append(q.transpose(0, 1).reshape(n, -1))
        out["keys_before_rope"].append(k.transpose(0, 1).reshape(n, -1))
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        out["queries"].append(q.transpose(0, 1).reshape(n, -1))
        out["keys"].append(k.transpose(0, 1).reshape(n, -1))
        k = k.repeat_interleave(heads // kv_heads, dim=0)
        v = v.repeat_interleave(heads // kv_heads, dim=0)
        att = q @ k.transpose(-1, -2) / math.sqrt(hd)
        att = torch.where(mask, att, torch.tensor(torch.finfo(att.dtype).min))
        att = torch.softmax(att, dim=-1, dtype=torch.float32)
        out["attentions"].append(att)
        ctx = (att @ v).transpose(0, 1).reshape(n, heads * hd)
        x = x + ctx @ w[p + "self_attn.o_proj.weight"].T
        h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
        x = x + (F.silu(h @ w[p + "mlp.gate_proj.weight"].T) * (h @ w[p + "mlp.up_proj.weight"].T)) \
            @ w[p + "mlp.down_proj.weight"].T
    out["hidden_states"].append(rms_norm(x, w["model.norm.weight"], eps))
    write_reference(folder, ids.tolist(), out)


def main():
    out = sys.argv[1]
    torch.manual_seed(20261123)
    with torch.no_grad():
        make_bert(os.path.join(out, "bert"), "F32", "bert.", 11)
        make_bert(os.path.join(out, "bert_f16"), "F16", "", 9)
        make_gpt2(os.path.join(out, "gpt2"), "F32", "", 12)
        make_gpt2(os.path.join(out, "gpt2_bf16"), "BF16", "transformer.", 7)
        make_llama(os.path.join(out, "llama_gqa_bf16_llama3"), "BF16", "llama", 13, 4, 2,
                   {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                    "original_max_position_embeddings": 16})
        make_llama(os.path.join(out, "llama_linear_sharded"), "F32", "llama", 10, 4, 4,
                   {"type": "linear", "factor": 2.0}, shards=3, bias=True)
        make_llama(os.path.join(out, "llama_dynamic_f16"), "F16", "llama", 20, 4, 1,
                   {"type": "dynamic", "factor": 2.0}, max_pos=16)
        make_llama(os.path.join(out, "qwen2_yarn"), "F32", "qwen2", 12, 4, 1,
                   {"type": "yarn", "factor": 4.0, "original_max_position_embeddings": 16})
        make_llama(os.path.join(out, "llama_plain"), "F32", "llama", 9, 2, 2, None)


if __name__ == "__main__":
    main()
