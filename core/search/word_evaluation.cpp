#include "search/word_evaluation.h"
#include "base/error.h"
#include "base/progress.h"
#include "base/text_lines.h"
#include "search/analogy.h"
#include "search/cosine_search.h"
#include "vectors/vector_table.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <numeric>
#include <unordered_map>

namespace es {
namespace {

constexpr uint32_t kOov = UINT32_MAX;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || (c >= 0x1c && c <= 0x1f); }

std::string_view strip(std::string_view s, std::string_view chars) {
    while (!s.empty() && chars.find(s.front()) != std::string_view::npos) s.remove_prefix(1);
    while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
    return s;
}

// gensim's ok_vocab: each upper-cased spelling → its first row below `limit`, for the words asked.
class UpperVocabulary {
public:
    uint32_t& want(const std::string& upper) { return rows_.try_emplace(upper, kOov).first->second; }
    void resolve(const VectorTable& table, size_t limit) {
        size_t left = rows_.size();
        for (size_t r = 0; r < limit && left > 0; ++r) {
            auto it = rows_.find(to_upper_utf8(table.word(r)));
            if (it != rows_.end() && it->second == kOov) {
                it->second = uint32_t(r);
                --left;
            }
        }
    }
    uint32_t row(const std::string& upper) const {
        auto it = rows_.find(upper);
        return it == rows_.end() ? kOov : it->second;
    }

private:
    std::unordered_map<std::string, uint32_t> rows_;
};

std::vector<double> ranks(const std::vector<double>& x) {
    std::vector<size_t> idx(x.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::stable_sort(idx.begin(), idx.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
    std::vector<double> r(x.size());
    for (size_t i = 0; i < idx.size();) {
        size_t j = i;
        while (j + 1 < idx.size() && x[idx[j + 1]] == x[idx[i]]) ++j;
        const double avg = (double(i) + double(j)) / 2 + 1;  // ties share their average rank
        for (size_t t = i; t <= j; ++t) r[idx[t]] = avg;
        i = j + 1;
    }
    return r;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    const double n = double(x.size());
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : std::nan("");
}

// Each line of a UTF-8 text file, in order; where() names the file, line and byte of the current
// line for an error. Invalid UTF-8 stops the reading with such an error.
template <class Line>
void for_each_text_line(const std::string& path, Line&& f) {
    const std::string text = read_text_file(path);
    TextLines lines(text);
    std::string_view line;
    const auto where = [&] { return text_position(path, lines.line(), lines.offset()); };
    while (lines.next(line)) {
        if (!is_valid_utf8(line)) throw Error(where() + ": invalid UTF-8");
        f(line, where);
    }
}

} // namespace

AnalogyEvaluation evaluate_analogies(const VectorTable& table, const std::string& path, size_t restrict_rows,
                                     Progress* progress) {
    const size_t limit = std::min(restrict_rows ? restrict_rows : table.rows(), table.rows());
    struct Question {
        size_t section;
        std::array<std::string, 4> words;  // upper-cased
    };
    AnalogyEvaluation ev;
    std::vector<Question> questions;
    UpperVocabulary vocab;
    for_each_text_line(path, [&](std::string_view line, const auto& where) {
        if (line.starts_with(": ")) {
            ev.sections.push_back({std::string(strip(strip(line, ": "), " \t\r\n\v\f")), 0, 0});
            return;
        }
        if (ev.sections.empty()) throw Error(where() + ": a question before the first ': section' line");
        const auto w = split_words(line, is_space);
        if (w.size() != 4) return;  // gensim skips invalid lines
        Question q{ev.sections.size() - 1, {}};
        for (int i = 0; i < 4; ++i) {
            q.words[i] = to_upper_utf8(w[i]);
            vocab.want(q.words[i]);
        }
        questions.push_back(std::move(q));
    });
    vocab.resolve(table, limit);
    ev.questions = questions.size();

    struct Asked {
        size_t question;
        uint32_t rows[3];
        std::vector<float> query;
    };
    std::vector<Asked> asked;
    for (size_t i = 0; i < questions.size(); ++i) {
        const auto& w = questions[i].words;
        uint32_t r[4];
        bool oov = false;
        for (int j = 0; j < 4; ++j) oov |= (r[j] = vocab.row(w[j])) == kOov;
        if (oov) {
            ++ev.oov;
            continue;
        }
        asked.push_back({i, {r[0], r[1], r[2]}, cosadd_query(table, r[0], r[1], r[2])});
    }

    const size_t batch = 4096;
    for (size_t b0 = 0; b0 < asked.size(); b0 += batch) {
        const size_t b1 = std::min(asked.size(), b0 + batch);
        std::vector<CosineQuery> qs;
        for (size_t i = b0; i < b1; ++i) qs.push_back({asked[i].query, {asked[i].rows, 3}});
        CosineSearchStats stats;
        const auto hits = cosine_top_k(table, qs, 5, limit, true, &stats);
        ev.candidates += stats.candidates;
        for (size_t i = b0; i < b1; ++i) {
            const Question& q = questions[asked[i].question];
            const auto& sims = hits[i - b0];
            std::string predicted;
            size_t chosen = sims.size();
            for (size_t s = 0; s < sims.size(); ++s) {
                predicted = to_upper_utf8(table.word(sims[s].row));
                if (predicted != q.words[0] && predicted != q.words[1] && predicted != q.words[2]) {
                    chosen = s;
                    break;
                }
            }
            if (chosen + 1 < sims.size() && std::abs(sims[chosen].score - sims[chosen + 1].score) <= 1e-6f) ++ev.near_ties;
            AnalogySection& sec = ev.sections[q.section];
            if (!sims.empty() && predicted == q.words[3]) ++sec.correct, ++ev.correct;
            else ++sec.incorrect, ++ev.incorrect;
        }
        if (progress) progress->report(float(b1) / float(asked.size()));
    }
    ev.accuracy = ev.correct + ev.incorrect ? double(ev.correct) / double(ev.correct + ev.incorrect) : 0.0;
    return ev;
}

PairEvaluation evaluate_pairs(const VectorTable& table, const std::string& path, size_t restrict_rows) {
    const size_t limit = std::min(restrict_rows ? restrict_rows : table.rows(), table.rows());
    struct Pair {
        std::string a, b;
        double gold;
    };
    std::vector<Pair> pairs;
    UpperVocabulary vocab;
    for_each_text_line(path, [&](std::string_view line, const auto&) {
        if (line.starts_with("#")) return;
        const auto f = split_tabs(line);
        if (f.size() != 3) return;  // gensim skips invalid lines
        const std::string_view num = strip(f[2], " \t\r\n\v\f");
        double gold = 0;
        const auto [end, ec] = std::from_chars(num.data(), num.data() + num.size(), gold);
        if (num.empty() || ec != std::errc() || end != num.data() + num.size()) return;
        Pair p{to_upper_utf8(f[0]), to_upper_utf8(f[1]), gold};
        vocab.want(p.a);
        vocab.want(p.b);
        pairs.push_back(std::move(p));
    });
    vocab.resolve(table, limit);
    PairEvaluation ev;
    std::vector<double> gold, model;
    const uint32_t dim = table.dim();
    for (const Pair& p : pairs) {
        const uint32_t ra = vocab.row(p.a), rb = vocab.row(p.b);
        if (ra == kOov || rb == kOov) {
            ++ev.oov;
            continue;
        }
        const float *va = table.row(ra), *vb = table.row(rb);
        double d = 0;
        for (uint32_t j = 0; j < dim; ++j) d += double(va[j]) * vb[j];
        const double n = double(table.norms()[ra]) * double(table.norms()[rb]);
        gold.push_back(p.gold);
        model.push_back(n > 0 ? d / n : 0.0);
    }
    if (gold.empty()) throw Error(path + ": no pair has both words in the first " + std::to_string(limit) + " words");
    ev.pairs = gold.size();
    ev.pearson = pearson(gold, model);
    ev.spearman = pearson(ranks(gold), ranks(model));
    ev.oov_ratio = double(ev.oov) / double(ev.pairs + ev.oov) * 100.0;
    return ev;
}

} // namespace es
