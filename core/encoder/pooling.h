// Sentence embeddings from the last hidden state: the first token (BERT's [CLS]), the mean
// over all tokens (as sentence-transformers pools, every token attended), or the last token
// (causal models).
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace es {

enum class Pooling { Cls, Mean, Last };

std::optional<Pooling> pooling_from_name(std::string_view name);  // "cls", "mean", "last"
// hidden: [tokens][dim]; throws es::Error when there are no tokens.
std::vector<float> pool(std::span<const float> hidden, int64_t tokens, int64_t dim, Pooling how);

} // namespace es
