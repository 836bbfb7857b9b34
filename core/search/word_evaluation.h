// The standard word-vector benchmarks, with gensim's policies (KeyedVectors.
// evaluate_word_analogies / evaluate_word_pairs, case_insensitive=True, dummy4unknown=False):
// only the first `restrict_rows` words count as vocabulary; words compare upper-cased, the first
// (most frequent) row of each upper-cased spelling stands for it; a question or pair with a word
// outside that vocabulary is counted as OOV and left out.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace es {

class VectorTable;
struct Progress;

struct AnalogySection {
    std::string name;
    size_t correct = 0;
    size_t incorrect = 0;
};

struct AnalogyEvaluation {
    std::vector<AnalogySection> sections;  // the file's sections, in order (no total)
    size_t correct = 0, incorrect = 0, oov = 0, questions = 0;
    double accuracy = 0;                   // correct / (correct + incorrect)
    // Answered questions whose best two admissible candidates score within 1e-6 of each other:
    // another summation order may swap them.
    size_t near_ties = 0;
    size_t candidates = 0;                 // rows re-ranked exactly (search statistics)
};

// Google's questions-words.txt format: ": name" opens a section, other lines "a b c d".
// The answer is the best 3CosAdd candidate among the first five that is none of a, b, c.
AnalogyEvaluation evaluate_analogies(const VectorTable& table, const std::string& path, size_t restrict_rows = 300000,
                                     Progress* progress = nullptr);

struct PairEvaluation {
    double pearson = 0, spearman = 0;
    double oov_ratio = 0;  // percent of the valid lines, as gensim reports it
    size_t pairs = 0;      // pairs evaluated
    size_t oov = 0;
};

// WordSim-353 / SimLex-999: "word1<TAB>word2<TAB>score" lines; '#' lines are comments.
PairEvaluation evaluate_pairs(const VectorTable& table, const std::string& path, size_t restrict_rows = 300000);

} // namespace es
