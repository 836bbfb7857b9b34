// [SECTION] spectra and test vectors
// [SECTION] set-up and controls
// [SECTION] the frame to draw
// [SECTION] painting
// [SECTION] CSV export
#include "plots/rope_view.h"

#include "analysis/rope_head_scores.h"
#include "analysis/rope_relative_position.h"
#include "analysis/rope_spectrum.h"
#include "base/error.h"
#include "document/views_document.h"
#include "panels/head_controls.h"
#include "plots/views_plot.h"
#include "style/theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>

#include <cmath>
#include <numbers>
#include <random>

namespace es::ui {

// =========================================================================================
// [SECTION] spectra and test vectors
// =========================================================================================

namespace {

constexpr int kMaxDistance = 256;
constexpr int kMaxPosition = 511;

struct Curve {
    QString name;
    std::vector<double> wavelength;
};

// θ 10,000 vs 500,000 and the scalings, for head_dim `hd` (mathematics, no model needed).
std::vector<Curve> spectrum_curves(int64_t hd) {
    std::vector<Curve> out;
    auto add = [&](const QString& name, double theta, RopeScaling s, int64_t max_pos, int64_t seq) {
        out.push_back({name, rope_spectrum(theta, hd, s, max_pos, seq).wavelength});
    };
    add(QStringLiteral("θ = 10,000"), 10000, {}, 4096, 0);
    add(QStringLiteral("θ = 500,000"), 500000, {}, 8192, 0);
    RopeScaling linear;
    linear.type = "linear";
    linear.factor = 4;
    add(QStringLiteral("θ = 10,000, linear ×4"), 10000, linear, 4096, 0);
    RopeScaling dynamic;
    dynamic.type = "dynamic";
    dynamic.factor = 4;
    add(QStringLiteral("θ = 10,000, dynamic NTK ×4 at 16k"), 10000, dynamic, 4096, 16384);
    RopeScaling llama3;
    llama3.type = "llama3";
    llama3.factor = 8;
    llama3.original_max_positions = 8192;
    add(QStringLiteral("θ = 500,000, llama3 ×8"), 500000, llama3, 131072, 0);
    RopeScaling yarn;
    yarn.type = "yarn";
    yarn.factor = 4;
    yarn.original_max_positions = 4096;
    add(QStringLiteral("θ = 10,000, YaRN ×4"), 10000, yarn, 16384, 0);
    return out;
}

std::vector<float> random_unit(int64_t hd, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> g;
    std::vector<float> v(static_cast<size_t>(hd));
    for (float& x : v) x = g(rng);
    return v;
}

} // namespace

// =========================================================================================
// [SECTION] set-up and controls
// =========================================================================================

struct RopeView::Frame {
    QString error;
    QString model;
    bool realRope = false;  // the data's model rotates (RoPE model or builtin with RoPE)
    bool fromData = false;  // q/k are the text's, not random
    int64_t hd = 0, tokens = 0, query = 0, key = 0, layer = 0, head = 0;
    QString queryText, keyText;
    RopeSpectrum spectrum;
    RopePairing pairing = RopePairing::RotateHalf;
    std::vector<float> q, k;             // before rotation
    std::vector<double> relative;        // [Δ]
    std::vector<std::pair<int, double>> shifted;  // (Δ, score at positions (m + Δ, m))
    std::vector<double> bound, random, real;
    std::vector<double> before, after;   // scores per key, before and after rotation
    QStringList keyTokens;
    std::vector<Curve> curves;
    int64_t context = 0;
};

RopeView::RopeView(Session* session, QWidget* parent) : PlotView(session, parent) {
    auto* c = controls();
    int at = 0;
    auto add = [&](QWidget* w) { c->insertWidget(at++, w); };
    play_ = new QPushButton(tr("▶ Play"), this);
    play_->setCheckable(true);
    add(play_);
    position_label_ = new QLabel(this);
    position_label_->setMinimumWidth(130);
    add(position_label_);
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setRange(0, kMaxPosition);
    slider_->setMinimumWidth(220);
    add(slider_);
    heads_ = add_head_controls(this, tr("Query token"), add);
    timer_ = new QTimer(this);
    timer_->setInterval(40);
    connect(timer_, &QTimer::timeout, this, [this] {
        double m = position_ + 0.2;
        if (m > kMaxPosition) m = 0;
        setPosition(m);
    });
    connect(play_, &QPushButton::toggled, this, &RopeView::setPlaying);
    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        if (std::lround(position_) != v) setPosition(v);
    });
    for (QSpinBox* s : {heads_.layer, heads_.head}) connect(s, &QSpinBox::valueChanged, canvas(), qOverload<>(&QWidget::update));
    connect(heads_.token, &QComboBox::currentIndexChanged, canvas(), qOverload<>(&QWidget::update));
    connect(document(), &ViewsDocument::dataChanged, this, &RopeView::syncRanges);
    syncRanges();
    setPosition(position_);
}

void RopeView::syncRanges() {
    auto d = document()->data();
    fit_head_controls(d.get(), heads_, d && d->ok() ? int(longest_embedding_token(d->out)) : 0);
    canvas()->update();
}

void RopeView::setPosition(double m) {
    position_ = std::clamp(m, 0.0, double(kMaxPosition));
    slider_->blockSignals(true);
    slider_->setValue(int(std::lround(position_)));
    slider_->blockSignals(false);
    position_label_->setText(tr("position m = %1").arg(position_, 0, 'f', 1));
    canvas()->update();
}

void RopeView::setPlaying(bool on) {
    if (play_->isChecked() != on) play_->setChecked(on);
    play_->setText(on ? tr("❚❚ Pause") : tr("▶ Play"));
    if (on) timer_->start();
    else timer_->stop();
}

bool RopeView::playing() const { return timer_->isActive(); }

void RopeView::setHead(int layer, int head, int token) {
    heads_.layer->setValue(layer);
    heads_.head->setValue(head);
    heads_.token->setCurrentIndex(token);
}

// =========================================================================================
// [SECTION] the frame to draw
// =========================================================================================

RopeView::Frame RopeView::frame() const {
    Frame f;
    auto d = document()->data();
    const bool ok = d && d->ok();
    f.hd = ok ? d->out.head_dim : 64;
    if (ok && (f.hd < 2 || f.hd % 2)) f.hd = 64;
    f.model = ok ? d->modelName : QString();
    f.realRope = ok && d->rope;
    f.spectrum = rope_spectrum(f.realRope ? d->ropeTheta : 10000.0, f.hd, f.realRope ? d->ropeScaling : RopeScaling{},
                               ok ? d->maxPositions : 2048, ok ? d->out.tokens : 0);
    f.context = ok ? d->maxPositions : 2048;
    f.curves = spectrum_curves(f.hd);
    if (ok && !d->out.queries.empty() && f.hd == d->out.head_dim) {
        const auto& out = d->out;
        f.layer = std::clamp<int64_t>(heads_.layer->value(), 0, out.layers() - 1);
        f.head = std::clamp<int64_t>(heads_.head->value(), 0, out.heads - 1);
        f.tokens = out.tokens;
        f.query = std::clamp<int64_t>(heads_.token->currentIndex(), 0, out.tokens - 1);
        try {
            RopeHeadScores scores = rope_head_scores(out, f.layer, f.head, f.query, f.realRope, d->causal);
            f.q = std::move(scores.q);
            f.k = std::move(scores.k);
            f.key = scores.key;
            f.before = std::move(scores.before);
            f.after = std::move(scores.after);
            f.queryText = d->tokens.value(int(f.query));
            f.keyText = d->tokens.value(int(f.key));
            f.fromData = true;
            for (size_t j = 0; j < f.before.size(); ++j) f.keyTokens << d->tokens.value(int(j));
            // Real decay: every query row of this head against every key row of its kv head.
            f.real = rope_mean_pair_decay(scores.queries, scores.keys, f.hd, f.spectrum.inv_freq, f.pairing, kMaxDistance);
        } catch (const Error& e) {
            f.q = random_unit(f.hd, 1);
            f.k = random_unit(f.hd, 2);
            f.error = QString::fromUtf8(e.what());
        }
    } else {
        f.q = random_unit(f.hd, 1);
        f.k = random_unit(f.hd, 2);
        if (ok) f.error = tr("This encoder gave no queries and keys.");
    }
    f.relative = rope_relative_curve(f.q, f.k, f.spectrum.inv_freq, f.pairing, kMaxDistance);
    for (int dlt : {2, 7, 19, 40, 90, 170}) {
        f.shifted.push_back({dlt, rope_score(f.q, f.k, f.spectrum.inv_freq, f.pairing, position_ + dlt, position_)});
    }
    f.bound = rope_decay_bound(f.spectrum.inv_freq, kMaxDistance);
    f.random = rope_random_decay(f.spectrum.inv_freq, kMaxDistance, 24);
    return f;
}

// =========================================================================================
// [SECTION] painting
// =========================================================================================

bool RopeView::paintContent(QPainter& p, const QRectF& area) {
    auto d = document()->data();
    if (!d) return paintMessage(p, area, tr("Running the encoder…"));
    const Frame f = frame();
    const QRectF body = area.adjusted(8, 6, -8, -6);
    const double w = body.width() / 3, h = body.height() / 2;
    auto cell = [&](int r, int c) { return QRectF(body.left() + c * w, body.top() + r * h, w - 10, h - 8); };
    const double m = position_;

    // [1] The rotation: one circle per pair.
    {
        const QString what = f.fromData ? tr("query of “%1”, layer %2 head %3").arg(f.queryText).arg(f.layer).arg(f.head)
                                        : tr("a random query");
        QRectF r = plot::drawTitle(p, cell(0, 0), tr("Rotation at position m = %1").arg(m, 0, 'f', 1),
                                   what + tr(" — %1 pairs").arg(f.hd / 2));
        const int pairs = int(f.hd / 2);
        const int cols = std::max(1, int(std::ceil(std::sqrt(pairs * r.width() / std::max(r.height(), 1.0)))));
        const int rows = (pairs + cols - 1) / cols;
        const double cw = r.width() / cols, ch = r.height() / rows;
        const double rad = std::max(3.0, std::min(cw, ch) / 2 - 6);
        double biggest = 1e-30;
        for (int i = 0; i < pairs; ++i) {
            const auto [a, b] = rope_pair_dims(f.pairing, f.hd, i);
            biggest = std::max(biggest, std::hypot(double(f.q[size_t(a)]), double(f.q[size_t(b)])));
        }
        p.save();
        p.setFont(plot::labelFont());
        for (int i = 0; i < pairs; ++i) {
            const auto [a, b] = rope_pair_dims(f.pairing, f.hd, i);
            const QPointF c(r.left() + (i % cols + 0.5) * cw, r.top() + (i / cols + 0.5) * ch - 4);
            const double len = std::max(0.45, std::sqrt(std::hypot(double(f.q[size_t(a)]), double(f.q[size_t(b)])) / biggest)) * rad;
            const double a0 = std::atan2(double(f.q[size_t(b)]), double(f.q[size_t(a)]));
            const double a1 = a0 + m * double(float(f.spectrum.inv_freq[size_t(i)]));
            p.setPen(QPen(theme::grid(), 1.2));
            p.setBrush(Qt::NoBrush);
            p.drawEllipse(c, rad, rad);
            auto arrow = [&](double ang, const QColor& col, double width) {
                const QPointF tip = c + QPointF(std::cos(ang), -std::sin(ang)) * len;
                p.setPen(QPen(col, width, Qt::SolidLine, Qt::RoundCap));
                p.drawLine(c, tip);
                const QPointF back = QPointF(std::cos(ang), -std::sin(ang)) * std::min(7.0, len * 0.4);
                const QPointF side = QPointF(std::sin(ang), std::cos(ang)) * std::min(4.0, len * 0.25);
                p.setBrush(col);
                p.setPen(Qt::NoPen);
                p.drawPolygon(QPolygonF({tip, tip - back + side, tip - back - side}));
            };
            arrow(a0, theme::axis(), 1.5);
            arrow(a1, plot::series(0), 2.4);
            if (ch > 34) {
                p.setPen(theme::axisText());
                p.drawText(QRectF(c.x() - cw / 2, c.y() + rad + 1, cw, 14), Qt::AlignCenter,
                           cw > 70 ? QStringLiteral("%1↔%2").arg(a).arg(b) : QString::number(i));
            }
        }
        p.restore();
    }

    // [2] The pairing.
    {
        QRectF r = plot::drawTitle(p, cell(1, 0), tr("Which dimensions turn together"),
                                   f.realRope || !f.fromData ? tr("this model: %1").arg(QString::fromLatin1(rope_pairing_name(f.pairing)))
                                                             : tr("this model has learned positions; RoPE models use the first"));
        p.save();
        p.setFont(plot::labelFont());
        const QFontMetricsF fm(p.font());
        const int shown = int(std::min<int64_t>(f.hd, 32));
        const double bw = std::min(24.0, (r.width() - 20) / shown);
        // Two strips (a label, the arcs, the boxes) over a note, sized to the panel's height.
        const QString note = tr("Pair i turns by m·θᵢ with θᵢ = θ^(−2i/d): the first pairs spin fast, the last barely move. "
                                "First %1 of %2 dimensions shown; colour = pair.").arg(shown).arg(f.hd);
        const double note_h = fm.boundingRect(QRectF(0, 0, r.width() - 8, 1e4), Qt::TextWordWrap, note).height();
        const double block = std::max(0.0, (r.height() - note_h - 4) / 2);
        const double box_h = std::clamp(block * 0.16, 8.0, 16.0);
        const double rise_max = std::max(8.0, block - fm.height() - box_h - 8);
        auto strip = [&](double top, RopePairing pairing, bool used, const QString& label) {
            p.setPen(used ? theme::label() : theme::axisText());
            p.drawText(QRectF(r.left() + 4, top, r.width() - 8, fm.height()), Qt::AlignLeft, label);
            const double y = top + fm.height() + 4 + rise_max;
            const int npairs = shown / 2;
            for (int i = 0; i < shown; ++i) {
                const QRectF box(r.left() + 10 + i * bw, y, bw - 2, box_h);
                int pair = -1;
                for (int k = 0; k < npairs; ++k) {
                    auto [a, b] = rope_pair_dims(pairing, shown, k);
                    if (a == i || b == i) pair = k;
                }
                QColor col = plot::series(pair % 7);
                if (!used) col.setAlpha(110);
                p.fillRect(box, col);
            }
            for (int k = 0; k < std::min(npairs, 6); ++k) {
                auto [a, b] = rope_pair_dims(pairing, shown, k);
                const double xa = r.left() + 10 + (a + 0.5) * bw - 1, xb = r.left() + 10 + (b + 0.5) * bw - 1;
                const double rise = std::min(rise_max, 10 + (xb - xa) * 0.1);
                QPainterPath arc;
                arc.moveTo(xa, y);
                arc.cubicTo(xa, y - rise * 4 / 3, xb, y - rise * 4 / 3, xb, y);  // a cubic peaks at 3/4 of its handles
                QColor col = plot::series(k % 7);
                if (!used) col.setAlpha(110);
                p.setPen(QPen(col, used ? 2.0 : 1.2));
                p.setBrush(Qt::NoBrush);
                p.drawPath(arc);
            }
        };
        const bool half = f.pairing == RopePairing::RotateHalf;
        strip(r.top(), RopePairing::RotateHalf, half,
              tr("rotate-half: i ↔ i + d/2 (HF Llama, Qwen 2)%1").arg(half ? tr(" ← used") : QString()));
        strip(r.top() + block, RopePairing::Interleaved, !half,
              tr("interleaved: 2i ↔ 2i + 1 (RoFormer paper)%1").arg(!half ? tr(" ← used") : QString()));
        p.setPen(theme::axisText());
        p.drawText(QRectF(r.left() + 4, r.top() + 2 * block + 4, r.width() - 8, note_h), Qt::AlignLeft | Qt::TextWordWrap, note);
        p.restore();
    }

    // [3] The spectrum.
    {
        QRectF r = plot::drawTitle(p, cell(0, 1), tr("Wavelength of each pair"),
                                   tr("tokens per turn, 2π/θᵢ · head_dim %1 · log scale").arg(f.hd));
        std::vector<plot::Series> s;
        for (size_t c = 0; c < f.curves.size(); ++c) {
            plot::Series x{f.curves[c].name, {}, plot::series(int(c)), c >= 2 ? Qt::DashLine : Qt::SolidLine};
            for (size_t i = 0; i < f.curves[c].wavelength.size(); ++i) x.points.push_back({double(i), f.curves[c].wavelength[i]});
            s.push_back(std::move(x));
        }
        if (f.realRope) {
            plot::Series x{tr("this model"), {}, theme::label(), Qt::SolidLine};
            x.width = 3;
            for (size_t i = 0; i < f.spectrum.wavelength.size(); ++i) x.points.push_back({double(i), f.spectrum.wavelength[i]});
            s.push_back(std::move(x));
        }
        plot::Axes ax;
        ax.xLabel = tr("pair i");
        ax.yLabel = tr("wavelength (tokens)");
        ax.logY = true;
        ax.hLines.push_back({double(f.context), tr("context %1").arg(f.context)});
        plot::drawLinePlot(p, r, ax, s);
    }

    // [4] Relative position.
    {
        QRectF r = plot::drawTitle(p, cell(1, 1), tr("q·k depends only on the distance"),
                                   f.fromData ? tr("q of “%1”, k of “%2”; dots: the pair placed at (m + Δ, m)").arg(f.queryText, f.keyText)
                                              : tr("random q and k; dots: the pair placed at (m + Δ, m)"));
        plot::Series curve{tr("q·k at positions (Δ, 0)"), {}, plot::series(4)};
        for (size_t i = 0; i < f.relative.size(); ++i) curve.points.push_back({double(i), f.relative[i]});
        plot::Series dots{tr("shifted by m = %1").arg(m, 0, 'f', 1), {}, plot::series(3)};
        dots.markers = true;
        for (const auto& [dl, v] : f.shifted) dots.points.push_back({double(dl), v});
        plot::Axes ax;
        ax.xLabel = tr("distance Δ (tokens)");
        ax.yLabel = tr("q·k");
        plot::drawLinePlot(p, r, ax, {curve, dots});
    }

    // [5] Decay.
    {
        QRectF r = plot::drawTitle(p, cell(0, 2), tr("Long-range decay (RoFormer, Fig. 2)"), tr("each curve divided by its value at Δ = 0"));
        auto norm = [](const std::vector<double>& v, const QString& name, QColor col, Qt::PenStyle st) {
            plot::Series s{name, {}, col, st};
            const double z = v.empty() || v[0] == 0 ? 1.0 : std::fabs(v[0]);
            for (size_t i = 0; i < v.size(); ++i) s.points.push_back({double(i), v[i] / z});
            return s;
        };
        std::vector<plot::Series> s = {norm(f.bound, tr("upper bound (1/(d/2)) Σ|Sⱼ|"), plot::series(0), Qt::SolidLine),
                                       norm(f.random, tr("random vectors, q = k"), plot::series(1), Qt::SolidLine)};
        if (!f.real.empty()) s.push_back(norm(f.real, tr("this head's mean q and k"), plot::series(2), Qt::DashLine));
        plot::Axes ax;
        ax.xLabel = tr("relative distance Δ");
        ax.yLabel = tr("relative score");
        plot::drawLinePlot(p, r, ax, s);
    }

    // [6] Real scores.
    {
        QRectF r = plot::drawTitle(p, cell(1, 2),
                                   f.realRope ? tr("Scores of “%1”: before vs after rotation").arg(f.queryText)
                                              : tr("Scores of “%1” (no rotation in this model)").arg(f.queryText),
                                   f.fromData ? tr("%1 · layer %2 head %3 · q·k/√d per key").arg(f.model).arg(f.layer).arg(f.head)
                                              : f.error);
        if (!f.before.empty()) {
            plot::Series b{tr("before RoPE"), {}, plot::series(1)}, a{tr("after RoPE"), {}, plot::series(3)};
            plot::Series bm = b, am = a;
            bm.markers = am.markers = true;
            bm.name.clear();
            am.name.clear();
            for (size_t j = 0; j < f.before.size(); ++j) {
                b.points.push_back({double(j), f.before[j]});
                bm.points.push_back(b.points.back());
                if (j < f.after.size()) {
                    a.points.push_back({double(j), f.after[j]});
                    am.points.push_back(a.points.back());
                }
            }
            plot::Axes ax;
            ax.xLabel = QFontMetricsF(plot::labelFont())
                            .elidedText(tr("key position (tokens: %1)").arg(f.keyTokens.join(QLatin1Char(' '))), Qt::ElideRight,
                                        r.width() * 0.7);
            ax.yLabel = tr("score");
            std::vector<plot::Series> s = {b, bm};
            if (!f.after.empty()) s.insert(s.end(), {a, am});
            plot::drawLinePlot(p, r, ax, s);
        } else {
            paintMessage(p, r, d->error.isEmpty() ? tr("No text to score.") : d->error);
        }
    }
    return true;
}

// =========================================================================================
// [SECTION] CSV export
// =========================================================================================

std::vector<PlotView::CsvTable> RopeView::csvTables() const {
    const Frame f = frame();
    std::vector<CsvTable> out;
    CsvTable rot{QStringLiteral("rope_rotation"),
                 {QStringLiteral("pair"), QStringLiteral("dim_a"), QStringLiteral("dim_b"), QStringLiteral("theta"),
                  QStringLiteral("wavelength"), QStringLiteral("x0"), QStringLiteral("y0"), QStringLiteral("x_m"),
                  QStringLiteral("y_m"), QStringLiteral("m")},
                 {}};
    const auto rotated = rope_rotate(f.q, f.spectrum.inv_freq, f.pairing, position_);
    for (int64_t i = 0; i < f.hd / 2; ++i) {
        const auto [a, b] = rope_pair_dims(f.pairing, f.hd, i);
        rot.rows.push_back({QString::number(i), QString::number(a), QString::number(b), plot::number(f.spectrum.inv_freq[size_t(i)]),
                            plot::number(f.spectrum.wavelength[size_t(i)]), plot::number(f.q[size_t(a)]), plot::number(f.q[size_t(b)]),
                            plot::number(rotated[size_t(a)]), plot::number(rotated[size_t(b)]), plot::number(position_)});
    }
    out.push_back(std::move(rot));
    CsvTable spec{QStringLiteral("rope_spectrum"), {QStringLiteral("pair")}, {}};
    for (const Curve& c : f.curves) spec.header << c.name;
    for (size_t i = 0; i < size_t(f.hd / 2); ++i) {
        std::vector<QString> row{QString::number(i)};
        for (const Curve& c : f.curves) row.push_back(plot::number(c.wavelength[i]));
        spec.rows.push_back(std::move(row));
    }
    out.push_back(std::move(spec));
    CsvTable rel{QStringLiteral("rope_relative"), {QStringLiteral("distance"), QStringLiteral("score"), QStringLiteral("bound"),
                                                   QStringLiteral("random"), QStringLiteral("head_mean")}, {}};
    for (size_t i = 0; i < f.relative.size(); ++i)
        rel.rows.push_back({QString::number(i), plot::number(f.relative[i]), plot::number(f.bound[i]), plot::number(f.random[i]),
                            i < f.real.size() ? plot::number(f.real[i]) : QString()});
    out.push_back(std::move(rel));
    CsvTable sh{QStringLiteral("rope_shifted_pairs"), {QStringLiteral("distance"), QStringLiteral("query_position"),
                                                       QStringLiteral("key_position"), QStringLiteral("score")}, {}};
    for (const auto& [dl, v] : f.shifted)
        sh.rows.push_back({QString::number(dl), plot::number(position_ + dl), plot::number(position_), plot::number(v)});
    out.push_back(std::move(sh));
    if (!f.before.empty()) {
        CsvTable sc{QStringLiteral("rope_scores"), {QStringLiteral("key"), QStringLiteral("token"), QStringLiteral("before"),
                                                    QStringLiteral("after")}, {}};
        for (size_t j = 0; j < f.before.size(); ++j)
            sc.rows.push_back({QString::number(j), f.keyTokens.value(int(j)), plot::number(f.before[j]),
                               j < f.after.size() ? plot::number(f.after[j]) : QString()});
        out.push_back(std::move(sc));
    }
    return out;
}

} // namespace es::ui
