// Word analogies, "A is to B as C is to ?", as gensim answers them:
// - 3CosAdd: most_similar(positive=[B, C], negative=[A]) — the unit vectors of B and C plus the
//   negated unit vector of A, averaged in float32 and normalised (gensim's float32 steps, so the
//   same question ranks the same candidates), ranked by cosine;
// - 3CosMul (Levy & Goldberg 2014): (1+cos(x,B))/2 · (1+cos(x,C))/2 / ((1+cos(x,A))/2 + ε).
// The three inputs are never candidates; rows of norm 0 have no cosine and never rank.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace es {

class VectorTable;

enum class AnalogyMethod { CosAdd, CosMul };
const char* analogy_method_name(AnalogyMethod m);
bool parse_analogy_method(const std::string& s, AnalogyMethod& out);

struct AnalogyCandidate {
    uint32_t row;
    float score;
    size_t rank;  // 1 = best
};

// The answer with its arithmetic, for a view to draw: offset = B − A and target = C + (B − A)
// in the table's own (unnormalised) space; `query` is the unit vector 3CosAdd ranks against.
struct Analogy {
    uint32_t a = 0, b = 0, c = 0;
    AnalogyMethod method = AnalogyMethod::CosAdd;
    std::vector<float> offset;
    std::vector<float> target;
    std::vector<float> query;
    std::vector<AnalogyCandidate> candidates;
};

// gensim's 3CosAdd query vector (float32 steps of get_mean_vector + unitvec).
std::vector<float> cosadd_query(const VectorTable& table, uint32_t a, uint32_t b, uint32_t c);

// `restrict_rows` 0: the whole table. `epsilon` is 3CosMul's (gensim: 1e-6).
Analogy solve_analogy(const VectorTable& table, uint32_t a, uint32_t b, uint32_t c, AnalogyMethod method, size_t k,
                      size_t restrict_rows = 0, double epsilon = 1e-6);

} // namespace es
