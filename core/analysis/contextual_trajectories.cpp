#include "analysis/contextual_trajectories.h"

#include "base/error.h"
#include "search/neighbours.h"
#include "tokenizers/tokenizer.h"
#include "vectors/vector_table.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cctype>
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

} // namespace es
