// [SECTION] thumbnails
// [SECTION] set-up and controls
// [SECTION] painting, one function a mode
// [SECTION] mouse
// [SECTION] CSV export
#include "plots/attention_view.h"

#include "analysis/attention_aggregates.h"
#include "document/views_document.h"
#include "panels/head_controls.h"
#include "plots/heatmap_widget.h"
#include "plots/views_plot.h"
#include "style/theme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QSpinBox>
#include <QStackedLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace es::ui {

// =========================================================================================
// [SECTION] thumbnails
// =========================================================================================

namespace {

const float* head_matrix(const ViewsData& d, int layer, int head) {
    const int64_t n = d.out.tokens;
    return d.out.attentions[size_t(layer)].data() + size_t(head) * size_t(n * n);
}

// Max-pooled to at most `side` × `side` so a 512-token head stays visible as a thumbnail.
QImage thumbnail(const float* a, int n, bool causal, int side) {
    const int s = std::min(n, side);
    std::vector<float> pooled(size_t(s * s), 0.0f);
    std::vector<bool> mask(size_t(s * s), causal);
    float hi = 1e-9f;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const size_t k = size_t((i * s / n) * s + j * s / n);
            pooled[k] = std::max(pooled[k], a[size_t(i * n + j)]);
            if (!causal || j <= i) mask[k] = false;
            hi = std::max(hi, a[size_t(i * n + j)]);
        }
    return plot::matrixImage(pooled.data(), s, s, 0.0, hi, false, &mask);
}

} // namespace

// =========================================================================================
// [SECTION] set-up and controls
// =========================================================================================

AttentionView::AttentionView(Session* session, QWidget* parent) : PlotView(session, parent) {
    auto* c = controls();
    int at = 0;
    auto add = [&](QWidget* w) { c->insertWidget(at++, w); };
    mode_box_ = new QComboBox(this);
    mode_box_->addItems({tr("One head"), tr("Lines"), tr("All heads"), tr("Neuron view"), tr("Average of heads"),
                         tr("Rollout"), tr("Special tokens"), tr("Word in context")});
    add(mode_box_);
    heads_ = add_head_controls(this, tr("Query"), add);
    context_ = new QLineEdit(this);
    context_->setPlaceholderText(tr("word: sentence | sentence | …"));
    context_->setMinimumWidth(320);
    context_->setToolTip(tr("A word and the sentences it appears in, separated by |; press Enter"));
    add(context_);
    heatmap_ = new HeatmapWidget(this);
    stack()->addWidget(heatmap_);
    connect(heatmap_, &HeatmapWidget::drawn, this, [this] { noteDrawn(true); });
    connect(mode_box_, &QComboBox::currentIndexChanged, this, [this](int i) { setMode(Mode(i)); });
    for (QSpinBox* s : {heads_.layer, heads_.head}) connect(s, &QSpinBox::valueChanged, this, &AttentionView::refresh);
    connect(heads_.token, &QComboBox::currentIndexChanged, this, &AttentionView::refresh);
    connect(context_, &QLineEdit::returnPressed, this, [this] {
        const QString text = context_->text();
        const QString word = text.section(QLatin1Char(':'), 0, 0).trimmed();
        QStringList sentences;
        for (const QString& s : text.section(QLatin1Char(':'), 1).split(QLatin1Char('|'), Qt::SkipEmptyParts))
            if (!s.trimmed().isEmpty()) sentences << s.trimmed();
        if (!word.isEmpty() && !sentences.isEmpty()) document()->setContextWord(word, sentences);
    });
    connect(document(), &ViewsDocument::dataChanged, this, &AttentionView::syncRanges);
    connect(document(), &ViewsDocument::contextChanged, this, [this] {
        if (auto c = document()->context(); c && context_->text().isEmpty())
            context_->setText(c->word + QStringLiteral(": ") + c->sentences.join(QStringLiteral(" | ")));
        refresh();
    });
    syncRanges();
    setMode(Mode::Head);
}

void AttentionView::setMode(Mode m) {
    mode_ = m;
    if (mode_box_->currentIndex() != int(m)) mode_box_->setCurrentIndex(int(m));
    const bool gl = m == Mode::Head || m == Mode::Average || m == Mode::Rollout;
    stack()->setCurrentWidget(gl ? static_cast<QWidget*>(heatmap_) : canvas());
    heads_.token->setEnabled(m == Mode::Neuron);
    heads_.head->setEnabled(m == Mode::Head || m == Mode::Lines || m == Mode::Neuron);
    heads_.layer->setEnabled(m != Mode::AllHeads && m != Mode::Special && m != Mode::Contexts);
    context_->setVisible(m == Mode::Contexts);
    refresh();
}

void AttentionView::setHead(int layer, int head) {
    heads_.layer->setValue(layer);
    heads_.head->setValue(head);
}

void AttentionView::setQueryToken(int token) { heads_.token->setCurrentIndex(token); }
int AttentionView::layer() const { return heads_.layer->value(); }
int AttentionView::head() const { return heads_.head->value(); }

QRectF AttentionView::thumbnailRect(int layer, int head) const {
    const size_t i = size_t(layer * thumb_heads_ + head);
    return i < thumb_rects_.size() ? thumb_rects_[i] : QRectF();
}

QRectF AttentionView::lineLabelRect(int token, bool query) const {
    const auto& rects = query ? left_rects_ : right_rects_;
    return token >= 0 && size_t(token) < rects.size() ? rects[size_t(token)] : QRectF();
}

void AttentionView::syncRanges() {
    fit_head_controls(document()->data().get(), heads_, 2);
    isolate_ = -1;
    refresh();
}

AttentionView::Matrix AttentionView::matrix() const {
    Matrix m;
    auto d = document()->data();
    if (!d || !d->ok() || d->out.attentions.empty()) return m;
    const int n = int(d->out.tokens);
    const int layer = std::clamp(heads_.layer->value(), 0, int(d->out.attentions.size()) - 1);
    const int head = std::clamp(heads_.head->value(), 0, int(d->out.heads) - 1);
    m.n = n;
    const QString causal = d->causal ? tr(" · causal: hatched cells are masked") : QString();
    if (mode_ == Mode::Average) {
        m.values = head_average(d->out.attentions[size_t(layer)], d->out.heads, n);
        m.title = tr("Average of the %1 heads, layer %2").arg(d->out.heads).arg(layer);
    } else if (mode_ == Mode::Rollout) {
        m.values = d->rollout.empty() ? std::vector<float>() : d->rollout[size_t(layer)];
        m.title = tr("Attention rollout through layers 0–%1 (Abnar & Zuidema)").arg(layer);
    } else {
        const float* a = head_matrix(*d, layer, head);
        m.values.assign(a, a + size_t(n) * size_t(n));
        m.title = tr("Layer %1, head %2").arg(layer).arg(head);
    }
    m.subtitle = d->modelName + tr(" · rows: query (who looks) · columns: key (looked at)") + causal;
    m.hi = 1e-9f;
    for (float v : m.values) m.hi = std::max(m.hi, v);
    if (d->causal)
        for (int i = 0; i < n; ++i)
            for (int j = i + 1; j < n; ++j) m.values[size_t(i * n + j)] = -1.0f;
    return m;
}

void AttentionView::refresh() {
    if (mode_ == Mode::Head || mode_ == Mode::Average || mode_ == Mode::Rollout) {
        auto d = document()->data();
        Matrix m = matrix();
        heatmap_->setMatrix(std::move(m.values), m.n, m.n, m.lo, m.hi, d ? d->tokens : QStringList(),
                            d ? d->tokens : QStringList(), m.title, m.subtitle);
    }
    canvas()->update();
}

// =========================================================================================
// [SECTION] painting, one function a mode
// =========================================================================================

bool AttentionView::paintContent(QPainter& p, const QRectF& area) {
    auto d = document()->data();
    if (mode_ == Mode::Contexts) return paintContexts(p, area);
    if (!d) return paintMessage(p, area, tr("Running the encoder…"));
    if (!d->ok()) return paintMessage(p, area, d->error);
    switch (mode_) {
    case Mode::Head:
    case Mode::Average:
    case Mode::Rollout: return paintHeatmap(p, area);
    case Mode::Lines: return paintLines(p, area);
    case Mode::AllHeads: return paintAllHeads(p, area);
    case Mode::Neuron: return paintNeuron(p, area);
    case Mode::Special: return paintSpecial(p, area);
    case Mode::Contexts: break;
    }
    return false;
}

// The CPU twin of the GL heatmap, for PNG export.
bool AttentionView::paintHeatmap(QPainter& p, const QRectF& area) {
    auto d = document()->data();
    Matrix m = matrix();
    if (m.n == 0) return paintMessage(p, area, tr("No attention to show"));
    const QRectF r = plot::drawTitle(p, area.adjusted(8, 4, -8, 0), m.title, m.subtitle);
    std::vector<bool> mask(m.values.size());
    for (size_t i = 0; i < mask.size(); ++i) mask[i] = m.values[i] < -0.5f;
    plot::drawMatrix(p, r.adjusted(0, 0, 0, -6), plot::matrixImage(m.values.data(), m.n, m.n, m.lo, m.hi, false, &mask),
                     d->tokens, d->tokens, QString::number(m.lo, 'g', 3), QString::number(m.hi, 'g', 3), false);
    return true;
}

bool AttentionView::paintLines(QPainter& p, const QRectF& area) {
    auto d = document()->data();
    const int n = int(d->out.tokens);
    const int layer = std::clamp(heads_.layer->value(), 0, int(d->out.attentions.size()) - 1);
    const int head = std::clamp(heads_.head->value(), 0, int(d->out.heads) - 1);
    const QRectF r = plot::drawTitle(p, area.adjusted(8, 4, -8, 0), tr("Layer %1, head %2: who looks at whom").arg(layer).arg(head),
                                     tr("left: query · right: key · line width and opacity = attention · hover a token to isolate it"));
    const float* a = head_matrix(*d, layer, head);
    p.save();
    p.setFont(plot::labelFont());
    const QFontMetricsF fm(p.font());
    double labelw = 0;
    for (const QString& t : d->tokens) labelw = std::max(labelw, fm.horizontalAdvance(t));
    labelw = std::min(labelw + 10, 160.0);
    const double colw = std::min(r.width() * 0.5, 520.0);
    const double lx = r.center().x() - colw / 2, rx = r.center().x() + colw / 2;
    const double step = (r.height() - 10) / std::max(n, 1);
    const QColor colour = plot::series(head % 8 == 6 ? 4 : head);
    const bool keep = paintingCanvas();
    if (keep) left_rects_.assign(size_t(n), QRectF()), right_rects_.assign(size_t(n), QRectF());
    auto y = [&](int i) { return r.top() + 5 + (i + 0.5) * step; };
    // Lines first, strongest last; tiny weights are left out (at 512 tokens, n² lines would be noise).
    std::vector<std::pair<float, std::pair<int, int>>> lines;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            const float w = a[size_t(i * n + j)];
            if (w < 0.01f) continue;
            if (isolate_ >= 0 && (isolate_left_ ? i != isolate_ : j != isolate_)) continue;
            lines.push_back({w, {i, j}});
        }
    std::sort(lines.begin(), lines.end(), [](const auto& x, const auto& z) { return x.first < z.first; });
    for (const auto& [w, ij] : lines) {
        QColor c = colour;
        c.setAlphaF(std::clamp(0.12f + 0.88f * w, 0.0f, 1.0f));
        p.setPen(QPen(c, 0.6 + 5.0 * w, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(lx + 4, y(ij.first)), QPointF(rx - 4, y(ij.second)));
    }
    const double every = std::max(1.0, std::ceil(fm.height() / step));
    for (int i = 0; i < n; ++i) {
        const QRectF lr(lx - labelw - 6, y(i) - step / 2, labelw, step), rr(rx + 6, y(i) - step / 2, labelw, step);
        if (keep) left_rects_[size_t(i)] = lr, right_rects_[size_t(i)] = rr;
        if (i % int(every) != 0 && !(isolate_ == i)) continue;
        const bool hot = isolate_ == i;
        p.setPen(hot ? theme::highlight() : theme::label());
        QFont f = p.font();
        f.setBold(hot);
        p.setFont(f);
        const QRectF lt(lr.left(), y(i) - fm.height() / 2, lr.width(), fm.height()), rt(rr.left(), y(i) - fm.height() / 2, rr.width(), fm.height());
        p.drawText(lt, Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(d->tokens[i], Qt::ElideRight, labelw));
        p.drawText(rt, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(d->tokens[i], Qt::ElideRight, labelw));
    }
    if (d->causal) {
        p.setPen(theme::axisText());
        p.drawText(QRectF(r.left(), r.bottom() - fm.height(), r.width(), fm.height()), Qt::AlignLeft,
                   tr("causal model: a query only reaches keys at or before it"));
    }
    p.restore();
    return true;
}

bool AttentionView::paintAllHeads(QPainter& p, const QRectF& area) {
    auto d = document()->data();
    const int L = int(d->out.attentions.size()), H = int(d->out.heads), n = int(d->out.tokens);
    if (thumbs_for_ != d.get()) {
        thumbs_.clear();
        for (int l = 0; l < L; ++l)
            for (int h = 0; h < H; ++h) thumbs_.push_back(thumbnail(head_matrix(*d, l, h), n, d->causal, 96));
        thumbs_for_ = d.get();
    }
    const QRectF r = plot::drawTitle(p, area.adjusted(8, 4, -8, 0), tr("All heads: %1 layers × %2 heads").arg(L).arg(H),
                                     d->modelName + tr(" · click a head to open it"));
    p.save();
    p.setFont(plot::labelFont());
    const QFontMetricsF fm(p.font());
    const double left = fm.horizontalAdvance(QStringLiteral("Layer 00")) + 8, top = fm.height() + 4;
    const double side = std::clamp(std::min((r.width() - left) / H, (r.height() - top) / L) - 6, 8.0, 300.0);
    if (paintingCanvas()) thumb_rects_.assign(size_t(L * H), QRectF()), thumb_heads_ = H;
    for (int h = 0; h < H; ++h) {
        p.setPen(theme::axisText());
        p.drawText(QRectF(r.left() + left + h * (side + 6), r.top(), side, fm.height()), Qt::AlignCenter, tr("head %1").arg(h));
    }
    for (int l = 0; l < L; ++l) {
        p.setPen(theme::axisText());
        p.drawText(QRectF(r.left(), r.top() + top + l * (side + 6), left - 6, side), Qt::AlignRight | Qt::AlignVCenter,
                   tr("layer %1").arg(l));
        for (int h = 0; h < H; ++h) {
            const QRectF t(r.left() + left + h * (side + 6), r.top() + top + l * (side + 6), side, side);
            p.drawImage(t, thumbs_[size_t(l * H + h)]);
            const bool current = l == heads_.layer->value() && h == heads_.head->value();
            p.setPen(QPen(current ? theme::highlight() : theme::axis(), current ? 2.5 : 1));
            p.setBrush(Qt::NoBrush);
            p.drawRect(t);
            if (paintingCanvas()) thumb_rects_[size_t(l * H + h)] = t;
        }
    }
    p.restore();
    return true;
}

bool AttentionView::paintNeuron(QPainter& p, const QRectF& area) {
    auto d = document()->data();
    const int layer = std::clamp(heads_.layer->value(), 0, int(d->out.attentions.size()) - 1);
    const int head = std::clamp(heads_.head->value(), 0, int(d->out.heads) - 1);
    const int query = std::clamp(heads_.token->currentIndex(), 0, int(d->out.tokens) - 1);
    NeuronBreakdown b;
    try {
        b = neuron_breakdown(d->out, layer, head, query, d->causal);
    } catch (const std::exception& e) {
        return paintMessage(p, area, QString::fromUtf8(e.what()));
    }
    const int n = int(b.keys), hd = int(b.head_dim);
    QRectF r = plot::drawTitle(p, area.adjusted(8, 4, -8, 0),
                               tr("Neuron view: how “%1” scores every key (layer %2, head %3)").arg(d->tokens[query]).arg(layer).arg(head),
                               tr("score = q·k / √%1 · softmax over the keys it may see%2")
                                   .arg(hd).arg(d->rope ? tr(" · q and k after RoPE") : QString()));
    p.save();
    p.setFont(plot::labelFont());
    const QFontMetricsF fm(p.font());
    double qmax = 1e-9, kmax = 1e-9, pmax = 1e-9, smin = 0, smax = 1e-9;
    for (float v : b.q) qmax = std::max(qmax, double(std::fabs(v)));
    for (float v : b.k) kmax = std::max(kmax, double(std::fabs(v)));
    for (float v : b.product) pmax = std::max(pmax, double(std::fabs(v)));
    for (int j = 0; j < n; ++j)
        if (!b.masked[size_t(j)]) smin = std::min(smin, double(b.score[size_t(j)])), smax = std::max(smax, double(b.score[size_t(j)]));
    double labelw = 0;
    for (const QString& t : d->tokens) labelw = std::max(labelw, fm.horizontalAdvance(t));
    labelw = std::min(labelw + 8, 130.0);
    const double heads_w = r.width() - labelw - 2 * 150 - 40;
    const double matw = std::max(60.0, heads_w / 2 - 16);
    const double qrow = 22, top = r.top() + fm.height() + qrow + 14;
    const double rowh = std::max(1.0, std::min(28.0, (r.bottom() - top - 4) / std::max(n, 1)));
    const double x0 = r.left() + labelw, x1 = x0 + matw + 16, x2 = x1 + matw + 16, x3 = x2 + 150 + 10;
    p.setPen(theme::label());
    p.drawText(QRectF(x0, r.top(), matw, fm.height()), Qt::AlignLeft, tr("k (each key, %1 dims)").arg(hd));
    p.drawText(QRectF(x1, r.top(), matw, fm.height()), Qt::AlignLeft, tr("q ⊙ k (sums to q·k)"));
    p.drawText(QRectF(x2, r.top(), 150, fm.height()), Qt::AlignLeft, tr("q·k / √d"));
    p.drawText(QRectF(x3, r.top(), 150, fm.height()), Qt::AlignLeft, tr("softmax"));
    // The query vector above the k matrix.
    const QImage qimg = plot::matrixImage(b.q.data(), 1, hd, -qmax, qmax, true);
    p.drawImage(QRectF(x0, r.top() + fm.height() + 4, matw, qrow), qimg);
    p.setPen(theme::highlight());
    p.drawText(QRectF(r.left(), r.top() + fm.height() + 4, labelw - 6, qrow), Qt::AlignRight | Qt::AlignVCenter,
               tr("q: %1").arg(d->tokens[query]));
    std::vector<bool> mask(size_t(n * hd));
    for (int j = 0; j < n; ++j)
        for (int i = 0; i < hd; ++i) mask[size_t(j * hd + i)] = b.masked[size_t(j)];
    p.drawImage(QRectF(x0, top, matw, rowh * n), plot::matrixImage(b.k.data(), n, hd, -kmax, kmax, true, &mask));
    p.drawImage(QRectF(x1, top, matw, rowh * n), plot::matrixImage(b.product.data(), n, hd, -pmax, pmax, true, &mask));
    const double every = std::max(1.0, std::ceil(fm.height() / rowh));
    for (int j = 0; j < n; ++j) {
        const double yy = top + j * rowh;
        if (j % int(every) == 0) {
            p.setPen(j == query ? theme::highlight() : theme::label());
            p.drawText(QRectF(r.left(), yy + rowh / 2 - fm.height() / 2, labelw - 6, fm.height()), Qt::AlignRight | Qt::AlignVCenter,
                       fm.elidedText(d->tokens[j], Qt::ElideRight, labelw - 6));
        }
        if (b.masked[size_t(j)]) {
            p.fillRect(QRectF(x2, yy, 150, rowh - 1), theme::grid());
            p.fillRect(QRectF(x3, yy, 150, rowh - 1), theme::grid());
            if (rowh >= fm.height()) {
                p.setPen(theme::axisText());
                p.drawText(QRectF(x2 + 4, yy, 290, rowh), Qt::AlignLeft | Qt::AlignVCenter, tr("masked (after the query)"));
            }
            continue;
        }
        const double s = b.score[size_t(j)];
        const double zero = x2 + 150 * (-smin) / (smax - smin);
        const double end = x2 + 150 * (s - smin) / (smax - smin);
        p.fillRect(QRectF(std::min(zero, end), yy + 1, std::fabs(end - zero), rowh - 2), s >= 0 ? plot::series(0) : plot::series(4));
        p.fillRect(QRectF(x3, yy + 1, 150 * b.softmax[size_t(j)], rowh - 2), plot::series(2));
        if (rowh >= fm.height()) {
            p.setPen(theme::label());
            p.drawText(QRectF(x3 + 4, yy, 146, rowh), Qt::AlignLeft | Qt::AlignVCenter, QString::number(b.softmax[size_t(j)], 'f', 3));
        }
    }
    p.setPen(QPen(theme::axis(), 1));
    p.drawRect(QRectF(x0, top, matw, rowh * n));
    p.drawRect(QRectF(x1, top, matw, rowh * n));
    p.restore();
    return true;
}

std::vector<int64_t> AttentionView::specialPositions(QString* what) const {
    auto d = document()->data();
    if (!d->special.empty()) {
        *what = tr("special tokens (%1)").arg([&] {
            QStringList s;
            for (int64_t i : d->special) s << d->tokens.value(int(i));
            return s.join(QStringLiteral(", "));
        }());
        return d->special;
    }
    *what = tr("the first token “%1” (this tokenizer adds no special tokens)").arg(d->tokens.value(0));
    return {0};
}

bool AttentionView::paintSpecial(QPainter& p, const QRectF& area) {
    auto d = document()->data();
    QString what;
    const auto special = specialPositions(&what);
    const auto mass = special_token_attention(d->out.attentions, d->out.heads, d->out.tokens, special);
    const int L = int(mass.size()), H = int(d->out.heads);
    std::vector<float> values;
    for (const auto& row : mass) values.insert(values.end(), row.begin(), row.end());
    QStringList rows, cols;
    for (int l = 0; l < L; ++l) rows << tr("layer %1").arg(l);
    for (int h = 0; h < H; ++h) cols << tr("head %1").arg(h);
    const QRectF r = plot::drawTitle(p, area.adjusted(8, 4, -8, 0), tr("Attention to %1").arg(what),
                                     tr("mean share of each query's attention, per layer and head (0 – 1)"));
    const QRectF cells = plot::drawMatrix(p, r.adjusted(0, 0, 0, -6), plot::matrixImage(values.data(), L, H, 0.0, 1.0, false),
                                          rows, cols, QStringLiteral("0"), QStringLiteral("1"), false);
    p.save();
    p.setFont(plot::labelFont());
    const double cw = cells.width() / H, ch = cells.height() / L;
    if (cw > 34 && ch > 16)
        for (int l = 0; l < L; ++l)
            for (int h = 0; h < H; ++h) {
                const float v = values[size_t(l * H + h)];
                p.setPen(v > 0.6f ? QColor(0x17, 0x1c, 0x24) : QColor(Qt::white));
                p.drawText(QRectF(cells.left() + h * cw, cells.top() + l * ch, cw, ch), Qt::AlignCenter, QString::number(v, 'f', 2));
            }
    p.restore();
    return true;
}

bool AttentionView::paintContexts(QPainter& p, const QRectF& area) {
    auto c = document()->context();
    if (!c) return paintMessage(p, area, tr("Following the word through the layers…"));
    if (!c->error.isEmpty()) return paintMessage(p, area, c->error);
    const QRectF r = plot::drawTitle(p, area.adjusted(8, 4, -8, 0),
                                     tr("“%1” in %2 sentences, through the layers").arg(c->word).arg(c->sentences.size()),
                                     tr("2-D PCA of its direction after each layer (number = layer; 0 = embedding), fitted with the context words"));
    std::vector<plot::Series> series;
    plot::Series ctx{tr("context words (static vectors)"), {}, theme::axisText()}, nb{tr("static neighbours of “%1”").arg(c->word), {}, theme::axis()};
    ctx.markers = nb.markers = true;
    for (size_t i = 0; i < c->plot.neighbours.size(); ++i)
        (i < c->plot.context_words ? ctx : nb).points.push_back({c->plot.neighbours[i][0], c->plot.neighbours[i][1]});
    series.push_back(ctx);
    series.push_back(nb);
    for (size_t s = 0; s < c->plot.paths.size(); ++s) {
        plot::Series line{c->sentences.value(int(s)), {}, plot::series(int(s))};
        line.width = 3;
        for (const auto& q : c->plot.paths[s]) line.points.push_back({q[0], q[1]});
        plot::Series dots = line;
        dots.name.clear();
        dots.markers = true;
        series.push_back(line);
        series.push_back(dots);
    }
    plot::Axes ax;
    ax.xLabel = tr("PC1 (%1 %)").arg(100 * c->plot.explained_ratio[0], 0, 'f', 1);
    ax.yLabel = tr("PC2 (%1 %)").arg(100 * c->plot.explained_ratio[1], 0, 'f', 1);
    ax.padX = true;
    const auto m = plot::drawLinePlot(p, r, ax, series);
    p.save();
    p.setFont(plot::labelFont());
    p.setClipRect(m.plot);
    p.setPen(theme::axisText());
    for (size_t i = 0; i < c->plot.neighbours.size(); ++i) {
        p.setPen(i < c->plot.context_words ? theme::label() : theme::axisText());
        p.drawText(m({c->plot.neighbours[i][0], c->plot.neighbours[i][1]}) + QPointF(7, 4),
                   QString::fromStdString(c->plot.neighbour_words[i]));
    }
    for (size_t s = 0; s < c->plot.paths.size(); ++s)
        for (size_t l = 0; l < c->plot.paths[s].size(); ++l) {
            p.setPen(plot::series(int(s)));
            p.drawText(m({c->plot.paths[s][l][0], c->plot.paths[s][l][1]}) + QPointF(7, -6), QString::number(l));
        }
    p.restore();
    return true;
}

// =========================================================================================
// [SECTION] mouse
// =========================================================================================

void AttentionView::canvasMouseMove(QPointF pos) {
    if (mode_ != Mode::Lines) return;
    int hit = -1;
    bool left = true;
    for (size_t i = 0; i < left_rects_.size(); ++i) {
        if (left_rects_[i].contains(pos)) hit = int(i), left = true;
        if (right_rects_[i].contains(pos)) hit = int(i), left = false;
    }
    if (hit != isolate_ || left != isolate_left_) {
        isolate_ = hit;
        isolate_left_ = left;
        canvas()->update();
    }
}

void AttentionView::canvasLeave() {
    if (isolate_ < 0) return;
    isolate_ = -1;
    canvas()->update();
}

void AttentionView::canvasMousePress(QPointF pos) {
    if (mode_ != Mode::AllHeads || thumb_heads_ == 0) return;
    for (size_t i = 0; i < thumb_rects_.size(); ++i)
        if (thumb_rects_[i].contains(pos)) {
            setHead(int(i) / thumb_heads_, int(i) % thumb_heads_);
            setMode(Mode::Head);
            return;
        }
}

// =========================================================================================
// [SECTION] CSV export
// =========================================================================================

std::vector<PlotView::CsvTable> AttentionView::csvTables() const {
    std::vector<CsvTable> out;
    auto d = document()->data();
    if (mode_ == Mode::Contexts) {
        auto c = document()->context();
        if (!c || !c->error.isEmpty()) return out;
        CsvTable t{QStringLiteral("context_trajectories"), {QStringLiteral("sentence"), QStringLiteral("layer"), QStringLiteral("pc1"), QStringLiteral("pc2")}, {}};
        for (size_t s = 0; s < c->plot.paths.size(); ++s)
            for (size_t l = 0; l < c->plot.paths[s].size(); ++l)
                t.rows.push_back({c->sentences.value(int(s)), QString::number(l), plot::number(c->plot.paths[s][l][0]), plot::number(c->plot.paths[s][l][1])});
        CsvTable n{QStringLiteral("context_neighbours"), {QStringLiteral("word"), QStringLiteral("pc1"), QStringLiteral("pc2")}, {}};
        for (size_t i = 0; i < c->plot.neighbours.size(); ++i)
            n.rows.push_back({QString::fromStdString(c->plot.neighbour_words[i]), plot::number(c->plot.neighbours[i][0]), plot::number(c->plot.neighbours[i][1])});
        out.push_back(std::move(t));
        out.push_back(std::move(n));
        return out;
    }
    if (!d || !d->ok()) return out;
    const int n = int(d->out.tokens);
    const int layer = std::clamp(heads_.layer->value(), 0, int(d->out.attentions.size()) - 1);
    const int head = std::clamp(heads_.head->value(), 0, int(d->out.heads) - 1);
    auto square = [&](const QString& name, const float* v) {
        CsvTable t{name, {QStringLiteral("query")}, {}};
        for (int j = 0; j < n; ++j) t.header << QStringLiteral("%1:%2").arg(j).arg(d->tokens[j]);
        for (int i = 0; i < n; ++i) {
            std::vector<QString> row{QStringLiteral("%1:%2").arg(i).arg(d->tokens[i])};
            for (int j = 0; j < n; ++j) row.push_back(plot::number(v[size_t(i * n + j)]));
            t.rows.push_back(std::move(row));
        }
        return t;
    };
    switch (mode_) {
    case Mode::Head:
    case Mode::Lines:
        out.push_back(square(QStringLiteral("attention_l%1_h%2").arg(layer).arg(head), head_matrix(*d, layer, head)));
        break;
    case Mode::Average: {
        const auto avg = head_average(d->out.attentions[size_t(layer)], d->out.heads, n);
        out.push_back(square(QStringLiteral("attention_average_l%1").arg(layer), avg.data()));
        break;
    }
    case Mode::Rollout:
        if (!d->rollout.empty()) out.push_back(square(QStringLiteral("attention_rollout_l%1").arg(layer), d->rollout[size_t(layer)].data()));
        break;
    case Mode::AllHeads: {
        CsvTable t{QStringLiteral("attention_heads"), {QStringLiteral("layer"), QStringLiteral("head"), QStringLiteral("mean_entropy_bits"),
                                                       QStringLiteral("mean_max_weight"), QStringLiteral("mean_distance")}, {}};
        for (int l = 0; l < int(d->out.attentions.size()); ++l)
            for (int h = 0; h < int(d->out.heads); ++h) {
                const HeadStatistics st = head_statistics({head_matrix(*d, l, h), size_t(n) * size_t(n)}, n);
                t.rows.push_back({QString::number(l), QString::number(h), plot::number(st.mean_entropy_bits), plot::number(st.mean_max_weight),
                                  plot::number(st.mean_distance)});
            }
        out.push_back(std::move(t));
        break;
    }
    case Mode::Neuron: {
        const int query = std::clamp(heads_.token->currentIndex(), 0, n - 1);
        const auto b = neuron_breakdown(d->out, layer, head, query, d->causal);
        CsvTable s{QStringLiteral("neuron_scores"), {QStringLiteral("key"), QStringLiteral("token"), QStringLiteral("q_dot_k"),
                                                     QStringLiteral("scaled"), QStringLiteral("softmax"), QStringLiteral("masked")}, {}};
        for (int j = 0; j < n; ++j) {
            double dot = 0;
            for (int i = 0; i < b.head_dim; ++i) dot += b.product[size_t(j * b.head_dim + i)];
            s.rows.push_back({QString::number(j), d->tokens[j], plot::number(dot), plot::number(b.score[size_t(j)]),
                              plot::number(b.softmax[size_t(j)]), b.masked[size_t(j)] ? QStringLiteral("1") : QStringLiteral("0")});
        }
        CsvTable v{QStringLiteral("neuron_vectors"), {QStringLiteral("dim"), QStringLiteral("q")}, {}};
        for (int j = 0; j < n; ++j) v.header << QStringLiteral("k%1:%2").arg(j).arg(d->tokens[j]) << QStringLiteral("qk%1").arg(j);
        for (int i = 0; i < b.head_dim; ++i) {
            std::vector<QString> row{QString::number(i), plot::number(b.q[size_t(i)])};
            for (int j = 0; j < n; ++j) row.push_back(plot::number(b.k[size_t(j * b.head_dim + i)])), row.push_back(plot::number(b.product[size_t(j * b.head_dim + i)]));
            v.rows.push_back(std::move(row));
        }
        out.push_back(std::move(s));
        out.push_back(std::move(v));
        break;
    }
    case Mode::Special: {
        QString what;
        const auto special = specialPositions(&what);
        const auto mass = special_token_attention(d->out.attentions, d->out.heads, n, special);
        CsvTable t{QStringLiteral("attention_to_special"), {QStringLiteral("layer"), QStringLiteral("head"), QStringLiteral("share")}, {}};
        for (size_t l = 0; l < mass.size(); ++l)
            for (size_t h = 0; h < mass[l].size(); ++h) t.rows.push_back({QString::number(l), QString::number(h), plot::number(mass[l][h])});
        out.push_back(std::move(t));
        break;
    }
    case Mode::Contexts: break;
    }
    return out;
}

} // namespace es::ui
