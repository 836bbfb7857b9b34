// The backtracking encoder (tokenizers/backtracking_bpe.h) against the heap merge it replaces
// for long pieces, which follows tiktoken's loop and is checked against tiktoken and
// gpt-tokenizer elsewhere: the same tokens for every real vocabulary on text of many kinds, none
// of it repeated; the same on several threads as on one; refusal of a dictionary that is no
// plain BPE; the tokenizer's own long-piece path; and Hugging Face's BPE (Qwen 3's merges)
// against its own heap merge. (Llama 3 stays on the heap merge: some of its tokens are made from
// a part ranked after them, which the encoder's merge order cannot express.)
#include "tokenizers/backtracking_bpe.h"
#include "tokenizers/bpe_tokenizer.h"
#include "tokenizers/hf/hf_bpe_model.h"
#include "tokenizers/hf/hf_tokenizer.h"
#include "tokenizers/tokenizer_registry.h"

#include <QtTest>

#include <random>

using namespace es;

namespace {

// The heap merge's tokens as (id, length) pairs.
std::vector<std::pair<uint32_t, uint32_t>> by_heap(const BytePairTable& table, std::string_view piece) {
    std::vector<uint32_t> bounds;
    byte_pair_merge(table, piece, bounds);
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (size_t k = 0; k + 1 < bounds.size(); ++k)
        out.push_back({table.find(piece.substr(bounds[k], bounds[k + 1] - bounds[k]))->id, bounds[k + 1] - bounds[k]});
    return out;
}

std::vector<std::pair<uint32_t, uint32_t>> by_backtracking(const BacktrackingBpe& bpe, std::string_view piece,
                                                          size_t threads = 1, size_t bytes_per_thread = 1 << 20) {
    std::vector<uint32_t> tokens;
    if (!bpe.encode(piece, tokens, threads, bytes_per_thread)) return {};
    std::vector<std::pair<uint32_t, uint32_t>> out;
    for (uint32_t t : tokens) out.push_back({bpe.id(t), bpe.length(t)});
    return out;
}

// Text of one kind, `bytes` long or a little more, from a random stream.
std::string sample(int kind, size_t bytes, std::mt19937& rng) {
    static const char* const words[] = {"the", "tokenizer", "ing", "tion", "ly", "re", "un", "Qu", "x", "zz", "aa"};
    static const char* const symbols[] = {" ", "  ", "\n", "\t", "=", "-", "--", "==", "**", "//", "...", "!", "?"};
    static const char* const cjk[] = {"東", "京", "語", "の", "は", "一", "中", "文", "字", "😀", "é", "ß"};
    std::string s;
    auto pick = [&](auto& list) { return list[rng() % std::size(list)]; };
    while (s.size() < bytes) {
        switch (kind) {
        case 0: s += char('a' + rng() % 26); break;                      // random lowercase
        case 1: s += char('a' + rng() % 2); break;                       // two letters: long tokens, many ties
        case 2: s += 'a'; break;                                         // one letter repeated
        case 3: s += char(rng() & 0xFF); break;                          // random bytes, invalid UTF-8 included
        case 4: s += pick(words); break;                                 // word parts run together
        case 5: s += pick(symbols); break;                               // whitespace and punctuation runs
        case 6: s += pick(cjk); break;                                   // CJK, emoji, accents
        case 7: s += char('0' + rng() % 10); break;                      // digits
        default: s += (rng() % 7 == 0) ? std::string("abc") : std::string(1, char('a' + rng() % 3)); break;  // near-periodic
        }
    }
    return s;
}

std::shared_ptr<const BpeTokenizer> bpe_tokenizer(const std::string& name) {
    return std::dynamic_pointer_cast<const BpeTokenizer>(make_tokenizer(name));
}

} // namespace

class TestBacktrackingBpe : public QObject {
    Q_OBJECT

    void agreesWithTheHeapMerge(const std::string& name) {
        const auto tok = bpe_tokenizer(name);
        QVERIFY2(tok, name.c_str());
        const auto bpe = BacktrackingBpe::from_table(tok->table());
        QVERIFY2(bpe, (name + ": the table should be a plain BPE").c_str());
        QCOMPARE(bpe->size(), tok->table().size());
        std::mt19937 rng(std::hash<std::string>{}(name));
        int compared = 0;
        for (int kind = 0; kind < 9; ++kind)
            for (int i = 0; i < 60; ++i) {
                const size_t bytes = 1 + rng() % (i < 40 ? 64 : 2500);
                const std::string text = sample(kind, bytes, rng);
                const auto expected = by_heap(tok->table(), text);
                const auto got = by_backtracking(*bpe, text);
                if (got != expected)
                    QFAIL(qPrintable(QString("%1: kind %2, %3 bytes: %4 tokens by backtracking, %5 by the heap merge")
                                         .arg(name.c_str()).arg(kind).arg(text.size()).arg(got.size()).arg(expected.size())));
                ++compared;
            }
        QCOMPARE(compared, 9 * 60);
    }

    // A tokenizer.json's BPE: the long-piece encoder against the model's heap merge (which the
    // peer tests hold to Hugging Face) on pieces below the long-piece length.
    void hfAgreesWithItsHeapMerge(const char* folder) {
        const HfTokenizer tok(tokenizer_data_path(folder) + "/tokenizer.json");
        const auto* model = dynamic_cast<const HfBpeModel*>(&tok.model());
        QVERIFY(model);
        const BacktrackingBpe* bpe = model->long_piece_encoder();
        QVERIFY2(bpe, folder);
        std::mt19937 rng(std::hash<std::string>{}(folder));
        for (int kind = 0; kind < 9; ++kind)
            for (int i = 0; i < 50; ++i) {
                const std::string text = sample(kind, 1 + rng() % (i < 30 ? 64 : 3000), rng);
                std::vector<ModelToken> heap;
                ModelCache cache;
                model->tokenize(text, heap, cache);
                std::vector<uint32_t> tokens;
                QVERIFY(bpe->encode(text, tokens));
                bool same = tokens.size() == heap.size();
                for (size_t k = 0; same && k < tokens.size(); ++k)
                    same = bpe->id(tokens[k]) == heap[k].id && bpe->length(tokens[k]) == heap[k].end - heap[k].start;
                if (!same)
                    QFAIL(qPrintable(QString("%1: kind %2, %3 bytes: %4 tokens by backtracking, %5 by the heap merge")
                                         .arg(folder).arg(kind).arg(text.size()).arg(tokens.size()).arg(heap.size())));
            }
    }

private slots:
    void qwen3AgreesWithItsHeapMerge() { hfAgreesWithItsHeapMerge("qwen3"); }

    void cl100kAgreesWithTheHeapMerge() { agreesWithTheHeapMerge("cl100k_base"); }
    void o200kAgreesWithTheHeapMerge() { agreesWithTheHeapMerge("o200k_base"); }
    void r50kAgreesWithTheHeapMerge() { agreesWithTheHeapMerge("r50k_base"); }
    void gpt2FolderAgreesWithTheHeapMerge() { agreesWithTheHeapMerge("gpt2"); }

    // Windows joined at a compatible common boundary give one thread's tokens exactly; periodic
    // text, where windows may never share a boundary, falls back and still agrees.
    void threadsGiveOneThreadsTokens() {
        const auto tok = bpe_tokenizer("cl100k_base");
        const auto bpe = BacktrackingBpe::from_table(tok->table());
        QVERIFY(bpe);
        std::mt19937 rng(5);
        for (int kind = 0; kind < 9; ++kind) {
            const std::string text = sample(kind, 60000 + rng() % 5000, rng);
            const auto one = by_backtracking(*bpe, text);
            QVERIFY(!one.empty());
            for (size_t threads : {2, 3, 5})
                QVERIFY2(by_backtracking(*bpe, text, threads, 2 * BacktrackingBpe::kOverlap) == one,
                         qPrintable(QString("kind %1, %2 threads").arg(kind).arg(threads)));
        }
    }

    // A long piece through the tokenizer takes the backtracking path: the ids and offsets are
    // those of the heap merge.
    void longPiecesThroughTheTokenizer() {
        const auto tok = bpe_tokenizer("o200k_base");
        std::mt19937 rng(11);
        const std::string word = sample(0, BpeTokenizer::kLongPiece * 3, rng);  // one piece: letters only
        const std::vector<Token> tokens = tok->encode(word);
        const auto expected = by_heap(tok->table(), word);
        QCOMPARE(tokens.size(), expected.size());
        size_t at = 0;
        for (size_t k = 0; k < tokens.size(); ++k) {
            QCOMPARE(uint32_t(tokens[k].id), expected[k].first);
            QCOMPARE(tokens[k].start, at);
            at += expected[k].second;
            QCOMPARE(tokens[k].end, at);
        }
        QVERIFY(tok->long_piece_encoder());
    }

    // Dictionaries the encoder cannot serve are refused; the tokenizer then merges with the heap.
    void dictionariesThatAreNoPlainBpeAreRefused() {
        auto with_bytes = [] {
            BytePairTable t;
            for (int b = 0; b < 256; ++b) t.add(std::string(1, char(b)), uint32_t(b), uint32_t(b));
            return t;
        };
        BytePairTable plain = with_bytes();
        plain.add("ab", 256, 256);
        plain.add("abc", 257, 257);
        QVERIFY(BacktrackingBpe::from_table(plain));

        BytePairTable unmade = with_bytes();
        unmade.add("abcd", 256, 256);  // no pair of tokens makes it: only a whole piece could be it
        QVERIFY(!BacktrackingBpe::from_table(unmade));
        const BpeTokenizer tok("unmade", R"(\S+|\s+)", unmade, {});
        const std::string long_word = std::string(BpeTokenizer::kLongPiece, 'x') + "abcd";
        QCOMPARE(tok.encode_ids(long_word).size(), long_word.size());  // bytes: "abcd" is never merged inside a piece
        QVERIFY(!tok.long_piece_encoder());

        BytePairTable no_byte;
        for (int b = 1; b < 256; ++b) no_byte.add(std::string(1, char(b)), uint32_t(b), uint32_t(b));
        QVERIFY(!BacktrackingBpe::from_table(no_byte));
    }
};

QTEST_GUILESS_MAIN(TestBacktrackingBpe)
#include "test_backtracking_bpe.moc"
