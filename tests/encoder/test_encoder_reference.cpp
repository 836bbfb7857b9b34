// The CPU backend against PyTorch on random-weight BERT, GPT-2, Llama and Qwen 2 models:
// every hidden state, attention matrix, query and key within DESIGN.md's tolerance.
#include "encoder/cpu_backend.h"
#include "encoder/encoder_model.h"
#include "base/error.h"
#include "support/reference_models.h"

#include <QTest>

using namespace es;

class TestEncoderReference : public QObject {
    Q_OBJECT
private slots:
    void agrees_with_pytorch_data() {
        test::add_reference_model_rows();
    }
    void agrees_with_pytorch() {
        QFETCH(QString, model);
        const std::string dir = (test::reference_models_dir() + "/" + model).toStdString();
        auto enc = EncoderModel::load(dir, std::make_shared<CpuBackend>(2));
        auto ref = test::read_reference(dir);
        const int checked = test::compare_with_reference(*enc, ref, model.toStdString());
        QCOMPARE(size_t(checked), ref.arrays.size());
        QVERIFY(checked >= 3 * enc->config().layers + 1);
    }
    void long_input_is_truncated_with_a_warning() {
        auto enc = EncoderModel::load((test::reference_models_dir() + "/gpt2").toStdString(), std::make_shared<CpuBackend>(1));
        std::vector<int64_t> ids(size_t(enc->max_positions() + 5), 3);
        auto out = enc->run(ids, {false, false});
        QCOMPARE(out.tokens, enc->max_positions());
        QCOMPARE(out.warnings.size(), size_t(1));
        QVERIFY(out.warnings[0].find("truncated") != std::string::npos);
    }
    void id_outside_vocabulary_is_an_error() {
        auto enc = EncoderModel::load((test::reference_models_dir() + "/bert").toStdString(), std::make_shared<CpuBackend>(1));
        std::vector<int64_t> ids = {1, 2, enc->vocab_size()};
        try {
            enc->run(ids);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("outside the vocabulary") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestEncoderReference)
#include "test_encoder_reference.moc"
