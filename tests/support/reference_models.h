// Shared by the encoder tests: the random-weight models and PyTorch outputs written by
// make_reference_models.py (run once per test binary), compared within DESIGN.md's tolerance.
#pragma once
#include "encoder/encoder.h"
#include "encoder/safetensors_file.h"
#include "testing/reference_agreement.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <string>
#include <vector>

namespace es::test {

inline const QString& reference_models_dir() {
    static QTemporaryDir dir;
    static bool made = false;
    if (!made) {
        QProcess p;
        p.setProcessChannelMode(QProcess::ForwardedChannels);
        p.start("/usr/bin/python3",
                {QString(EMBEDSCOPE_SOURCE_DIR) + "/tests/encoder/make_reference_models.py", dir.path()});
        if (!p.waitForFinished(300000) || p.exitCode() != 0)
            qFatal("make_reference_models.py failed (Debian's python3-torch is needed)");
        made = true;
    }
    static const QString path = dir.path();
    return path;
}

inline const std::vector<std::string>& reference_model_names() {
    static const std::vector<std::string> names = {"bert", "bert_f16", "gpt2", "gpt2_bf16",
                                                   "llama_gqa_bf16_llama3", "llama_linear_sharded",
                                                   "llama_dynamic_f16", "qwen2_yarn", "llama_plain"};
    return names;
}

// A data row per reference model, in a column "model" (the data function of a test over them all).
inline void add_reference_model_rows() {
    QTest::addColumn<QString>("model");
    for (const auto& n : reference_model_names()) QTest::newRow(n.c_str()) << QString::fromStdString(n);
}

struct Reference {
    std::vector<int64_t> ids;
    std::map<std::string, std::vector<float>> arrays;  // "hidden_states.0", "attentions.1", …
};

inline Reference read_reference(const std::string& model_dir) {
    SafetensorsFile f(model_dir + "/reference.safetensors");
    Reference r;
    for (const auto& [name, t] : f.tensors()) {
        std::vector<float> v(size_t(t.elements()));
        f.read_f32(t, v.data());
        if (name == "ids") {
            for (float x : v) r.ids.push_back(int64_t(x));
        } else {
            r.arrays[name] = std::move(v);
        }
    }
    return r;
}

// Compares every array of the reference with the encoder's output; returns how many matched.
inline int compare_with_reference(Encoder& enc, const Reference& ref, const std::string& label) {
    EncoderOptions opt;
    opt.attentions = true;
    opt.queries_keys = true;
    EncoderOutput out = enc.run(ref.ids, opt);
    int checked = 0;
    for (const auto& [name, want] : ref.arrays) {
        const std::string kind = name.substr(0, name.rfind('.'));
        const size_t index = size_t(std::stoul(name.substr(name.rfind('.') + 1)));
        const std::vector<std::vector<float>>* got =
            kind == "hidden_states"         ? &out.hidden_states
            : kind == "attentions"          ? &out.attentions
            : kind == "queries"             ? &out.queries
            : kind == "keys"                ? &out.keys
            : kind == "queries_before_rope" ? &out.queries_before_rope
            : kind == "keys_before_rope"    ? &out.keys_before_rope
                                            : nullptr;
        if (!got) QTest::qFail(("unknown reference array " + name).c_str(), __FILE__, __LINE__);
        if (index >= got->size()) {
            QTest::qFail((label + ": no " + name + " in the output").c_str(), __FILE__, __LINE__);
            return checked;
        }
        std::string why;
        if (!within_tolerance((*got)[index], want, &why)) {
            QTest::qFail((label + ": " + name + ": " + why).c_str(), __FILE__, __LINE__);
            return checked;
        }
        ++checked;
    }
    return checked;
}

} // namespace es::test
