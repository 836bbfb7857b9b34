// The same word in several sentences, followed through the encoder's layers ("bank" beside
// "river", "money", "blood"): its vector after each layer, and a 2-D picture of those paths
// among the word's static neighbours (a PCA fitted on the paths and the neighbours together).
#pragma once
#include "encoder.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class Tokenizer;
class VectorTable;

struct WordInContext {
    std::string sentence;
    int64_t token = -1;                      // the word's first token in the sentence
    std::vector<std::vector<float>> layers;  // layers + 1 vectors (embedding output first)
};

// The word is matched against each token's text lower-cased with its marker stripped (Ġ, ▁,
// ##); a sentence without it throws es::Error naming the sentence.
std::vector<WordInContext> word_in_contexts(Encoder& encoder, const Tokenizer& tokenizer, std::string_view word,
                                            const std::vector<std::string>& sentences);

struct TrajectoryPlot {
    std::vector<std::vector<std::array<float, 2>>> paths;  // [sentence][layer] (x, y)
    std::vector<std::string> neighbour_words;
    std::vector<std::array<float, 2>> neighbours;          // static vectors of neighbour_words
    std::array<double, 2> explained_ratio{0, 0};
};

// Projects the paths (and, when `table` has the vectors' dimension, the `neighbour_count`
// static neighbours of the word and of the paths' last points) onto their first two principal
// components.
TrajectoryPlot project_trajectories(const std::vector<WordInContext>& contexts, std::string_view word,
                                    const VectorTable* table, size_t neighbour_count);

} // namespace es
