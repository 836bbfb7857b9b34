// Attention summaries against direct computations on real encoder output (the built-in encoder
// on GloVe, a random BERT and a random causal model): rows sum to 1, the head average, rollout
// against an explicit chain of matrix products, attention to special tokens, the neuron view's
// softmax against the encoder's own attention row, and contextual trajectories.
#include "analysis/attention_aggregates.h"
#include "analysis/rope_head_scores.h"
#include "encoder/builtin_encoder.h"
#include "analysis/contextual_trajectories.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "encoder/encoder_model.h"
#include "base/error.h"
#include "tokenizers/glove_tokenizer.h"
#include "encoder/random_model.h"
#include "vectors/vector_table.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace es;

namespace {

// Rollout by plain loops: Ã = ½·mean_heads + ½·I, rows renormalised, R_l = Ã_l · R_{l−1}.
std::vector<double> direct_rollout(const EncoderOutput& out, size_t layers) {
    const int64_t n = out.tokens, h = out.heads;
    std::vector<double> r(size_t(n * n), 0.0);
    for (int64_t i = 0; i < n; ++i) r[size_t(i * n + i)] = 1;
    for (size_t l = 0; l < layers; ++l) {
        std::vector<double> a(size_t(n * n), 0.0);
        for (int64_t i = 0; i < n; ++i) {
            double sum = 0;
            for (int64_t j = 0; j < n; ++j) {
                double m = 0;
                for (int64_t k = 0; k < h; ++k) m += out.attentions[l][size_t((k * n + i) * n + j)];
                a[size_t(i * n + j)] = 0.5 * m / double(h) + (i == j ? 0.5 : 0.0);
                sum += a[size_t(i * n + j)];
            }
            for (int64_t j = 0; j < n; ++j) a[size_t(i * n + j)] /= sum;
        }
        std::vector<double> next(size_t(n * n), 0.0);
        for (int64_t i = 0; i < n; ++i)
            for (int64_t j = 0; j < n; ++j)
                for (int64_t k = 0; k < n; ++k) next[size_t(i * n + j)] += a[size_t(i * n + k)] * r[size_t(k * n + j)];
        r = next;
    }
    return r;
}

void check_output(const EncoderOutput& out, bool causal) {
    const int64_t n = out.tokens, h = out.heads;
    for (const auto& layer : out.attentions)
        for (int64_t k = 0; k < h; ++k)
            for (int64_t i = 0; i < n; ++i) {
                double row = 0;
                for (int64_t j = 0; j < n; ++j) {
                    const float a = layer[size_t((k * n + i) * n + j)];
                    if (causal && j > i) QCOMPARE(a, 0.0f);
                    row += a;
                }
                QVERIFY(std::fabs(row - 1.0) < 1e-5);
            }
    const auto avg = head_average(out.attentions.back(), h, n);
    for (int64_t i = 0; i < n; ++i) {
        double row = 0;
        for (int64_t j = 0; j < n; ++j) row += avg[size_t(i * n + j)];
        QVERIFY(std::fabs(row - 1.0) < 1e-5);
    }
    const auto rollout = attention_rollout(out.attentions, h, n);
    QCOMPARE(rollout.size(), out.attentions.size());
    for (size_t l = 0; l < rollout.size(); ++l) {
        const auto want = direct_rollout(out, l + 1);
        for (size_t i = 0; i < want.size(); ++i) QVERIFY(std::fabs(rollout[l][i] - want[i]) < 1e-5);
    }
    const std::vector<int64_t> special = {0, n - 1};
    const auto mass = special_token_attention(out.attentions, h, n, special);
    for (size_t l = 0; l < mass.size(); ++l)
        for (int64_t k = 0; k < h; ++k) {
            double want = 0;
            for (int64_t i = 0; i < n; ++i)
                want += out.attentions[l][size_t((k * n + i) * n)] + out.attentions[l][size_t((k * n + i) * n + n - 1)];
            QVERIFY(std::fabs(mass[l][size_t(k)] - want / double(n)) < 1e-5);
        }
    for (int64_t l = 0; l < out.layers(); ++l)
        for (int64_t k = 0; k < h; ++k)
            for (int64_t i = 0; i < n; ++i) {
                const auto b = neuron_breakdown(out, l, k, i, causal);
                for (int64_t j = 0; j < n; ++j) {
                    QVERIFY(std::fabs(b.softmax[size_t(j)] - out.attentions[size_t(l)][size_t((k * n + i) * n + j)]) < 1e-4);
                    double dot = 0;
                    for (int64_t d = 0; d < b.head_dim; ++d) dot += b.product[size_t(j * b.head_dim + d)];
                    if (!b.masked[size_t(j)]) QVERIFY(std::fabs(dot / std::sqrt(double(b.head_dim)) - b.score[size_t(j)]) < 1e-3);
                }
            }
}

} // namespace

class TestAttentionAggregates : public QObject {
    Q_OBJECT
    std::shared_ptr<const VectorTable> table;
    std::shared_ptr<CpuBackend> cpu = std::make_shared<CpuBackend>(2);

private slots:
    void initTestCase() { table = VectorTable::open_esv(default_table_path()); }

    void builtin_encoder_on_glove() {
        BuiltinEncoder enc(table, cpu, {PositionScheme::Rope, 3});
        const auto tokens = GloveTokenizer(table).encode("the bank of the river flooded , so the bank closed early .");
        std::vector<int64_t> ids;
        for (const auto& t : tokens) ids.push_back(t.id);
        check_output(enc.run(ids, {true, true}), false);
    }
    void random_bert_with_four_heads() {
        QTemporaryDir dir;
        write_random_bert(dir.path().toStdString(), RandomBertShape{2, 32, 4, 64, 60, 32}, 5);
        auto model = EncoderModel::load(dir.path().toStdString(), cpu);
        const std::vector<int64_t> ids = {1, 7, 9, 22, 13, 40, 2};
        check_output(model->run(ids, {true, true}), false);
    }
    void bad_indices_are_refused() {
        BuiltinEncoder enc(table, cpu, {PositionScheme::None, 1});
        const auto out = enc.run(std::vector<int64_t>{1, 2, 3}, {true, false});
        QVERIFY_THROWS_EXCEPTION(Error, neuron_breakdown(out, 0, 0, 0, false));  // queries not captured
        const auto full = enc.run(std::vector<int64_t>{1, 2, 3}, {true, true});
        QVERIFY_THROWS_EXCEPTION(Error, neuron_breakdown(full, 0, 0, 3, false));
        QVERIFY_THROWS_EXCEPTION(Error, head_average(std::vector<float>(5), 1, 3));
        const std::vector<int64_t> outside = {3};
        QVERIFY_THROWS_EXCEPTION(Error, special_token_attention(full.attentions, 1, 3, outside));
    }
    void bank_moves_with_its_context() {
        BuiltinEncoder enc(table, cpu, {PositionScheme::None, 2});
        GloveTokenizer tok(table);
        const std::vector<std::string> sentences = {"he sat on the bank of the river", "she took money from the bank",
                                                    "the blood bank needs donors"};
        const auto contexts = word_in_contexts(enc, tok, "bank", sentences);
        QCOMPARE(contexts.size(), size_t(3));
        const auto bank = *table->lookup("bank");
        for (const auto& c : contexts) {
            QCOMPARE(c.layers.size(), size_t(3));
            for (uint32_t d = 0; d < table->dim(); ++d) QCOMPARE(c.layers[0][d], table->row(bank)[d]);  // no positions
        }
        double moved = 0;
        for (uint32_t d = 0; d < table->dim(); ++d) moved += std::fabs(contexts[0].layers[2][d] - contexts[1].layers[2][d]);
        QVERIFY(moved > 0.1);
        const auto plot = project_trajectories(contexts, "bank", table.get(), 8);
        QCOMPARE(plot.paths.size(), size_t(3));
        QCOMPARE(plot.paths[0].size(), size_t(3));
        QVERIFY(!plot.neighbour_words.empty());
        // The sentences' rarer words come first (river, money, blood, donors), then neighbours.
        const auto first = plot.neighbour_words.begin(), context_end = first + long(plot.context_words);
        for (const char* w : {"river", "money", "blood", "donors"}) QVERIFY2(std::find(first, context_end, w) != context_end, w);
        QVERIFY(std::find(first, context_end, "the") == context_end);
        QVERIFY(plot.neighbour_words.size() > plot.context_words);
        QCOMPARE(plot.neighbours.size(), plot.neighbour_words.size());
        // The three layer-0 points coincide: the same static vector.
        QVERIFY(std::fabs(plot.paths[0][0][0] - plot.paths[2][0][0]) < 1e-4);
        QVERIFY(plot.explained_ratio[0] >= plot.explained_ratio[1]);
        QVERIFY_THROWS_EXCEPTION(Error, word_in_contexts(enc, tok, "bank", {"no such word here"}));
    }
    void head_statistics_of_known_patterns() {
        const int64_t n = 5;
        std::vector<float> self(size_t(n * n), 0.0f), uniform(size_t(n * n), 1.0f / float(n));
        for (int64_t i = 0; i < n; ++i) self[size_t(i * n + i)] = 1.0f;
        const HeadStatistics focused = head_statistics(self, n);
        QCOMPARE(focused.mean_entropy_bits, 0.0);
        QCOMPARE(focused.mean_max_weight, 1.0);
        QCOMPARE(focused.mean_distance, 0.0);
        const HeadStatistics spread = head_statistics(uniform, n);
        QVERIFY(std::abs(spread.mean_entropy_bits - std::log2(double(n))) < 1e-6);
        QVERIFY(std::abs(spread.mean_max_weight - 1.0 / double(n)) < 1e-7);
        QVERIFY(std::abs(spread.mean_distance - double(n * n - 1) / double(3 * n)) < 1e-6);  // mean |i − j|
    }
    void rope_head_scores_match_the_attention() {
        BuiltinEncoder enc(table, cpu, {PositionScheme::Rope, 2});
        const auto tokens = GloveTokenizer(table).encode("a quiet harbour town woke before the fishing boats returned");
        std::vector<int64_t> ids;
        for (const auto& t : tokens) ids.push_back(t.id);
        const EncoderOutput out = enc.run(ids, {true, true});
        const int64_t n = out.tokens, hd = out.head_dim, query = 4;
        for (int64_t head = 0; head < out.heads; ++head) {
            const RopeHeadScores s = rope_head_scores(out, 1, head, query, true, false);
            QCOMPARE(int64_t(s.before.size()), n);
            QCOMPARE(int64_t(s.after.size()), n);
            QCOMPARE(int64_t(s.queries.size()), n * hd);
            // After the rotation the scores are what the encoder softmaxed: their softmax is its row.
            const float* row = out.attentions[1].data() + (head * n + query) * n;
            double top = *std::max_element(s.after.begin(), s.after.end()), sum = 0;
            for (double x : s.after) sum += std::exp(x - top);
            for (int64_t j = 0; j < n; ++j) QVERIFY(std::abs(std::exp(s.after[size_t(j)] - top) / sum - row[j]) < 1e-4);
            for (int64_t j = 0; j < n; ++j)
                if (j != query) QVERIFY(row[j] <= row[s.key]);
            QVERIFY(s.key != query);
        }
        QVERIFY_THROWS_EXCEPTION(Error, rope_head_scores(out, 2, 0, 0, true, false));
        QVERIFY_THROWS_EXCEPTION(Error, rope_head_scores(out, 0, out.heads, 0, true, false));
        // A content word: no token's embedding is longer than the one chosen.
        const int64_t longest = longest_embedding_token(out);
        auto norm2 = [&](int64_t t) {
            double n2 = 0;
            for (int64_t i = 0; i < out.hidden; ++i) n2 += std::pow(double(out.hidden_states[0][size_t(t * out.hidden + i)]), 2);
            return n2;
        };
        for (int64_t t = 0; t < n; ++t) QVERIFY(norm2(t) <= norm2(longest));
    }
};

QTEST_GUILESS_MAIN(TestAttentionAggregates)
#include "test_attention_aggregates.moc"
