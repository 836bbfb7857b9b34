#include "analysis/contextual_trajectories.h"

#include "base/assertion.h"
#include "base/error.h"
#include "base/utf8_text.h"
#include "search/neighbours.h"
#include "tokenizers/tokenizer.h"
#include "vectors/vector_table.h"

#include <Eigen/Dense>
#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>
#include <set>

namespace es {

namespace {
std::string plain(std::string s) {
    for (const char* marker : {"\xc4\xa0", "\xe2\x96\x81", "##"})
        if (s.rfind(marker, 0) == 0) s.erase(0, std::char_traits<char>::length(marker));
    while (!s.empty() && s.front() == ' ') s.erase(s.begin());
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
} // namespace

std::vector<WordInContext> word_in_contexts(Encoder& encoder, const Tokenizer& tokenizer, std::string_view word,
                                            const std::vector<std::string>& sentences) {
    const std::string want = plain(std::string(word));
    std::vector<WordInContext> out;
    for (const std::string& sentence : sentences) {
        const auto tokens = tokenizer.encode(sentence);
        int64_t at = -1;
        std::vector<int64_t> ids;
        for (size_t i = 0; i < tokens.size(); ++i) {
            ids.push_back(tokens[i].id);
            if (at < 0 && plain(tokens[i].text) == want) at = int64_t(i);
        }
        WordInContext c;
        for (const Token& t : tokens)
            if (plain(t.text) != want && !plain(t.text).empty()) c.context.push_back(plain(t.text));
        if (at < 0) throw Error("contextual embeddings: '" + std::string(word) + "' is not a token of '" + sentence + "'");
        EncoderOutput r = encoder.run(ids, {false, false});
        if (at >= r.tokens) throw Error("contextual embeddings: '" + sentence + "' was truncated before the word");
        c.sentence = sentence;
        c.token = at;
        for (const auto& h : r.hidden_states)
            c.layers.emplace_back(h.begin() + at * r.hidden, h.begin() + (at + 1) * r.hidden);
        out.push_back(std::move(c));
    }
    return out;
}

TrajectoryPlot project_trajectories(const std::vector<WordInContext>& contexts, std::string_view word,
                                    const VectorTable* table, size_t neighbour_count) {
    TrajectoryPlot plot;
    if (contexts.empty() || contexts[0].layers.empty()) return plot;
    const size_t dim = contexts[0].layers[0].size();
    std::vector<std::vector<float>> rows;
    for (const auto& c : contexts)
        for (const auto& v : c.layers) {
            if (v.size() != dim) throw Error("contextual embeddings: vectors of different sizes");
            rows.push_back(v);
        }
    size_t fit_rows = rows.size();
    if (table && table->dim() == dim) {
        std::set<uint32_t> seen;
        const auto self = table->lookup(word);
        if (self) seen.insert(*self);
        auto add = [&](uint32_t row) {
            if (!seen.insert(row).second) return;
            plot.neighbour_words.emplace_back(table->word(row));
            rows.emplace_back(table->row(row), table->row(row) + dim);
        };
        for (const auto& c : contexts)
            for (const std::string& w : c.context)
                if (auto row = table->lookup(w); row && *row >= 100) add(*row);
        plot.context_words = plot.neighbour_words.size();
        fit_rows = rows.size();
        if (self && neighbour_count > 0) {
            const std::vector<float> q(table->row(*self), table->row(*self) + dim);
            for (const Neighbour& nb : nearest(*table, q, neighbour_count, Metric::Cosine, 50000)) add(nb.row);
        }
    }
    Eigen::MatrixXd x(Eigen::Index(rows.size()), Eigen::Index(dim));
    for (size_t i = 0; i < rows.size(); ++i)
        for (size_t d = 0; d < dim; ++d) x(Eigen::Index(i), Eigen::Index(d)) = rows[i][d];
    // Directions, not lengths: residual layers grow the norm, which would otherwise be PC1.
    for (Eigen::Index i = 0; i < x.rows(); ++i)
        if (const double n = x.row(i).norm(); n > 0) x.row(i) /= n;
    const Eigen::RowVectorXd mean = x.topRows(Eigen::Index(fit_rows)).colwise().mean();
    x.rowwise() -= mean;
    const Eigen::MatrixXd cov = x.topRows(Eigen::Index(fit_rows)).transpose() * x.topRows(Eigen::Index(fit_rows));
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
    const double total = std::max(cov.trace(), 1e-300);
    Eigen::MatrixXd basis(Eigen::Index(dim), 2);
    for (int k = 0; k < 2; ++k) {
        const Eigen::Index col = std::max<Eigen::Index>(Eigen::Index(dim) - 1 - k, 0);
        Eigen::VectorXd v = eig.eigenvectors().col(col);
        Eigen::Index arg = 0;
        v.cwiseAbs().maxCoeff(&arg);
        if (v(arg) < 0) v = -v;
        basis.col(k) = v;
        plot.explained_ratio[size_t(k)] = std::max(eig.eigenvalues()(col), 0.0) / total;
    }
    const Eigen::MatrixXd s = x * basis;
    size_t r = 0;
    for (const auto& c : contexts) {
        std::vector<std::array<float, 2>> path;
        for (size_t l = 0; l < c.layers.size(); ++l, ++r) path.push_back({float(s(Eigen::Index(r), 0)), float(s(Eigen::Index(r), 1))});
        plot.paths.push_back(std::move(path));
    }
    for (; r < rows.size(); ++r) plot.neighbours.push_back({float(s(Eigen::Index(r), 0)), float(s(Eigen::Index(r), 1))});
    return plot;
}

std::vector<std::vector<std::array<float, 3>>> project_word_paths(const std::vector<std::vector<std::vector<float>>>& paths,
                                                                  const PcaModel& plane, const VectorTable* table,
                                                                  std::string_view word, bool raw) {
    ES_ASSERT(plane.dim == 0 || plane.components == 3, "project_word_paths: the plane must have 3 components (x, y, z)");
    std::vector<std::vector<std::array<float, 3>>> out;
    if (plane.dim == 0) return out;
    auto norm = [](const float* v, size_t n) {
        double s = 0;
        for (size_t j = 0; j < n; ++j) s += double(v[j]) * v[j];
        return std::sqrt(s);
    };
    double static_length = 0;
    if (table && table->dim() == plane.dim)
        if (const auto row = table->lookup(word)) static_length = norm(table->row(*row), table->dim());
    std::vector<float> scaled(plane.dim);
    for (const auto& layers : paths) {
        std::vector<std::array<float, 3>> path;
        const double length = static_length > 0 || layers.empty() ? static_length : norm(layers[0].data(), layers[0].size());
        for (const auto& v : layers) {
            if (v.size() != plane.dim) break;
            const float* in = v.data();
            if (!raw) {
                const double n = norm(v.data(), v.size());
                for (size_t j = 0; j < v.size(); ++j) scaled[j] = n > 0 ? float(v[j] * (length / n)) : 0.0f;
                in = scaled.data();
            }
            std::array<float, 3> p{};
            project_vector(plane, in, p.data());
            path.push_back(p);
        }
        out.push_back(std::move(path));
    }
    return out;
}

namespace {

// The runs of letters, digits and apostrophes of a text (Unicode's L and N categories), as the
// words a reader sees.
std::vector<std::string> letter_runs(std::string_view text) {
    std::vector<std::string> out;
    std::string run;
    for (size_t i = 0; i < text.size();) {
        const utf8::CodePoint c = utf8::decode(text, i);
        const bool word_char = c.valid && (c.cp == '\'' || (U_GET_GC_MASK(UChar32(c.cp)) & (U_GC_L_MASK | U_GC_N_MASK)) != 0);
        if (word_char) run.append(text.substr(i, c.len));
        else if (!run.empty()) out.push_back(std::exchange(run, {}));
        i += c.len;
    }
    if (!run.empty()) out.push_back(std::move(run));
    return out;
}

// Whitespace runs as one space, none at either end.
std::string collapse_whitespace(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

} // namespace

std::string trajectory_label(std::string_view sentence, std::string_view word, const VectorTable* table,
                             bool frequency_ordered) {
    std::vector<std::string> w = letter_runs(sentence);
    for (std::string& x : w) x = to_lower_utf8(x);
    const std::string want = to_lower_utf8(collapse_whitespace(word));
    std::ptrdiff_t at = -1;
    for (size_t i = 0; i < w.size() && at < 0; ++i)
        if (w[i] == want) at = std::ptrdiff_t(i);
    auto telling = [&](const std::string& lower) {
        if (lower == want) return false;
        if (!frequency_ordered || !table) return utf8::length(lower) >= 4;
        const auto row = table->lookup(lower);
        return row && *row >= 100;
    };
    std::vector<std::ptrdiff_t> picks;
    const auto n = std::ptrdiff_t(w.size());
    if (at >= 0)
        for (std::ptrdiff_t d = 1; d < n && picks.empty(); ++d)
            for (std::ptrdiff_t j : {at - d, at + d})
                if (j >= 0 && j < n && picks.empty() && telling(w[size_t(j)])) picks.push_back(j);
    if (picks.empty()) {
        const std::string s = collapse_whitespace(sentence);
        if (utf8::length(s) <= 28) return s;
        return collapse_whitespace(utf8::prefix(s, 27)) + "\xE2\x80\xA6";
    }
    picks.push_back(at);
    std::sort(picks.begin(), picks.end());
    std::string out;
    for (size_t k = 0; k < picks.size(); ++k) {
        if (k > 0) out += picks[k] == picks[k - 1] + 1 ? " " : " \xE2\x80\xA6 ";
        out += w[size_t(picks[k])];
    }
    return out;
}

} // namespace es
