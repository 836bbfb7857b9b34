#include "plots/positions_view.h"

#include "document/views_document.h"
#include "plots/views_plot.h"
#include "style/theme.h"

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSpinBox>
#include <QtConcurrent>

#include <cmath>

namespace es::ui {

namespace {

using Pictures = PositionsView::Pictures;
using Pair = std::pair<std::shared_ptr<const Pictures>, std::shared_ptr<const Pictures>>;

std::shared_ptr<const Pictures> make_pictures(PositionTable table, bool cosine) {
    auto p = std::make_shared<Pictures>();
    p->similarity = position_similarity(table, cosine);
    p->path = position_pca_path(table, 2);
    p->table = std::move(table);
    return p;
}

PositionTable first_rows(const PositionTable& t, int64_t n) {
    PositionTable out = t;
    out.positions = std::min(n, t.positions);
    out.values.resize(size_t(out.positions * out.dim));
    return out;
}

void draw_path(QPainter& p, const QRectF& area, const Pictures& pic) {
    const auto& path = pic.path;
    plot::Series frame{QString(), {}, Qt::transparent};
    for (int64_t i = 0; i < path.positions; ++i)
        frame.points.push_back({path.coords[size_t(i * 2)], path.coords[size_t(i * 2 + 1)]});
    plot::Axes axes;
    axes.xLabel = QStringLiteral("PC1 (%1 %)").arg(100 * (path.explained_ratio.size() > 0 ? path.explained_ratio[0] : 0), 0, 'f', 1);
    axes.yLabel = QStringLiteral("PC2 (%1 %)").arg(100 * (path.explained_ratio.size() > 1 ? path.explained_ratio[1] : 0), 0, 'f', 1);
    frame.name.clear();
    axes.padX = true;
    const auto m = plot::drawLinePlot(p, area, axes, {frame});
    if (m.plot.width() < 20) return;
    p.save();
    p.setClipRect(m.plot);
    const int64_t n = path.positions;
    for (int64_t i = 1; i < n; ++i) {
        p.setPen(QPen(plot::sequential(double(i) / double(std::max<int64_t>(n - 1, 1))), 2.2, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(m(frame.points[size_t(i - 1)]), m(frame.points[size_t(i)]));
    }
    p.setFont(plot::labelFont());
    const int64_t step = n <= 16 ? 1 : n <= 64 ? 8 : n <= 256 ? 32 : 128;
    for (int64_t i = 0; i < n; i += step) {
        const QPointF q = m(frame.points[size_t(i)]);
        p.setPen(QPen(theme::background(), 1.5));
        p.setBrush(plot::sequential(double(i) / double(std::max<int64_t>(n - 1, 1))));
        p.drawEllipse(q, 4.5, 4.5);
        p.setPen(theme::label());
        p.drawText(q + QPointF(6, -4), QString::number(i));
    }
    p.restore();
}

} // namespace

PositionsView::PositionsView(Session* session, QWidget* parent) : PlotView(session, parent) {
    auto* c = controls();
    int at = 0;
    auto add = [&](QWidget* w) { c->insertWidget(at++, w); };
    add(new QLabel(tr("Positions"), this));
    positions_ = new QSpinBox(this);
    positions_->setRange(8, 1024);
    positions_->setValue(128);
    add(positions_);
    add(new QLabel(tr("Sinusoid dimensions"), this));
    dim_ = new QSpinBox(this);
    dim_->setRange(4, 1024);
    dim_->setSingleStep(2);
    dim_->setValue(128);
    add(dim_);
    add(new QLabel(tr("Similarity"), this));
    metric_ = new QComboBox(this);
    metric_->addItems({tr("cosine"), tr("dot product")});
    add(metric_);
    connect(positions_, &QSpinBox::valueChanged, this, &PositionsView::recompute);
    connect(dim_, &QSpinBox::valueChanged, this, &PositionsView::recompute);
    connect(metric_, &QComboBox::currentIndexChanged, this, &PositionsView::recompute);
    connect(document(), &ViewsDocument::dataChanged, this, &PositionsView::recompute);
    recompute();
}

void PositionsView::setPositions(int positions) { positions_->setValue(positions); }

bool PositionsView::hasLearned() const { return learned_ != nullptr; }

void PositionsView::recompute() {
    const int64_t n = positions_->value();
    const int64_t d = dim_->value() / 2 * 2;
    const bool cosine = metric_->currentIndex() == 0;
    auto data = document()->data();
    const unsigned generation = ++generation_;
    auto* watcher = new QFutureWatcher<Pair>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        const Pair r = watcher->result();
        watcher->deleteLater();
        if (generation != generation_) return;
        sinusoidal_ = r.first;
        learned_ = r.second;
        canvas()->update();
    });
    watcher->setFuture(QtConcurrent::run([n, d, cosine, data]() -> Pair {
        Pair r;
        r.first = make_pictures(sinusoidal_table(n, d), cosine);
        if (data && data->learned) r.second = make_pictures(first_rows(*data->learned, n), cosine);
        return r;
    }));
}

bool PositionsView::paintContent(QPainter& p, const QRectF& area) {
    if (!sinusoidal_) return paintMessage(p, area, tr("Computing the positional encodings…"));
    std::vector<std::pair<QString, std::shared_ptr<const Pictures>>> rows = {{tr("Sinusoidal (Vaswani et al.)"), sinusoidal_}};
    auto data = document()->data();
    if (learned_)
        rows.push_back({tr("Learned: %1 — %2").arg(data ? data->modelName : QString(),
                                                   QString::fromStdString(learned_->table.source)),
                        learned_});
    QRectF body = area.adjusted(8, 6, -8, -6);
    if (!learned_) {
        const bool model = data && data->source != QLatin1String("builtin");
        const QString why = model && data->rope
                                ? tr("This model has no learned positions: it rotates queries and keys (RoPE tab).")
                                : tr("The built-in encoder has no learned positions: open a GPT-2 or BERT model folder "
                                     "to see a model's learned positions beside these.");
        p.save();
        p.setFont(plot::labelFont());
        p.setPen(theme::axisText());
        p.drawText(QRectF(body.left(), body.bottom() - 20, body.width(), 20), Qt::AlignLeft | Qt::AlignVCenter, why);
        p.restore();
        body.adjust(0, 0, 0, -24);
    }
    const double rowh = body.height() / double(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
        const Pictures& pic = *rows[r].second;
        const QRectF band(body.left(), body.top() + r * rowh, body.width(), rowh);
        const QRectF inner = plot::drawTitle(p, band, rows[r].first,
                                             tr("%1 positions × %2 dimensions").arg(pic.table.positions).arg(pic.table.dim));
        const double w = inner.width() / 3;
        const int n = int(pic.table.positions), d = int(pic.table.dim);
        double big = 0;
        for (float v : pic.table.values) big = std::max(big, double(std::fabs(v)));
        // position × dimension: positions down, dimensions across.
        QRectF cell(inner.left(), inner.top(), w - 8, inner.height());
        cell = plot::drawTitle(p, cell, tr("Encoding value"), tr("rows: position 0 → %1 · columns: dimension").arg(n - 1));
        plot::drawMatrix(p, cell, plot::matrixImage(pic.table.values.data(), n, d, -big, big, true), {}, {},
                         QString::number(-big, 'g', 2), QString::number(big, 'g', 2), true, false);
        QRectF sim(inner.left() + w, inner.top(), w - 8, inner.height());
        const bool cosine = metric_->currentIndex() == 0;
        sim = plot::drawTitle(p, sim, cosine ? tr("Cosine similarity of positions") : tr("Dot product of positions"),
                              tr("depends on the distance |i − j|"));
        double lo = INFINITY, hi = -INFINITY;
        for (float v : pic.similarity) lo = std::min(lo, double(v)), hi = std::max(hi, double(v));
        plot::drawMatrix(p, sim, plot::matrixImage(pic.similarity.data(), n, n, lo, hi, true), {}, {},
                         QString::number(-std::max(std::fabs(lo), std::fabs(hi)), 'g', 3),
                         QString::number(std::max(std::fabs(lo), std::fabs(hi)), 'g', 3), true);
        QRectF path(inner.left() + 2 * w, inner.top(), w - 8, inner.height());
        path = plot::drawTitle(p, path, tr("PCA path of the positions"), tr("colour: position (dark → light)"));
        draw_path(p, path, pic);
    }
    return true;
}

std::vector<PlotView::CsvTable> PositionsView::csvTables() const {
    std::vector<CsvTable> out;
    auto add = [&](const QString& stem, const Pictures& pic) {
        const int64_t n = pic.table.positions, d = pic.table.dim;
        CsvTable enc{stem + QStringLiteral("_encoding"), {QStringLiteral("position")}, {}};
        for (int64_t i = 0; i < d; ++i) enc.header << QStringLiteral("dim%1").arg(i);
        for (int64_t r = 0; r < n; ++r) {
            std::vector<QString> row{QString::number(r)};
            for (int64_t i = 0; i < d; ++i) row.push_back(plot::number(pic.table.row(r)[i]));
            enc.rows.push_back(std::move(row));
        }
        CsvTable sim{stem + QStringLiteral("_similarity"), {QStringLiteral("position")}, {}};
        for (int64_t j = 0; j < n; ++j) sim.header << QStringLiteral("p%1").arg(j);
        for (int64_t r = 0; r < n; ++r) {
            std::vector<QString> row{QString::number(r)};
            for (int64_t j = 0; j < n; ++j) row.push_back(plot::number(pic.similarity[size_t(r * n + j)]));
            sim.rows.push_back(std::move(row));
        }
        CsvTable path{stem + QStringLiteral("_pca_path"), {QStringLiteral("position"), QStringLiteral("pc1"), QStringLiteral("pc2")}, {}};
        for (int64_t r = 0; r < n; ++r)
            path.rows.push_back({QString::number(r), plot::number(pic.path.coords[size_t(r * 2)]),
                                 plot::number(pic.path.coords[size_t(r * 2 + 1)])});
        out.push_back(std::move(enc));
        out.push_back(std::move(sim));
        out.push_back(std::move(path));
    };
    if (sinusoidal_) add(QStringLiteral("positions_sinusoidal"), *sinusoidal_);
    if (learned_) add(QStringLiteral("positions_learned"), *learned_);
    return out;
}

} // namespace es::ui
