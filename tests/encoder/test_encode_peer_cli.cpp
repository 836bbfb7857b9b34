// The command line against PyTorch: `embedscope encode --ids` on the reference models gives
// PyTorch's hidden states and attentions; `embedscope bench encode --smoke` runs end to end,
// PyTorch included (a smoke only: the test checks figures exist, never how fast).
#include "reference_models.h"

#include <QProcess>
#include <QTest>

#include <nlohmann/json.hpp>

using namespace es;

namespace {

std::vector<float> flat(const nlohmann::json& j) {
    std::vector<float> v;
    std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& x) {
        if (x.is_array())
            for (const auto& e : x) walk(e);
        else
            v.push_back(x.get<float>());
    };
    walk(j);
    return v;
}

std::string run(const QStringList& args, int* status) {
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(EMBEDSCOPE_BINARY, args);
    p.waitForFinished(600000);
    *status = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    if (*status != 0) qWarning("%s", p.readAllStandardError().constData());
    return p.readAllStandardOutput().toStdString();
}

} // namespace

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
        auto out = run({"encode", "--model", dir, "--backend", "cpu", "--json", "--ids", ids.join(',')}, &status);
        QCOMPARE(status, 0);
        auto j = nlohmann::json::parse(out);
        QCOMPARE(j["tokens"].size(), ref.ids.size());
        std::string why;
        for (size_t l = 0; l < j["hidden_states"].size(); ++l)
            QVERIFY2(test::within_tolerance(flat(j["hidden_states"][l]), ref.arrays.at("hidden_states." + std::to_string(l)), &why),
                     why.c_str());
        for (size_t l = 0; l < j["attentions"].size(); ++l)
            QVERIFY2(test::within_tolerance(flat(j["attentions"][l]), ref.arrays.at("attentions." + std::to_string(l)), &why),
                     why.c_str());
        QVERIFY(j["hidden_states"].size() >= 3);
    }
    void bench_smoke() {
        int status = 0;
        auto out = run({"bench", "encode", "--smoke", "--json", "--no-gl"}, &status);
        QCOMPARE(status, 0);
        auto j = nlohmann::json::parse(out);
        for (const char* key : {"load_s", "cpu_pass_s", "cpu_pass_with_attentions_s", "peak_rss_mib", "torch_pass_s",
                                "cpu_speedup_vs_torch"})
            QVERIFY2(j.contains(key) && j[key].get<double>() > 0, key);
    }
};

QTEST_GUILESS_MAIN(TestEncodePeerCli)
#include "test_encode_peer_cli.moc"
