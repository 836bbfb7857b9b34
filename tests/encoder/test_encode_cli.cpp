// `embedscope encode` as a user runs it: DESIGN.md's JSON for the built-in encoder, and one
// clear line with exit status 1 (2 for bad usage) for every kind of bad input.
#include "encoder/builtin_encoder.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "tokenizers/glove_tokenizer.h"
#include "support/cli_process.h"
#include "testing/json_numbers.h"
#include "testing/reference_agreement.h"
#include "vectors/vector_table.h"

#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <fstream>

using namespace es;

namespace {

// The last line on stderr that is not Qt's own chatter.
bool one_error_line(const QByteArray& err, const char* part) {
    return err.contains("embedscope encode: ") && err.contains(part);
}

} // namespace

class TestEncodeCli : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;

private slots:
    void builtin_json_follows_design() {
        const QString text = "The river bank flooded.";
        auto r = test::run_embedscope({"encode", "--model", "builtin", "--backend", "cpu", "--positions", "rope", "--layers", "3", "--json", text});
        QVERIFY2(r.code == 0, r.err.constData());
        auto j = nlohmann::json::parse(r.out.toStdString());
        QVERIFY(j["model"].get<std::string>().find("untrained") != std::string::npos);
        QCOMPARE(j["backend"].get<std::string>(), std::string("cpu"));
        QCOMPARE(j["trained"].get<bool>(), false);
        // The tokens are GloveTokenizer's, the numbers the library's own on the same input.
        auto table = VectorTable::open_esv(default_table_path());
        auto tokens = GloveTokenizer(table).encode(text.toStdString());
        QCOMPARE(j["tokens"].size(), tokens.size());
        std::vector<int64_t> ids;
        for (size_t i = 0; i < tokens.size(); ++i) {
            QCOMPARE(j["tokens"][i]["id"].get<int64_t>(), tokens[i].id);
            QCOMPARE(j["tokens"][i]["text"].get<std::string>(), tokens[i].text);
            QCOMPARE(j["tokens"][i]["start"].get<size_t>(), *tokens[i].start);
            ids.push_back(tokens[i].id);
        }
        BuiltinEncoder enc(table, std::make_shared<CpuBackend>(1), {PositionScheme::Rope, 3});
        auto out = enc.run(ids);
        const size_t n = tokens.size();
        QCOMPARE(j["hidden_states"].size(), size_t(4));
        QCOMPARE(j["hidden_states"][0].size(), n);
        QCOMPARE(j["hidden_states"][0][0].size(), size_t(table->dim()));
        QCOMPARE(j["attentions"].size(), size_t(3));
        QCOMPARE(j["attentions"][0].size(), size_t(1));  // heads
        QCOMPARE(j["attentions"][0][0].size(), n);
        QCOMPARE(j["attentions"][0][0][0].size(), n);
        std::string why;
        for (size_t l = 0; l < 4; ++l)
            QVERIFY2(test::within_tolerance(test::flat_numbers(j["hidden_states"][l]), out.hidden_states[l], &why), why.c_str());
        for (size_t l = 0; l < 3; ++l)
            QVERIFY2(test::within_tolerance(test::flat_numbers(j["attentions"][l]), out.attentions[l], &why), why.c_str());
    }
    void ids_name_table_rows() {
        auto r = test::run_embedscope({"encode", "--model", "builtin", "--backend", "cpu", "--json", "--ids", "0,1,2"});
        QVERIFY2(r.code == 0, r.err.constData());
        auto j = nlohmann::json::parse(r.out.toStdString());
        auto table = VectorTable::open_esv(default_table_path());
        for (int i = 0; i < 3; ++i)
            QCOMPARE(j["tokens"][i]["text"].get<std::string>(), std::string(table->word(size_t(i))));
        QVERIFY(j["tokens"][0]["start"].is_null());
    }
    void human_output_names_model_and_backend() {
        auto r = test::run_embedscope({"encode", "--model", "builtin", "--backend", "cpu", "money in the bank"});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("untrained"));
        QVERIFY(r.out.contains("backend  cpu"));
    }
    void bad_usage_exits_2() {
        for (const QStringList& a : {QStringList{"encode", "text"}, QStringList{"encode", "--model", "builtin"},
                                     QStringList{"encode", "--model", "builtin", "--backend", "tpu", "x"},
                                     QStringList{"encode", "--model", "builtin", "--ids", "1,x"},
                                     QStringList{"encode", "--model", "builtin", "--ids", "1", "text"}}) {
            auto r = test::run_embedscope(a);
            QVERIFY2(r.code == 2, (a.join(' ').toStdString() + ": " + r.err.toStdString()).c_str());
        }
    }
    void bad_input_exits_1_with_one_line() {
        auto r = test::run_embedscope({"encode", "--model", tmp.path() + "/absent", "--ids", "1"});
        QCOMPARE(r.code, 1);
        QVERIFY2(one_error_line(r.err, "absent"), r.err.constData());

        const QString dir = tmp.path() + "/pickled";
        QDir().mkpath(dir);
        std::ofstream((dir + "/config.json").toStdString()) << R"({"model_type": "bert"})";
        std::ofstream((dir + "/pytorch_model.bin").toStdString()) << "PK\x03\x04";
        r = test::run_embedscope({"encode", "--model", dir, "--ids", "1", "--json"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(one_error_line(r.err, "config.json") || one_error_line(r.err, "pytorch_model.bin"), r.err.constData());

        r = test::run_embedscope({"encode", "--model", "builtin", "--backend", "cpu", "--ids", "999999999"});
        QCOMPARE(r.code, 1);
        QVERIFY2(one_error_line(r.err, "999999999"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestEncodeCli)
#include "test_encode_cli.moc"
