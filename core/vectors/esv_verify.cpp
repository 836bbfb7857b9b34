#include "vectors/esv_verify.h"

#include "vectors/vector_table.h"

#include <cmath>
#include <string_view>
#include <unordered_map>

namespace es {

namespace {

constexpr size_t kKeptProblems = 20;

struct Problems {
    EsvVerification& out;
    void add(std::string text) {
        if (out.problems.size() < kKeptProblems) out.problems.push_back(std::move(text));
        ++out.problem_count;
    }
};

std::string row_name(const VectorTable& t, size_t r) { return "row " + std::to_string(r) + " ('" + std::string(t.word(r).substr(0, 40)) + "')"; }

} // namespace

EsvVerification verify_table(const VectorTable& t) {
    EsvVerification out;
    out.rows = t.rows();
    out.dim = t.dim();
    Problems p{out};
    std::unordered_map<std::string_view, size_t> first;
    first.reserve(t.rows());
    for (size_t r = 0; r < t.rows(); ++r) {
        const float* v = t.row(r);
        double sum = 0;
        bool finite = true;
        for (uint32_t j = 0; j < t.dim(); ++j) {
            finite &= std::isfinite(v[j]);
            sum += double(v[j]) * v[j];
        }
        if (!finite) p.add(row_name(t, r) + ": a value is not finite");
        for (size_t j = t.dim(); j < t.stride(); ++j)
            if (v[j] != 0.0f) {
                p.add(row_name(t, r) + ": the padding after the " + std::to_string(t.dim()) + " values is not zero (a changed dimension or moved vectors?)");
                break;
            }
        const double norm = std::sqrt(sum), stored = t.norms()[r];
        if (!(stored >= 0) || (finite && std::abs(stored - norm) > 1e-4 * std::max(1.0, norm)))
            p.add(row_name(t, r) + ": stored norm " + std::to_string(stored) + " is not the row's " + std::to_string(norm));
        const std::string_view w = t.word(r);
        if (const auto [it, fresh] = first.try_emplace(w, r); !fresh)
            p.add(row_name(t, r) + ": the word of row " + std::to_string(it->second) + " again");
        else if (const auto found = t.find_exact(w); !found || *found != r)
            p.add(row_name(t, r) + ": the word index does not find this row");
    }
    return out;
}

EsvVerification verify_esv(const std::string& path) { return verify_table(*VectorTable::open_esv(path)); }

} // namespace es
