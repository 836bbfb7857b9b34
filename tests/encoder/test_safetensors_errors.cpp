// Bad input for the model loader: every damaged file or folder gives one es::Error naming the
// file, the tensor and the byte offset where there is one — never a crash.
#include "encoder/cpu_backend.h"
#include "encoder/encoder_model.h"
#include "base/error.h"
#include "encoder/safetensors_file.h"
#include "testing/test_files.h"

#include <cmath>
#include <limits>
#include <cstring>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <random>

using namespace es;

namespace {

struct Entry {
    std::string name;
    std::string dtype = "F32";
    std::vector<int64_t> shape;
};

// A safetensors file whose tensors hold small deterministic values.
std::string safetensors_bytes(const std::vector<Entry>& entries) {
    nlohmann::json h = nlohmann::json::object();
    std::string data;
    for (const auto& e : entries) {
        int64_t n = 1;
        for (auto d : e.shape) n *= d;
        const size_t width = e.dtype == "F32" ? 4 : 2;
        const size_t begin = data.size();
        for (int64_t i = 0; i < n; ++i) {
            float v = 0.01f * float(i % 17);
            char b[4];
            std::memcpy(b, &v, 4);
            data.append(width == 4 ? b : b + 2, width);
        }
        h[e.name] = {{"dtype", e.dtype}, {"shape", e.shape}, {"data_offsets", {begin, data.size()}}};
    }
    std::string json = h.dump();
    std::string out(8, '\0');
    uint64_t len = json.size();
    for (int i = 0; i < 8; ++i) out[size_t(i)] = char((len >> (8 * i)) & 0xff);
    return out + json + data;
}

// A one-layer BERT with hidden 4, 2 heads, vocabulary 6, 8 positions.
nlohmann::json bert_config() {
    return {{"model_type", "bert"}, {"hidden_size", 4}, {"num_hidden_layers", 1}, {"num_attention_heads", 2},
            {"intermediate_size", 8}, {"vocab_size", 6}, {"max_position_embeddings", 8}, {"type_vocab_size", 2}};
}

std::vector<Entry> bert_entries() {
    std::vector<Entry> e = {{"embeddings.word_embeddings.weight", "F32", {6, 4}},
                            {"embeddings.position_embeddings.weight", "F32", {8, 4}},
                            {"embeddings.token_type_embeddings.weight", "F32", {2, 4}},
                            {"embeddings.LayerNorm.weight", "F32", {4}},
                            {"embeddings.LayerNorm.bias", "F32", {4}}};
    const std::string p = "encoder.layer.0.";
    for (const char* n : {"attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"}) {
        e.push_back({p + n + ".weight", "F32", {4, 4}});
        e.push_back({p + n + ".bias", "F32", {4}});
    }
    e.push_back({p + "intermediate.dense.weight", "F32", {8, 4}});
    e.push_back({p + "intermediate.dense.bias", "F32", {8}});
    e.push_back({p + "output.dense.weight", "F32", {4, 8}});
    e.push_back({p + "output.dense.bias", "F32", {4}});
    for (const char* n : {"attention.output.LayerNorm", "output.LayerNorm"}) {
        e.push_back({p + n + ".weight", "F32", {4}});
        e.push_back({p + n + ".bias", "F32", {4}});
    }
    return e;
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

} // namespace

class TestSafetensorsErrors : public QObject {
    Q_OBJECT
    QTemporaryDir tmp;

    QString file(const QString& name, const std::string& bytes) {
        QString p = tmp.path() + "/" + name;
        test::write_file(p.toStdString(), bytes);
        return p;
    }
    QString model(const QString& name, const nlohmann::json& config, const std::string& weights,
                  const QString& weights_name = "model.safetensors") {
        QString d = tmp.path() + "/" + name;
        QDir().mkpath(d);
        test::write_file((d + "/config.json").toStdString(), config.dump());
        test::write_file((d + "/" + weights_name).toStdString(), weights);
        return d;
    }
    std::string load_error(const QString& dir) {
        return error_of([&] { EncoderModel::load(dir.toStdString(), std::make_shared<CpuBackend>(1)); });
    }

private slots:
    void valid_model_loads_and_runs() {
        auto dir = model("ok", bert_config(), safetensors_bytes(bert_entries()));
        auto m = EncoderModel::load(dir.toStdString(), std::make_shared<CpuBackend>(1));
        std::vector<int64_t> ids = {1, 2, 3};
        auto out = m->run(ids);
        QCOMPARE(out.hidden_states.size(), size_t(2));
        QCOMPARE(out.attentions.size(), size_t(1));
        QCOMPARE(out.attentions[0].size(), size_t(2 * 3 * 3));
    }
    void non_finite_weights_are_named() {
        // The word embeddings' element 5 is NaN and element 9 +inf: the data starts after the header.
        std::string bytes = safetensors_bytes(bert_entries());
        uint64_t header = 0;
        std::memcpy(&header, bytes.data(), 8);
        const float nan = std::nanf(""), inf = std::numeric_limits<float>::infinity();
        std::memcpy(bytes.data() + 8 + header + 5 * 4, &nan, 4);
        std::memcpy(bytes.data() + 8 + header + 9 * 4, &inf, 4);
        auto m = EncoderModel::load(model("nan", bert_config(), bytes).toStdString(), std::make_shared<CpuBackend>(1));
        const auto out = m->run(std::vector<int64_t>{1, 2, 3});
        QCOMPARE(out.warnings.size(), size_t(1));
        QVERIFY2(has(out.warnings[0], "tensor 'embeddings.word_embeddings.weight' holds 2 NaN or infinite weights (the first at element 5)"),
                 out.warnings[0].c_str());
        // A model without them says nothing.
        auto clean = EncoderModel::load(model("clean", bert_config(), safetensors_bytes(bert_entries())).toStdString(),
                                        std::make_shared<CpuBackend>(1));
        QVERIFY(clean->run(std::vector<int64_t>{1, 2, 3}).warnings.empty());
    }
    void f16_and_bf16_are_converted() {
        nlohmann::json h = {{"h", {{"dtype", "F16"}, {"shape", {4}}, {"data_offsets", {0, 8}}}},
                            {"b", {{"dtype", "BF16"}, {"shape", {2}}, {"data_offsets", {8, 12}}}}};
        std::string json = h.dump(), b(8, '\0');
        b[0] = char(json.size());
        // F16 1.0, -2.0, 2^-24 (subnormal), 65504; BF16 1.0 (0x3F80), -0.5 (0xBF00).
        const uint16_t words[] = {0x3C00, 0xC000, 0x0001, 0x7BFF, 0x3F80, 0xBF00};
        b += json;
        for (uint16_t w : words) b += std::string{char(w & 0xff), char(w >> 8)};
        SafetensorsFile f(file("halves.safetensors", b).toStdString());
        std::vector<float> v(4), w(2);
        f.read_f32(*f.find("h"), v.data());
        f.read_f32(*f.find("b"), w.data());
        QCOMPARE(v, (std::vector<float>{1.0f, -2.0f, std::ldexp(1.0f, -24), 65504.0f}));
        QCOMPARE(w, (std::vector<float>{1.0f, -0.5f}));
    }
    void truncated_file() {
        auto p = file("short.safetensors", std::string("\x10\x00\x00", 3));
        auto e = error_of([&] { SafetensorsFile f(p.toStdString()); });
        QVERIFY2(has(e, p.toStdString()) && has(e, "truncated") && has(e, "byte 0"), e.c_str());
    }
    void header_length_past_the_end() {
        std::string b = safetensors_bytes({{"w", "F32", {2}}});
        b[5] = 1;  // header length now ~1 TiB
        auto p = file("long_header.safetensors", b);
        auto e = error_of([&] { SafetensorsFile f(p.toStdString()); });
        QVERIFY2(has(e, p.toStdString()) && has(e, "header length") && has(e, "past the end"), e.c_str());
    }
    void bad_json_header() {
        std::string b = safetensors_bytes({{"w", "F32", {2}}});
        b[8] = '[';
        b[9] = '[';
        auto e = error_of([&] { SafetensorsFile f(file("json.safetensors", b).toStdString()); });
        QVERIFY2(has(e, "JSON header") && has(e, "byte 8"), e.c_str());
    }
    void offsets_out_of_range() {
        std::string b = safetensors_bytes({{"w", "F32", {2}}, {"tail", "F32", {4}}});
        b.resize(b.size() - 4);  // the last tensor's bytes are cut
        auto p = file("cut.safetensors", b);
        auto e = error_of([&] { SafetensorsFile f(p.toStdString()); });
        QVERIFY2(has(e, p.toStdString()) && has(e, "'tail'") && has(e, "byte ") && has(e, "out of range"), e.c_str());
    }
    void overlapping_tensors() {
        nlohmann::json h = {{"a", {{"dtype", "F32"}, {"shape", {2}}, {"data_offsets", {0, 8}}}},
                            {"b", {{"dtype", "F32"}, {"shape", {2}}, {"data_offsets", {4, 12}}}}};
        std::string json = h.dump(), b(8, '\0');
        b[0] = char(json.size());
        b += json + std::string(12, '\0');
        auto e = error_of([&] { SafetensorsFile f(file("overlap.safetensors", b).toStdString()); });
        QVERIFY2(has(e, "'b'") && has(e, "overlaps tensor 'a'") && has(e, "byte "), e.c_str());
    }
    void size_contradicts_shape() {
        nlohmann::json h = {{"a", {{"dtype", "F32"}, {"shape", {3}}, {"data_offsets", {0, 8}}}}};
        std::string json = h.dump(), b(8, '\0');
        b[0] = char(json.size());
        b += json + std::string(8, '\0');
        auto e = error_of([&] { SafetensorsFile f(file("shape.safetensors", b).toStdString()); });
        QVERIFY2(has(e, "'a'") && has(e, "do not hold shape [3]"), e.c_str());
    }
    void unknown_dtype() {
        auto e = error_of([&] {
            SafetensorsFile f(file("dtype.safetensors", safetensors_bytes({{"q", "Q4_K", {2}}})).toStdString());
        });
        QVERIFY2(has(e, "'q'") && has(e, "unsupported dtype Q4_K") && has(e, "byte "), e.c_str());
    }
    void missing_tensor() {
        auto entries = bert_entries();
        entries.erase(entries.begin() + 7);
        const std::string gone = (bert_entries().begin() + 7)->name;
        auto dir = model("missing", bert_config(), safetensors_bytes(entries));
        auto e = load_error(dir);
        QVERIFY2(has(e, "model.safetensors") && has(e, "'" + gone + "' is missing"), e.c_str());
    }
    void shape_contradicts_config() {
        auto cfg = bert_config();
        cfg["intermediate_size"] = 16;
        auto dir = model("shape", cfg, safetensors_bytes(bert_entries()));
        auto e = load_error(dir);
        QVERIFY2(has(e, "encoder.layer.0.intermediate.dense.weight") && has(e, "contradicts config.json") &&
                     has(e, "at byte "),
                 e.c_str());
    }
    void unsupported_architecture() {
        auto cfg = bert_config();
        cfg["model_type"] = "t5";
        auto e = load_error(model("t5", cfg, safetensors_bytes(bert_entries())));
        QVERIFY2(has(e, "config.json") && has(e, "'t5' is not supported"), e.c_str());
    }
    void pickled_checkpoint_is_refused_with_how_to_convert() {
        QString d = tmp.path() + "/pickled";
        QDir().mkpath(d);
        test::write_file((d + "/config.json").toStdString(), bert_config().dump());
        test::write_file((d + "/pytorch_model.bin").toStdString(), std::string("PK\x03\x04 archive/data.pkl", 22));
        auto e = load_error(d);
        QVERIFY2(has(e, "pytorch_model.bin") && has(e, "never unpickles") && has(e, "save_file"), e.c_str());
        // Renamed to look like safetensors, it is still recognised by its first bytes.
        auto p = file("renamed.safetensors", std::string("\x80\x02}q\x00(X", 7) + std::string(40, 'x'));
        e = error_of([&] { SafetensorsFile f(p.toStdString()); });
        QVERIFY2(has(e, "pickled") && has(e, "byte 0"), e.c_str());
    }
    void shard_index_names_a_missing_tensor() {
        QString d = model("sharded", bert_config(), safetensors_bytes(bert_entries()), "part-1.safetensors");
        nlohmann::json idx = {{"weight_map", {{"embeddings.word_embeddings.weight", "part-1.safetensors"},
                                              {"not.there", "part-1.safetensors"}}}};
        test::write_file((d + "/model.safetensors.index.json").toStdString(), idx.dump());
        auto e = load_error(d);
        QVERIFY2(has(e, "part-1.safetensors") && has(e, "'not.there'"), e.c_str());
    }
    void every_truncation_and_corruption_is_an_error_not_a_crash() {
        const std::string good = safetensors_bytes(bert_entries());
        int errors = 0;
        for (size_t n = 0; n < good.size(); n += 7) {
            auto p = file("t.safetensors", good.substr(0, n));
            if (!error_of([&] { SafetensorsFile f(p.toStdString()); }).empty()) ++errors;
        }
        QCOMPARE(errors, int((good.size() + 6) / 7));  // every proper prefix is damaged
        std::mt19937 rng(7);
        for (int i = 0; i < 300; ++i) {
            std::string b = good;
            for (int k = 0; k < 4; ++k) b[rng() % 400] = char(rng());
            auto dir = model("fuzz", bert_config(), b);
            try {
                auto m = EncoderModel::load(dir.toStdString(), std::make_shared<CpuBackend>(1));
                std::vector<int64_t> ids = {0, 5};
                m->run(ids);
            } catch (const Error&) {
            }
        }
    }
    void model_larger_than_memory_is_refused_up_front() {
        // A sparse 1 TiB file declaring a 2^29 × 1024 F16 embedding: 2 TiB as float32.
        auto cfg = bert_config();
        cfg["vocab_size"] = int64_t(1) << 29;
        cfg["hidden_size"] = 1024;
        cfg["num_attention_heads"] = 16;
        const uint64_t bytes = (uint64_t(1) << 40);
        nlohmann::json h = {{"embeddings.word_embeddings.weight",
                             {{"dtype", "F16"}, {"shape", {int64_t(1) << 29, 1024}}, {"data_offsets", {0, bytes}}}}};
        std::string json = h.dump(), head(8, '\0');
        for (int i = 0; i < 8; ++i) head[size_t(i)] = char((json.size() >> (8 * i)) & 0xff);
        QString dir = model("huge", cfg, head + json);
        QVERIFY(QFile::resize(dir + "/model.safetensors", qint64(8 + json.size() + bytes)));
        auto e = load_error(dir);
        QFile::remove(dir + "/model.safetensors");
        QVERIFY2(has(e, "huge") && has(e, "2048.00 GiB") && has(e, "available"), e.c_str());
    }
    void model_config_errors_name_the_field() {
        auto cfg = bert_config();
        cfg["num_attention_heads"] = 3;
        auto e = load_error(model("heads", cfg, safetensors_bytes(bert_entries())));
        QVERIFY2(has(e, "config.json") && has(e, "not a multiple"), e.c_str());
        cfg = bert_config();
        cfg.erase("hidden_size");
        e = load_error(model("nohidden", cfg, safetensors_bytes(bert_entries())));
        QVERIFY2(has(e, "'hidden_size' is missing"), e.c_str());
        // Absurd or null values are refused by name before anything is allocated from them.
        const std::vector<std::pair<nlohmann::json, std::string>> absurd = {
            {{{"num_hidden_layers", 2147483647}}, "'num_hidden_layers' is 2147483647, more than"},
            {{{"layer_norm_eps", 1e30}}, "'layer_norm_eps' is 1e+30, outside"},
            {{{"layer_norm_eps", -1e-12}}, "'layer_norm_eps' is -1e-12, outside"},
            {{{"layer_norm_eps", nullptr}}, "'layer_norm_eps' is null"},
            {{{"hidden_size", nullptr}}, "'hidden_size' is null"},
            {{{"max_position_embeddings", 1e12}}, "'max_position_embeddings' must be a positive whole number"},
            {{{"hidden_act", nullptr}}, "'hidden_act' is null"},
        };
        for (const auto& [change, message] : absurd) {
            cfg = bert_config();
            cfg.update(change);
            e = load_error(model("absurd", cfg, safetensors_bytes(bert_entries())));
            QVERIFY2(has(e, "config.json") && has(e, message), (e + " — wanted " + message).c_str());
        }
    }
};

QTEST_GUILESS_MAIN(TestSafetensorsErrors)
#include "test_safetensors_errors.moc"
