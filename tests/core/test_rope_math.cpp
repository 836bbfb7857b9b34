// RoPE's geometry against closed forms: a rotation keeps lengths, q·k after the rotation depends
// only on the distance, the spectrum is θᵢ = base^(−2i/d), RoFormer's bound, and the rotation
// is the one the built-in encoder applies to real GloVe vectors.
#include "encoder/builtin_encoder.h"
#include "encoder/cpu_backend.h"
#include "base/data_paths.h"
#include "base/error.h"
#include "analysis/rope_relative_position.h"
#include "analysis/rope_spectrum.h"
#include "testing/synthetic_data.h"
#include "vectors/vector_table.h"

#include <QTest>

#include <cmath>
#include <numbers>
#include <random>

using namespace es;

namespace {
double norm(const std::vector<float>& v) {
    double s = 0;
    for (float x : v) s += double(x) * x;
    return std::sqrt(s);
}
} // namespace

class TestRopeMath : public QObject {
    Q_OBJECT
private slots:
    void spectrum_follows_theta() {
        for (double theta : {10000.0, 500000.0}) {
            const auto s = rope_spectrum(theta, 64);
            QCOMPARE(s.inv_freq.size(), size_t(32));
            for (size_t i = 0; i < 32; ++i) {
                QVERIFY(std::fabs(s.inv_freq[i] - std::pow(theta, -2.0 * double(i) / 64.0)) < 1e-12);
                QVERIFY(std::fabs(s.wavelength[i] - 2 * std::numbers::pi / s.inv_freq[i]) < 1e-9 * s.wavelength[i]);
            }
        }
        RopeScaling linear;
        linear.type = "linear";
        linear.factor = 4;
        const auto plain = rope_spectrum(10000, 64), scaled = rope_spectrum(10000, 64, linear);
        for (size_t i = 0; i < 32; ++i) QVERIFY(std::fabs(scaled.wavelength[i] - 4 * plain.wavelength[i]) < 1e-6 * scaled.wavelength[i]);
        RopeScaling llama3;
        llama3.type = "llama3";
        llama3.factor = 8;
        llama3.original_max_positions = 8192;
        const auto l3 = rope_spectrum(500000, 128, llama3);
        // Short wavelengths (< 8192/4 tokens) are kept, long ones (> 8192) stretched 8×.
        const auto base = rope_spectrum(500000, 128);
        for (size_t i = 0; i < 64; ++i) {
            if (base.wavelength[i] < 2048) QVERIFY(std::fabs(l3.inv_freq[i] - base.inv_freq[i]) < 1e-15);
            if (base.wavelength[i] > 8192) QVERIFY(std::fabs(l3.inv_freq[i] - base.inv_freq[i] / 8) < 1e-15);
        }
        QVERIFY_THROWS_EXCEPTION(Error, rope_spectrum(10000, 7));
    }
    void pairing_is_stated() {
        QCOMPARE(rope_pair_dims(RopePairing::RotateHalf, 64, 3), std::make_pair(int64_t(3), int64_t(35)));
        QCOMPARE(rope_pair_dims(RopePairing::Interleaved, 64, 3), std::make_pair(int64_t(6), int64_t(7)));
    }
    void rotation_keeps_lengths() {
        std::mt19937 rng(1);
        const auto s = rope_spectrum(10000, 64);
        for (auto pairing : {RopePairing::RotateHalf, RopePairing::Interleaved})
            for (double m : {0.0, 1.0, 17.0, 4096.0}) {
                const auto v = test::random_normal_values(64, rng);
                QVERIFY(std::fabs(norm(rope_rotate(v, s.inv_freq, pairing, m)) - norm(v)) < 1e-5 * norm(v));
            }
    }
    void score_depends_only_on_distance() {
        std::mt19937 rng(2);
        const auto s = rope_spectrum(10000, 32);
        const auto q = test::random_normal_values(32, rng), k = test::random_normal_values(32, rng);
        const auto curve = rope_relative_curve(q, k, s.inv_freq, RopePairing::RotateHalf, 64);
        for (int64_t d = 0; d <= 64; ++d) {
            // Closed form per pair (a, b): cos(Δθ)(qa·ka + qb·kb) + sin(Δθ)(qa·kb − qb·ka).
            double want = 0;
            for (int64_t i = 0; i < 16; ++i) {
                const double t = double(d) * double(float(s.inv_freq[size_t(i)]));
                const double qa = q[size_t(i)], qb = q[size_t(i + 16)], ka = k[size_t(i)], kb = k[size_t(i + 16)];
                want += std::cos(t) * (qa * ka + qb * kb) + std::sin(t) * (qa * kb - qb * ka);
            }
            QVERIFY(std::fabs(curve[size_t(d)] - want) < 1e-4);
            for (double m : {3.0, 100.0, 1000.0}) {
                const double shifted = rope_score(q, k, s.inv_freq, RopePairing::RotateHalf, m + double(d), m);
                QVERIFY2(std::fabs(shifted - curve[size_t(d)]) < 2e-3, qPrintable(QString("d %1 m %2").arg(d).arg(m)));
            }
        }
    }
    void decay_bound_and_random_decay() {
        const auto s = rope_spectrum(10000, 64);
        const auto bound = rope_decay_bound(s.inv_freq, 256);
        QVERIFY(std::fabs(bound[0] - (32.0 + 1.0) / 2.0) < 1e-9);  // (1/(d/2)) Σⱼ j at Δ = 0
        QVERIFY(bound[256] < bound[0] / 2);
        const auto random = rope_random_decay(s.inv_freq, 256, 64);
        QVERIFY(std::fabs(random[0] - 1.0) < 1e-6);  // rot(v, 0)·v / |v|²
        double far = 0;
        for (int64_t d = 128; d <= 256; ++d) far += random[size_t(d)] / 129.0;
        QVERIFY(far < 0.5);
        // The mean-pair curve of single rows is the pair's own curve.
        std::mt19937 rng(4);
        const auto q = test::random_normal_values(64, rng), k = test::random_normal_values(64, rng);
        const auto mean = rope_mean_pair_decay(q, k, 64, s.inv_freq, RopePairing::RotateHalf, 10);
        const auto own = rope_relative_curve(q, k, s.inv_freq, RopePairing::RotateHalf, 10);
        for (size_t d = 0; d < own.size(); ++d) QVERIFY(std::fabs(mean[d] - own[d]) < 1e-9);
    }
    void matches_the_builtin_encoder_on_glove() {
        auto table = VectorTable::open_esv(default_table_path());
        BuiltinEncoder enc(table, std::make_shared<CpuBackend>(2), {PositionScheme::Rope, 1});
        std::vector<int64_t> ids;
        for (const char* w : {"the", "river", "bank", "was", "muddy", "after", "the", "rain"}) ids.push_back(*table->lookup(w));
        const auto out = enc.run(ids, {true, true});
        const int64_t d = out.head_dim;
        const auto s = rope_spectrum(10000, d);
        for (int64_t p = 0; p < out.tokens; ++p) {
            std::span<const float> pre(out.queries_before_rope[0].data() + p * d, size_t(d));
            const auto ours = rope_rotate(pre, s.inv_freq, RopePairing::RotateHalf, double(p));
            for (int64_t i = 0; i < d; ++i) QVERIFY(std::fabs(ours[size_t(i)] - out.queries[0][size_t(p * d + i)]) < 1e-4);
        }
    }
};

QTEST_GUILESS_MAIN(TestRopeMath)
#include "test_rope_math.moc"
