// The same word in several sentences, followed through the encoder's layers ("bank" beside
// "river", "money", "blood"): its vector after each layer, and a 2-D picture of those paths
// among the word's static neighbours (a PCA fitted on the paths and the neighbours together).
#pragma once
#include "encoder/encoder.h"
#include "projection/pca.h"

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

// The paths again, in the scatter's space: each layer's vector projected by `plane` (PcaModel of
// 3 components). Scaled first (unless `raw`) to the length of the word's static vector in `table`
// (its direction only: residual layers grow the norm, which carries raw paths far off the
// vocabulary's cloud); a word the table lacks keeps layer 0's length. A vector of another
// dimension than the plane's ends its path there.
std::vector<std::vector<std::array<float, 3>>> project_word_paths(const std::vector<std::vector<std::vector<float>>>& paths,
                                                                  const PcaModel& plane, const VectorTable* table,
                                                                  std::string_view word, bool raw);

// A short name for a path: the sentence's word nearest `word` that says something (rank ≥ 100 in
// a frequency-ordered `table`, else 4 letters or more), in sentence order with the word and
// lower-cased: "river bank", "money … bank". Without one: the sentence, whitespace collapsed and
// cut to 28 characters with "…".
std::string trajectory_label(std::string_view sentence, std::string_view word, const VectorTable* table,
                             bool frequency_ordered);

} // namespace es
