// tokenizer.json on the command line: `embedscope tokenize --tokenizer FILE|FOLDER` gives the
// core's tokens, and `embedscope encode --model DIR TEXT` reads DIR/tokenizer.json (here a
// random-weight BERT folder with bert-base-uncased's WordPiece tokenizer.json).
#include "support/cli_process.h"
#include "support/tokenizer_peers.h"
#include "testing/bert_tokenizer_json.h"

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

QString q(const std::string& s) { return QString::fromStdString(s); }

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
            CliRun r = run_embedscope({"tokenize", "--tokenizer", q(arg), "--json", "--allow-special", q(text)});
            QVERIFY2(r.code == 0, r.err.constData());
            json o = json::parse(r.out.toStdString());
            auto tokens = HfTokenizer(file).encode(text, {.allow_special = true});
            QCOMPARE(o["tokenizer"].get<std::string>(), std::string("llama3"));
            QCOMPARE(o["tokens"].size(), tokens.size());
            for (size_t i = 0; i < tokens.size(); ++i) {
                QCOMPARE(o["tokens"][i]["id"].get<int64_t>(), tokens[i].id);
                QCOMPARE(o["tokens"][i]["piece"].get<std::string>(), tokens[i].piece);
                QCOMPARE(o["tokens"][i]["start"].get<size_t>(), *tokens[i].start);
            }
            CliRun c = run_embedscope({"tokenize", "--tokenizer", q(arg), "--count", q(text)});
            QCOMPARE(std::stoul(c.out.toStdString()), HfTokenizer(file).count(text));
        }
        QTemporaryDir dir;
        const std::string bad = write_test_file(dir.path().toStdString(), "tokenizer.json", "{\"model\": {\"type\": \"Mystery\"}}");
        CliRun r = run_embedscope({"tokenize", "--tokenizer", q(bad), "hello"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QByteArray::fromStdString(bad + ": model.type: unsupported model \"Mystery\"")), r.err.constData());
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    }

    void encodeModelFolderText() {
        QTemporaryDir dir;
        const std::string model = dir.filePath("bert").toStdString();
        write_random_bert(model, RandomBertShape{1, 32, 2, 64, 30522, 64});
        WordPieceVocab v = read_bert_tokenizer_vocab_json(tokenizer_data_path("bert-base-uncased") + "/vocab.json");
        write_file(model + "/tokenizer.json", bert_tokenizer_json(v, false).dump());
        const std::string text = "The river bank, the money bank!";
        CliRun r = run_embedscope({"encode", "--model", q(model), "--backend", "cpu", "--json", q(text)});
        QVERIFY2(r.code == 0, r.err.constData());
        json o = json::parse(r.out.toStdString());
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
        CliRun by_ids = run_embedscope({"encode", "--model", q(model), "--backend", "cpu", "--json", "--ids", ids.join(',')});
        QVERIFY2(by_ids.code == 0, by_ids.err.constData());
        // The same hidden states as the ids given directly, within DESIGN.md's tolerance.
        std::vector<double> a, b;
        std::function<void(const json&, std::vector<double>&)> flat = [&](const json& x, std::vector<double>& v) {
            if (x.is_array())
                for (const auto& y : x) flat(y, v);
            else
                v.push_back(x.get<double>());
        };
        flat(o["hidden_states"], a);
        flat(json::parse(by_ids.out.toStdString())["hidden_states"], b);
        QCOMPARE(a.size(), b.size());
        QVERIFY(!a.empty());
        double diff = 0, scale = 1;
        for (size_t i = 0; i < a.size(); ++i) diff = std::max(diff, std::abs(a[i] - b[i])), scale = std::max(scale, std::abs(b[i]));
        QVERIFY2(diff <= 1e-4 * scale, qPrintable(QString("max difference %1").arg(diff)));
    }
};

QTEST_GUILESS_MAIN(TestHfCli)
#include "test_hf_cli.moc"
