// The same word in several sentences, followed through the encoder's layers ("bank" beside
// "river", "money", "blood"): its vector after each layer, and a 2-D picture of those paths
// among the word's static neighbours (a PCA fitted on the paths and the neighbours together).
#pragma once
#include "encoder/encoder.h"

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
    std::vector<std::string> context;        // the sentence's other tokens, plain
};

// The word is matched against each token's text lower-cased with its marker stripped (Ġ, ▁,
// ##); a sentence without it throws es::Error naming the sentence.
std::vector<WordInContext> word_in_contexts(Encoder& encoder, const Tokenizer& tokenizer, std::string_view word,
                                            const std::vector<std::string>& sentences);

struct TrajectoryPlot {
    std::vector<std::vector<std::array<float, 2>>> paths;  // [sentence][layer] (x, y)
    std::vector<std::string> neighbour_words;              // context words, then static neighbours
    std::vector<std::array<float, 2>> neighbours;          // their static vectors
    size_t context_words = 0;                              // how many of neighbour_words are context words
    std::array<double, 2> explained_ratio{0, 0};
};

// A 2-D picture of the paths, every vector scaled to unit length (direction, not the norm that
// residual layers grow). When `table` has the vectors' dimension, the plane is fitted on the
// paths and the static vectors of the sentences' less frequent context words (rank ≥ 100), so a
// path is seen leaning towards "river" or "money"; the `neighbour_count` static neighbours of the
// word are projected onto it too.
TrajectoryPlot project_trajectories(const std::vector<WordInContext>& contexts, std::string_view word,
                                    const VectorTable* table, size_t neighbour_count);

} // namespace es
