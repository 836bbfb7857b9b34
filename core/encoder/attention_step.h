// The attention step the model encoder and the built-in encoder share, on any ComputeBackend,
// with the recording of hidden states, queries, keys and probabilities that EncoderOptions asks for.
#pragma once
#include "encoder/compute_backend.h"
#include "encoder/encoder.h"
#include "encoder/model_config.h"

#include <vector>

namespace es {

// Downloads a tensor and appends it to a list of recorded arrays.
void record(ComputeBackend& be, const DeviceTensor& t, std::vector<std::vector<float>>& to);

// RoPE's cos and sin for `tokens` positions on the device, [tokens][head_dim / 2] each.
struct DeviceRope {
    TensorPtr cos, sin;
};
DeviceRope device_rope(ComputeBackend& be, double theta, int64_t head_dim, const RopeScaling& scaling,
                       int64_t max_positions, int64_t tokens);

// Scaled dot-product attention of q and k over v into ctx; scores is [heads · tokens][tokens]
// scratch. With rope, q and k are rotated in place first (so they must be distinct tensors).
void attend(ComputeBackend& be, DeviceTensor& q, DeviceTensor& k, const DeviceTensor& v, const DeviceRope* rope,
            const AttentionShape& shape, const EncoderOptions& opt, DeviceTensor& scores, DeviceTensor& ctx,
            EncoderOutput& out);

} // namespace es
