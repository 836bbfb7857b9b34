// The command line against PyTorch: `embedscope encode --ids` on the reference models gives
// PyTorch's hidden states and attentions; `embedscope bench encode --smoke` runs end to end,
// PyTorch included (a smoke only: the test checks figures exist, never how fast).
#include "support/cli_process.h"
#include "support/reference_models.h"
#include "testing/json_numbers.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace es;

class TestEncodePeerCli : public QObject {
    Q_OBJECT
private slots:
    void encode_matches_pytorch_data() {
        QTest::addColumn<QString>("model");
        for (const char* m : {"bert", "gpt2_bf16", "llama_gqa_bf16_llama3", "qwen2_yarn"}) QTest::newRow(m) << QString(m);
    }
    void encode_matches_pytorch() {
        QFETCH(QString, model);
        const QString dir = test::reference_models_dir() + "/" + model;
        auto ref = test::read_reference(dir.toStdString());
        QStringList ids;
        for (int64_t id : ref.ids) ids << QString::number(id);
        int status = 0;
        auto out = test::embedscope_stdout({"encode", "--model", dir, "--backend", "cpu", "--json", "--ids", ids.join(',')}, 600000, &status).toStdString();
        QCOMPARE(status, 0);
        auto j = nlohmann::json::parse(out);
        QCOMPARE(j["tokens"].size(), ref.ids.size());
        std::string why;
        for (size_t l = 0; l < j["hidden_states"].size(); ++l)
            QVERIFY2(test::within_tolerance(test::flat_numbers(j["hidden_states"][l]), ref.arrays.at("hidden_states." + std::to_string(l)), &why),
                     why.c_str());
        for (size_t l = 0; l < j["attentions"].size(); ++l)
            QVERIFY2(test::within_tolerance(test::flat_numbers(j["attentions"][l]), ref.arrays.at("attentions." + std::to_string(l)), &why),
                     why.c_str());
        QVERIFY(j["hidden_states"].size() >= 3);
    }
    void bench_smoke() {
        int status = 0;
        auto out = test::embedscope_stdout({"bench", "encode", "--smoke", "--json", "--no-gl"}, 600000, &status).toStdString();
        QCOMPARE(status, 0);
        auto j = nlohmann::json::parse(out);
        for (const char* key : {"load_s", "cpu_pass_s", "cpu_pass_with_attentions_s", "peak_rss_mib", "torch_pass_s",
                                "cpu_speedup_vs_torch"})
            QVERIFY2(j.contains(key) && j[key].get<double>() > 0, key);
    }
};

QTEST_GUILESS_MAIN(TestEncodePeerCli)
#include "test_encode_peer_cli.moc"
