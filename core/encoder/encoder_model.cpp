#include "encoder/encoder_model.h"

#include "base/error.h"
#include "encoder/attention_step.h"
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
    std::vector<std::string>* warnings;  // a tensor with NaN or infinite weights is named here

    std::vector<float> host(const std::string& name, std::vector<int64_t> shape) const {
        std::vector<float> v = st.load(prefix + name, shape);
        size_t bad = 0, first = 0;
        for (size_t i = 0; i < v.size(); ++i)
            if (!std::isfinite(v[i]) && bad++ == 0) first = i;
        if (bad)
            warnings->push_back("tensor '" + prefix + name + "' holds " + std::to_string(bad) + " NaN or infinite weight" +
                                (bad > 1 ? "s" : "") + " (the first at element " + std::to_string(first) +
                                "): what depends on it comes out as null");
        return v;
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
    // A dense layer: NAME.weight [out, in] and NAME.bias [out].
    void dense(const std::string& name, int64_t out, int64_t in, TensorPtr& w, TensorPtr& b) const {
        w = matrix(name + ".weight", out, in);
        b = vector(name + ".bias", out);
    }
    // A layer norm: NAME.weight and NAME.bias, both [n].
    void norm(const std::string& name, int64_t n, TensorPtr& w, TensorPtr& b) const {
        w = vector(name + ".weight", n);
        b = vector(name + ".bias", n);
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
        Loader L{st, be, st.has("bert.embeddings.word_embeddings.weight") ? "bert." : "", &m->load_warnings_};
        m->token_embeddings_ = L.host("embeddings.word_embeddings.weight", {c.vocab_size, H});
        m->position_embeddings_ = L.host("embeddings.position_embeddings.weight", {c.max_positions, H});
        m->type_embeddings_ = L.host("embeddings.token_type_embeddings.weight", {c.type_vocab_size, H});
        L.norm("embeddings.LayerNorm", H, m->embed_norm_w_, m->embed_norm_b_);
        for (int64_t i = 0; i < c.layers; ++i) {
            Layer& l = m->layers_[size_t(i)];
            const std::string p = "encoder.layer." + std::to_string(i) + ".";
            L.dense(p + "attention.self.query", H, H, l.wq, l.bq);
            L.dense(p + "attention.self.key", H, H, l.wk, l.bk);
            L.dense(p + "attention.self.value", H, H, l.wv, l.bv);
            L.dense(p + "attention.output.dense", H, H, l.wo, l.bo);
            L.norm(p + "attention.output.LayerNorm", H, l.norm1_w, l.norm1_b);
            L.dense(p + "intermediate.dense", I, H, l.up_w, l.up_b);
            L.dense(p + "output.dense", H, I, l.down_w, l.down_b);
            L.norm(p + "output.LayerNorm", H, l.norm2_w, l.norm2_b);
        }
    } else if (c.family == ModelFamily::Gpt2) {
        Loader L{st, be, st.has("transformer.wte.weight") ? "transformer." : "", &m->load_warnings_};
        m->token_embeddings_ = L.host("wte.weight", {c.vocab_size, H});
        m->position_embeddings_ = L.host("wpe.weight", {c.max_positions, H});
        for (int64_t i = 0; i < c.layers; ++i) {
            Layer& l = m->layers_[size_t(i)];
            const std::string p = "h." + std::to_string(i) + ".";
            L.norm(p + "ln_1", H, l.norm1_w, l.norm1_b);
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
            L.norm(p + "ln_2", H, l.norm2_w, l.norm2_b);
            auto up = L.conv1d(p + "mlp.c_fc.weight", H, I);
            l.up_w = be.from_host(I, H, up.data());
            l.up_b = L.vector(p + "mlp.c_fc.bias", I);
            auto down = L.conv1d(p + "mlp.c_proj.weight", I, H);
            l.down_w = be.from_host(H, I, down.data());
            l.down_b = L.vector(p + "mlp.c_proj.bias", H);
        }
        L.norm("ln_f", H, m->final_norm_w_, m->final_norm_b_);
    } else {
        Loader L{st, be, st.has("model.embed_tokens.weight") ? "model." : "", &m->load_warnings_};
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
    out.warnings = load_warnings_;
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
    DeviceRope rope;
    if (c.uses_rope()) rope = device_rope(be, c.rope_theta, hd, c.rope_scaling, c.max_positions, n);
    if (c.family == ModelFamily::Bert) {
        be.layer_norm(*x, *embed_norm_w_, *embed_norm_b_, float(c.norm_eps), *y);
        std::swap(x, y);
    }
    record(be, *x, out.hidden_states);

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
        attend(be, *q, *k, *v, c.uses_rope() ? &rope : nullptr, shape, opt, *scores, *ctx, out);
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
            record(be, *x, out.hidden_states);
        } else {
            if (llama) be.rms_norm(*x, *final_norm_w_, float(c.norm_eps), *y);
            else be.layer_norm(*x, *final_norm_w_, *final_norm_b_, float(c.norm_eps), *y);
            record(be, *y, out.hidden_states);
        }
    }
    return out;
}

} // namespace es
