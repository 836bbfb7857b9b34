#include "encoder/attention_step.h"

#include "encoder/rope.h"

namespace es {

void record(ComputeBackend& be, const DeviceTensor& t, std::vector<std::vector<float>>& to) {
    to.emplace_back(size_t(t.size()));
    be.download(t, to.back().data());
}

DeviceRope device_rope(ComputeBackend& be, double theta, int64_t head_dim, const RopeScaling& scaling,
                       int64_t max_positions, int64_t tokens) {
    const RopeTable t = rope_table(theta, head_dim, scaling, max_positions, tokens);
    return {be.from_host(tokens, t.half, t.cos.data()), be.from_host(tokens, t.half, t.sin.data())};
}

void attend(ComputeBackend& be, DeviceTensor& q, DeviceTensor& k, const DeviceTensor& v, const DeviceRope* rope,
            const AttentionShape& shape, const EncoderOptions& opt, DeviceTensor& scores, DeviceTensor& ctx,
            EncoderOutput& out) {
    if (rope) {
        if (opt.queries_keys) {
            record(be, q, out.queries_before_rope);
            record(be, k, out.keys_before_rope);
        }
        be.rope(q, shape.heads, *rope->cos, *rope->sin);
        be.rope(k, shape.kv_heads, *rope->cos, *rope->sin);
    }
    if (opt.queries_keys) {
        record(be, q, out.queries);
        record(be, k, out.keys);
    }
    be.attention_scores(q, k, shape, scores);
    be.softmax_rows(scores);
    if (opt.attentions) record(be, scores, out.attentions);
    be.attention_context(scores, v, shape, ctx);
}

} // namespace es
