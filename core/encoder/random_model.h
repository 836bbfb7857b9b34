// A BERT model folder with random weights (config.json + model.safetensors, F32), for
// benchmarks and GPU checks that need a full-size model and may download nothing.
#pragma once
#include <cstdint>
#include <string>

namespace es {

struct RandomBertShape {
    int64_t layers = 12, hidden = 768, heads = 12, ffn = 3072, vocab = 30522, positions = 512;
};

// Writes the folder `dir` (created if absent); weights uniform with BERT's 0.02 spread, norm
// weights near 1. Throws es::Error naming the file it cannot write.
void write_random_bert(const std::string& dir, const RandomBertShape& shape, uint64_t seed = 1);

} // namespace es
