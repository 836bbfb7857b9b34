#include "encoder/encoder_model.h"

#include "base/error.h"
#include "encoder/rope.h"
#include "encoder/safetensors_file.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace es {

struct EncoderModel::Layer {
    TensorPtr wq, wk, wv, bq, bk, bv, wo, bo;
    TensorPtr norm1_w, norm1_b, norm2_w, norm2_b;
    TensorPtr up_w, up_b, gate_w, down_w, down_b;
};

size_t available_memory_bytes() {
    std::ifstream in("/proc/meminfo");
    std::string key;
    size_t kb = 0;
    std::string unit;
    while (in >> key >> kb >> unit)
        if (key == "MemAvailable:") return kb * 1024;
    return 0;
}

namespace {

std::string gib(size_t bytes) {
    std::ostringstream s;
    s.precision(2);
    s << std::fixed << double(bytes) / double(1ull << 30) << " GiB";
    return s.str();
}

struct Loader {
    const SafetensorsModel& st;
    ComputeBackend& be;
    std::string prefix;

    std::vector<float> host(const std::string& name, std::vector<int64_t> shape) const {
        return st.load(prefix + name, shape);
    }
    // A [rows, cols] matrix (a vector is [1, n]).
    TensorPtr matrix(const std::string& name, int64_t rows, int64_t cols) const {
        auto v = host(name, {rows, cols});
        return be.from_host(rows, cols, v.data());
    }
    TensorPtr vector(const std::string& name, int64_t n) const {
        auto v = host(name, {n});
        return be.from_host(1, n, v.data());
    }
    // GPT-2's Conv1D stores [in, out]: transposed here into nn.Linear's [out, in].
    std::vector<float> conv1d(const std::string& name, int64_t in, int64_t out) const {
        auto v = host(name, {in, out});
        std::vector<float> t(v.size());
        for (int64_t i = 0; i < in; ++i)
            for (int64_t o = 0; o < out; ++o) t[size_t(o * in + i)] = v[size_t(i * out + o)];
        return t;
    }
};

} // namespace

EncoderModel::~EncoderModel() = default;

std::string EncoderModel::name() const {
    return std::filesystem::path(dir_).filename().string() + " (" + config_.model_type + ")";
}

std::unique_ptr<EncoderModel> EncoderModel::load(const std::string& dir_in, std::shared_ptr<ComputeBackend> backend) {
    namespace fs = std::filesystem;
    std::string dir = dir_in;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (!fs::is_directory(dir)) throw Error(dir + ": not a model folder (config.json and model.safetensors)");
    std::unique_ptr<EncoderModel> m(new EncoderModel());
    m->dir_ = dir;
    m->backend_ = std::move(backend);
    m->config_ = read_model_config((fs::path(dir) / "config.json").string());
    const ModelConfig& c = m->config_;
    SafetensorsModel st(dir);
    const size_t need = st.f32_bytes(), avail = available_memory_bytes();
    if (avail && need > avail)
        throw Error(dir + ": the model needs " + gib(need) + " as float32 but only " + gib(avail) +
                    " of memory is available");

    ComputeBackend& be = *m->backend_;
    const int64_t H = c.hidden, I = c.intermediate, hd = c.head_dim;
    const int64_t qd = c.heads * hd, kvd = c.kv_heads * hd;
    m->layers_.resize(size_t(c.layers));

    if (c.family == ModelFamily::Bert) {
        Loader L{st, be, st.has("bert.embeddings.word_embeddings.weight") ? "bert." : ""};
        m->token_embeddings_ = L.host("embeddings.word_embeddings.weight", {c.vocab_size, H});
        m->position_embeddings_ = L.host("embeddings.position_embeddings.weight", {c.max_positions, H});
        m->type_embeddings_ = L.host("embeddings.token_type_embeddings.weight", {c.type_vocab_size, H});
        m->embed_norm_w_ = L.vector("embeddings.LayerNorm.weight", H);
        m->embed_norm_b_ = L.vector("embeddings.LayerNorm.bias", H);
        for (int64_t i = 0; i < c.layers; ++i) {
            Layer& l = m->layers_[size_t(i)];
            const std::string p = "encoder.layer." + std::to_string(i) + ".";
            l.wq = L.matrix(p + "attention.self.query.weight", H, H);
            l.bq = L.vector(p + "attention.self.query.bias", H);
            l.wk = L.matrix(p + "attention.self.key.weight", H, H);
            l.bk = L.vector(p + "attention.self.key.bias", H);
            l.wv = L.matrix(p + "attention.self.value.weight", H, H);
            l.bv = L.vector(p + "attention.self.value.bias", H);
            l.wo = L.matrix(p + "attention.output.dense.weight", H, H);
            l.bo = L.vector(p + "attention.output.dense.bias", H);
            l.norm1_w = L.vector(p + "attention.output.LayerNorm.weight", H);
            l.norm1_b = L.vector(p + "attention.output.LayerNorm.bias", H);
            l.up_w = L.matrix(p + "intermediate.dense.weight", I, H);
            l.up_b = L.vector(p + "intermediate.dense.bias", I);
            l.down_w = L.matrix(p + "output.dense.weight", H, I);
            l.down_b = L.vector(p + "output.dense.bias", H);
            l.norm2_w = L.vector(p + "output.LayerNorm.weight", H);
            l.norm2_b = L.vector(p + "output.LayerNorm.bias", H);
        }
    } else if (c.family == ModelFamily::Gpt2) {
        Loader L{st, be, st.has("transformer.wte.weight") ? "transformer." : ""};
        m->token_embeddings_ = L.host("wte.weight", {c.vocab_size, H});
        m->position_embeddings_ = L.host("wpe.weight", {c.max_positions, H});
        for (int64_t i = 0; i < c.layers; ++i) {
            Layer& l = m->layers_[size_t(i)];
            const std::string p = "h." + std::to_string(i) + ".";
            l.norm1_w = L.vector(p + "ln_1.weight", H);
            l.norm1_b = L.vector(p + "ln_1.bias", H);
            auto qkv = L.conv1d(p + "attn.c_attn.weight", H, 3 * H);  // [3H, H] after transposing
            auto qkv_b = L.host(p + "attn.c_attn.bias", {3 * H});
            l.wq = be.from_host(H, H, qkv.data());
            l.wk = be.from_host(H, H, qkv.data() + H * H);
            l.wv = be.from_host(H, H, qkv.data() + 2 * H * H);
            l.bq = be.from_host(1, H, qkv_b.data());
            l.bk = be.from_host(1, H, qkv_b.data() + H);
            l.bv = be.from_host(1, H, qkv_b.data() + 2 * H);
            auto wo = L.conv1d(p + "attn.c_proj.weight", H, H);
            l.wo = be.from_host(H, H, wo.data());
            l.bo = L.vector(p + "attn.c_proj.bias", H);
            l.norm2_w = L.vector(p + "ln_2.weight", H);
            l.norm2_b = L.vector(p + "ln_2.bias", H);
            auto up = L.conv1d(p + "mlp.c_fc.weight", H, I);
            l.up_w = be.from_host(I, H, up.data());
            l.up_b = L.vector(p + "mlp.c_fc.bias", I);
            auto down = L.conv1d(p + "mlp.c_proj.weight", I, H);
            l.down_w = be.from_host(H, I, down.data());
            l.down_b = L.vector(p + "mlp.c_proj.bias", H);
        }
        m->final_norm_w_ = L.vector("ln_f.weight", H);
        m->final_norm_b_ = L.vector("ln_f.bias", H);
    } else {
        Loader L{st, be, st.has("model.embed_tokens.weight") ? "model." : ""};
        m->token_embeddings_ = L.host("embed_tokens.weight", {c.vocab_size, H});
        for (int64_t i = 0; i < c.layers; ++i) {
            Layer& l = m->layers_[size_t(i)];
            const std::string p = "layers." + std::to_string(i) + ".";
            l.norm1_w = L.vector(p + "input_layernorm.weight", H);
            l.wq = L.matrix(p + "self_attn.q_proj.weight", qd, H);
            l.wk = L.matrix(p + "self_attn.k_proj.weight", kvd, H);
            l.wv = L.matrix(p + "self_attn.v_proj.weight", kvd, H);
            if (c.qkv_bias) {
                l.bq = L.vector(p + "self_attn.q_proj.bias", qd);
                l.bk = L.vector(p + "self_attn.k_proj.bias", kvd);
                l.bv = L.vector(p + "self_attn.v_proj.bias", kvd);
            }
            l.wo = L.matrix(p + "self_attn.o_proj.weight", H, qd);
            l.norm2_w = L.vector(p + "post_attention_layernorm.weight", H);
            l.gate_w = L.matrix(p + "mlp.gate_proj.weight", I, H);
            l.up_w = L.matrix(p + "mlp.up_proj.weight", I, H);
            l.down_w = L.matrix(p + "mlp.down_proj.weight", H, I);
        }
        m->final_norm_w_ = L.vector("norm.weight", H);
    }
    return m;
}

EncoderOutput EncoderModel::run(std::span<const int64_t> ids_in, const EncoderOptions& opt) {
    const ModelConfig& c = config_;
    ComputeBackend& be = *backend_;
    EncoderOutput out;
    std::span<const int64_t> ids = ids_in;
    // Learned positions end at max_positions; RoPE goes on (dynamic scaling is made for that).
    if (int64_t(ids.size()) > c.max_positions) {
        if (!c.uses_rope()) {
            out.warnings.push_back("input of " + std::to_string(ids.size()) + " tokens truncated to the model's " +
                                   std::to_string(c.max_positions) + " positions");
            ids = ids.first(size_t(c.max_positions));
        } else if (c.rope_scaling.type != "dynamic") {
            out.warnings.push_back("input of " + std::to_string(ids.size()) + " tokens is longer than the " +
                                   std::to_string(c.max_positions) + " positions the model was trained on");
        }
    }
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= c.vocab_size)
            throw Error(name() + ": token id " + std::to_string(ids[i]) + " at position " + std::to_string(i) +
                        " is outside the vocabulary (0–" + std::to_string(c.vocab_size - 1) + ")");
    const int64_t n = int64_t(ids.size()), H = c.hidden, hd = c.head_dim;
    const int64_t qd = c.heads * hd, kvd = c.kv_heads * hd;
    out.tokens = n;
    out.hidden = H;
    out.heads = c.heads;
    out.kv_heads = c.kv_heads;
    out.head_dim = hd;
    if (n == 0) {
        out.hidden_states.assign(size_t(c.layers + 1), {});
        return out;
    }

    std::vector<float> emb(size_t(n * H));
    for (int64_t t = 0; t < n; ++t)
        for (int64_t d = 0; d < H; ++d) {
            float v = token_embeddings_[size_t(ids[size_t(t)] * H + d)];
            if (!position_embeddings_.empty()) v += position_embeddings_[size_t(t * H + d)];
            if (!type_embeddings_.empty()) v += type_embeddings_[size_t(d)];
            emb[size_t(t * H + d)] = v;
        }
    auto x = be.from_host(n, H, emb.data());
    auto y = be.tensor(n, H), normed = be.tensor(n, H);
    auto q = be.tensor(n, qd), k = be.tensor(n, kvd), v = be.tensor(n, kvd), ctx = be.tensor(n, qd);
    auto scores = be.tensor(c.heads * n, n);
    auto up = be.tensor(n, c.intermediate), gate = be.tensor(n, c.intermediate);
    TensorPtr rope_cos, rope_sin;
    if (c.uses_rope()) {
        RopeTable t = rope_table(c.rope_theta, hd, c.rope_scaling, c.max_positions, n);
        rope_cos = be.from_host(n, t.half, t.cos.data());
        rope_sin = be.from_host(n, t.half, t.sin.data());
    }
    auto save = [&](const DeviceTensor& t, std::vector<std::vector<float>>& to) {
        to.emplace_back(size_t(t.size()));
        be.download(t, to.back().data());
    };
    if (c.family == ModelFamily::Bert) {
        be.layer_norm(*x, *embed_norm_w_, *embed_norm_b_, float(c.norm_eps), *y);
        std::swap(x, y);
    }
    save(*x, out.hidden_states);

    AttentionShape shape{n, c.heads, c.kv_heads, hd, float(1.0 / std::sqrt(double(hd))), c.causal()};
    for (int64_t li = 0; li < c.layers; ++li) {
        const Layer& l = layers_[size_t(li)];
        const bool bert = c.family == ModelFamily::Bert, llama = c.family == ModelFamily::Llama;
        // Attention input: BERT attends on x itself (post-norm), the others on a normed copy.
        const DeviceTensor* in = x.get();
        if (!bert) {
            if (llama) be.rms_norm(*x, *l.norm1_w, float(c.norm_eps), *normed);
            else be.layer_norm(*x, *l.norm1_w, *l.norm1_b, float(c.norm_eps), *normed);
            in = normed.get();
        }
        be.linear(*in, *l.wq, l.bq.get(), *q);
        be.linear(*in, *l.wk, l.bk.get(), *k);
        be.linear(*in, *l.wv, l.bv.get(), *v);
        if (c.uses_rope()) {
            if (opt.queries_keys) {
                save(*q, out.queries_before_rope);
                save(*k, out.keys_before_rope);
            }
            be.rope(*q, c.heads, *rope_cos, *rope_sin);
            be.rope(*k, c.kv_heads, *rope_cos, *rope_sin);
        }
        if (opt.queries_keys) {
            save(*q, out.queries);
            save(*k, out.keys);
        }
        be.attention_scores(*q, *k, shape, *scores);
        be.softmax_rows(*scores);
        if (opt.attentions) save(*scores, out.attentions);
        be.attention_context(*scores, *v, shape, *ctx);
        be.linear(*ctx, *l.wo, l.bo.get(), *y);
        if (bert) {
            be.add(*x, *y);
            be.layer_norm(*y, *l.norm1_w, *l.norm1_b, float(c.norm_eps), *x);
            be.linear(*x, *l.up_w, l.up_b.get(), *up);
            be.gelu(*up, Gelu::Erf);
            be.linear(*up, *l.down_w, l.down_b.get(), *y);
            be.add(*x, *y);
            be.layer_norm(*y, *l.norm2_w, *l.norm2_b, float(c.norm_eps), *x);
        } else {
            be.add(*y, *x);
            if (llama) {
                be.rms_norm(*x, *l.norm2_w, float(c.norm_eps), *normed);
                be.linear(*normed, *l.gate_w, nullptr, *gate);
                be.linear(*normed, *l.up_w, nullptr, *up);
                be.silu_mul(*gate, *up);
            } else {
                be.layer_norm(*x, *l.norm2_w, *l.norm2_b, float(c.norm_eps), *normed);
                be.linear(*normed, *l.up_w, l.up_b.get(), *up);
                be.gelu(*up, Gelu::Tanh);
            }
            be.linear(*up, *l.down_w, l.down_b.get(), *y);
            be.add(*y, *x);
        }
        if (li + 1 < c.layers || bert) {
            save(*x, out.hidden_states);
        } else {
            if (llama) be.rms_norm(*x, *final_norm_w_, float(c.norm_eps), *y);
            else be.layer_norm(*x, *final_norm_w_, *final_norm_b_, float(c.norm_eps), *y);
            save(*y, out.hidden_states);
        }
    }
    return out;
}

} // namespace es
