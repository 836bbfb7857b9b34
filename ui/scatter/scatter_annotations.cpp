// ScatterView's annotations, drawn with QPainter over the points: ticks and axis titles, the 3-D
// gizmo, contextual points, trajectories, the hover ring, the gesture under way, the overlay
// (neighbour lines, the analogy's parallelogram) and the labels.
// [SECTION] annotations
// [SECTION] overlay
// [SECTION] labels
#include "scatter/scatter_view.h"

#include "document/session.h"
#include "scatter/label_layout.h"
#include "scatter/trajectory_paint.h"
#include "style/theme.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

namespace es::ui {
namespace {

constexpr int kLabelScanRows = 60000;  // frequent words considered for density labels

QString tick_text(double v, double step) {
    if (std::abs(v) < step * 1e-6) return QStringLiteral("0");
    const int decimals = std::max(0, int(-std::floor(std::log10(step))));
    return QString::number(v, 'f', decimals);
}

} // namespace

// =========================================================================================
// [SECTION] annotations
// =========================================================================================

// Text, labels, ticks, overlay lines and the hover ring, with QPainter's raster quality.
void ScatterView::drawAnnotations(QPainter& p, const Frame& f) {
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const QRectF all(QPointF(0, 0), f.size);
    const double scale = presentation_ ? kPresentationScale : 1.0;
    QFont small = font();
    small.setPixelSize(int(12 * scale));
    QFont title = font();
    title.setPixelSize(int(14 * scale));

    if (!gl_ok_) {
        p.setPen(theme::label());
        p.setFont(title);
        p.drawText(all, Qt::AlignCenter | Qt::TextWordWrap, tr("This view needs OpenGL 3.3 or newer; the system offers %1.").arg(gl_version_));
        return;
    }
    const Session::State state = session_->state();
    if (state != Session::State::Ready) {
        p.setPen(theme::axisText());
        p.setFont(title);
        if (state == Session::State::Loading || state == Session::State::Empty)
            p.drawText(all, Qt::AlignCenter, tr("Loading the word vectors…"));
        return;
    }

    const QStringList axes = session_->axisLabels();
    if (!three_d_) {
        // Tick values along the bottom and left edges.
        const double ppu = transform_.pixelsPerUnit();
        const double step = gridStep(ppu);
        const QPointF c = transform_.centre();
        const QPointF d0(c.x() - f.size.width() / 2 / ppu, c.y() - f.size.height() / 2 / ppu);
        const QPointF d1(c.x() + f.size.width() / 2 / ppu, c.y() + f.size.height() / 2 / ppu);
        p.setFont(small);
        p.setPen(theme::axisText());
        for (double x : gridLines(d0.x(), d1.x(), step)) {
            QPointF s;
            project(f, QVector3D(float(x), 0, 0), s);
            p.drawText(QRectF(s.x() + 3, f.size.height() - 18 * scale, 80 * scale, 16 * scale), Qt::AlignLeft | Qt::AlignVCenter,
                       tick_text(x, step));
        }
        for (double y : gridLines(d0.y(), d1.y(), step)) {
            QPointF s;
            project(f, QVector3D(0, float(y), 0), s);
            p.drawText(QRectF(4, s.y() - 17 * scale, 80 * scale, 16 * scale), Qt::AlignLeft | Qt::AlignVCenter, tick_text(y, step));
        }
        // Axis titles: what each axis is and the variance it explains.
        const QFontMetricsF tm(title);
        if (axes.size() > 0)
            haloText(p, QPointF((f.size.width() - tm.horizontalAdvance(axes[0])) / 2, f.size.height() - 28 * scale), axes[0],
                      title, theme::axisText());
        if (axes.size() > 1) {
            p.save();
            p.translate(30 * scale, (f.size.height() + tm.horizontalAdvance(axes[1])) / 2);
            p.rotate(-90);
            haloText(p, QPointF(0, 0), axes[1], title, theme::axisText());
            p.restore();
        }
    } else {
        // The three axes as a small gizmo in the lower-left corner, turning with the camera.
        const glm::mat4 m = f.mvp;
        const QPointF origin(60 * scale, f.size.height() - 60 * scale);
        const glm::vec4 o = m * glm::vec4(float(orbit_.target_x), float(orbit_.target_y), float(orbit_.target_z), 1.0f);
        p.setFont(small);
        for (int k = 0; k < 3; ++k) {
            glm::vec3 d(0.0f);
            d[k] = float(orbit_.distance) * 0.1f;
            const glm::vec4 e = m * glm::vec4(float(orbit_.target_x) + d.x, float(orbit_.target_y) + d.y, float(orbit_.target_z) + d.z, 1.0f);
            QPointF dir(e.x / e.w - o.x / o.w, -(e.y / e.w - o.y / o.w));
            const double len = std::hypot(dir.x(), dir.y());
            dir = len > 1e-9 ? dir / len * (40 * scale) * std::min(1.0, len * 4) : QPointF();
            p.setPen(QPen(theme::palette()[size_t(k == 0 ? 6 : k == 1 ? 5 : 3)], 2));
            p.drawLine(origin, origin + dir);
            const QString name = k < axes.size() ? axes[k] : QStringLiteral("xyz").mid(k, 1);
            haloText(p, origin + dir * 1.1 + QPointF(-4, 4), name.section(QLatin1Char(' '), 0, 0), small, theme::axisText(), 4);
        }
    }

    drawOverlay(p, f);
    drawLabels(p, f);

    // Contextual vectors: the text's tokens at the encoder's layer, as diamonds with their text.
    const auto& ctx = session_->contextualPoints();
    const auto& ctx_tokens = session_->contextualTokens();
    if (!ctx.empty()) {
        QFont cf = font();
        cf.setPixelSize(int(14 * scale));
        cf.setItalic(true);
        const QColor colour = theme::palette()[3];
        QPointF prev;
        bool have_prev = false;
        for (size_t i = 0; i + 2 < ctx.size(); i += 3) {
            QPointF s;
            if (!project(f, QVector3D(ctx[i], ctx[i + 1], ctx[i + 2]), s)) {
                have_prev = false;
                continue;
            }
            if (have_prev) {
                p.setPen(QPen(QColor(colour.red(), colour.green(), colour.blue(), 110), 1.2 * scale, Qt::DotLine));
                p.drawLine(prev, s);
            }
            prev = s, have_prev = true;
            const double r = 6 * scale;
            QPolygonF diamond({s + QPointF(0, -r), s + QPointF(r, 0), s + QPointF(0, r), s + QPointF(-r, 0)});
            p.setPen(QPen(theme::highlightOutline(), 1.5));
            p.setBrush(colour);
            p.drawPolygon(diamond);
            const size_t t = i / 3;
            if (t < ctx_tokens.size())
                haloText(p, s + QPointF(r + 3, r), QString::fromStdString(ctx_tokens[t].text).trimmed(), cf, colour.darker(130), 4);
        }
    }

    paint_trajectories(p, [&](const QVector3D& v, QPointF& s) { return project(f, v, s); }, all,
                       f.exporting ? std::vector<QRectF>{} : std::vector<QRectF>{hud_rect_, legend_rect_},
                       session_->trajectoryPaths(), session_->trajectoryLabels(), session_->layer(), theme::palette(), scale);

    if (hovered_ && !f.exporting) {
        const QPointF a = screenPosition(*hovered_);
        p.setPen(QPen(theme::hover(), 2));
        p.setBrush(Qt::NoBrush);
        p.drawEllipse(a, 8 * scale, 8 * scale);
    }

    // The gesture under way: a box or a lasso.
    if (!f.exporting && (gesture_ == Gesture::Box || gesture_ == Gesture::Lasso) && gesture_moved_) {
        QColor fill = theme::selection();
        fill.setAlpha(40);
        p.setPen(QPen(theme::selection(), 1.5, Qt::DashLine));
        p.setBrush(fill);
        if (gesture_ == Gesture::Box) p.drawRect(QRectF(press_pos_, last_mouse_).normalized());
        else p.drawPolygon(lasso_);
    }
}

// =========================================================================================
// [SECTION] overlay
// =========================================================================================

void ScatterView::drawOverlay(QPainter& p, const Frame& f) {
    const double scale = presentation_ ? kPresentationScale : 1.0;
    QFont bold = font();
    bold.setPixelSize(int(16 * scale));
    bold.setBold(true);
    auto at = [&](uint32_t row, QPointF& s) { return project(f, shownPosition(row), s); };

    // Neighbour lines: thicker and darker for the more similar.
    if (overlay_.centre && !overlay_.neighbours.empty()) {
        QPointF c;
        if (at(*overlay_.centre, c)) {
            float lo = overlay_.neighbours.front().second, hi = lo;
            for (const auto& [row, sim] : overlay_.neighbours) lo = std::min(lo, sim), hi = std::max(hi, sim);
            const QColor base = theme::palette()[3];
            for (const auto& [row, sim] : overlay_.neighbours) {
                QPointF s;
                if (!at(row, s)) continue;
                const double w = hi > lo ? double(sim - lo) / double(hi - lo) : 1.0;
                QColor col = base;
                col.setAlphaF(float(0.35 + 0.6 * w));
                p.setPen(QPen(col, (1.0 + 3.0 * w) * scale, Qt::SolidLine, Qt::RoundCap));
                p.drawLine(c, s);
                p.setPen(QPen(theme::highlightOutline(), 1));
                p.setBrush(base);
                p.drawEllipse(s, 3.5 * scale, 3.5 * scale);
            }
            p.setPen(QPen(theme::highlightOutline(), 2));
            p.setBrush(base.darker(120));
            p.drawEllipse(c, 6 * scale, 6 * scale);
        }
    }

    // The analogy's parallelogram: a→b, the same arrow from c to where b − a + c lands, the
    // sides a→c and b→landing dashed; the chosen word ringed.
    if (overlay_.analogy) {
        const auto& an = *overlay_.analogy;
        QPointF a, b, c, land;
        if (at(an.a, a) && at(an.b, b) && at(an.c, c) && project(f, an.landing, land)) {
            auto arrow = [&](QPointF from, QPointF to, const QColor& colour) {
                p.setPen(QPen(colour, 3 * scale, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
                p.drawLine(from, to);
                const QPointF d = to - from;
                const double len = std::hypot(d.x(), d.y());
                if (len < 1) return;
                const QPointF u = d / len, n(-u.y(), u.x());
                const double head = std::min(14.0 * scale, len * 0.4);
                p.setBrush(colour);
                p.setPen(Qt::NoPen);
                p.drawPolygon(QPolygonF({to, to - u * head + n * head * 0.45, to - u * head - n * head * 0.45}));
            };
            QColor side = theme::axisText();
            p.setPen(QPen(side, 1.5 * scale, Qt::DashLine));
            p.drawLine(a, c);
            p.drawLine(b, land);
            arrow(a, b, theme::palette()[5]);
            arrow(c, land, theme::palette()[5]);
            // The landing point: a cross in a ring (it need not be a word).
            p.setPen(QPen(theme::palette()[6], 2.5 * scale));
            p.setBrush(Qt::NoBrush);
            const double r = 7 * scale;
            p.drawEllipse(land, r, r);
            p.drawLine(land + QPointF(-r * 0.6, -r * 0.6), land + QPointF(r * 0.6, r * 0.6));
            p.drawLine(land + QPointF(-r * 0.6, r * 0.6), land + QPointF(r * 0.6, -r * 0.6));
            QPointF chosen;
            if (an.chosen && at(*an.chosen, chosen)) {
                p.setPen(QPen(theme::palette()[6], 3 * scale));
                p.drawEllipse(chosen, 11 * scale, 11 * scale);
            }
            for (QPointF s : {a, b, c}) {  // their labels: drawLabels()
                p.setPen(QPen(theme::highlightOutline(), 1.5));
                p.setBrush(theme::palette()[5]);
                p.drawEllipse(s, 5 * scale, 5 * scale);
            }
        }
    }
}

// =========================================================================================
// [SECTION] labels
// =========================================================================================

void ScatterView::haloText(QPainter& p, const QPointF& baseline, const QString& text, const QFont& font, const QColor& colour,
                           double halo_px) {
    halo_text_.draw(p, baseline, text, font, colour, theme::halo(), halo_px);
}

// Labels: the text's words first (placed clear of each other by label_layout), then as many of
// the most frequent words on screen as the density allows, each only where it overlaps nothing.

void ScatterView::drawLabels(QPainter& p, const Frame& f) {
    if (!show_labels_) return;
    const double scale = presentation_ ? kPresentationScale : 1.0;
    QFont label = font();
    label.setPixelSize(int(17 * scale));
    label.setBold(true);
    QFont minor = font();
    minor.setPixelSize(int(12 * scale));
    const QFontMetricsF lm(label), mm(minor);
    const QRectF bounds = QRectF(QPointF(0, 0), f.size).adjusted(2, 2, -2, -2);

    // The text's words, then the overlay's (analogy, neighbours' centre) not already among them.
    struct Named {
        uint32_t row;
        QString text;
        QColor colour;
    };
    std::vector<Named> named;
    for (const auto& h : session_->highlights()) named.push_back({h.row, h.word, theme::label()});
    auto add = [&](uint32_t row, const QString& suffix, const QColor& colour) {
        for (const Named& n : named)
            if (n.row == row) return;
        named.push_back({row, session_->word(row) + suffix, colour});
    };
    if (overlay_.analogy) {
        const auto& an = *overlay_.analogy;
        if (an.chosen) add(*an.chosen, QStringLiteral(" ✓"), theme::palette()[6].darker(115));
        for (uint32_t r : {an.a, an.b, an.c}) add(r, {}, theme::palette()[5].darker(130));
    }
    if (overlay_.centre) add(*overlay_.centre, {}, theme::palette()[3].darker(140));

    std::vector<QRectF> taken;
    std::vector<LabelRequest> requests;
    std::vector<size_t> which;
    for (size_t i = 0; i < named.size(); ++i) {
        QPointF a;
        if (!project(f, shownPosition(named[i].row), a) || !bounds.contains(a)) continue;
        requests.push_back({a, QSizeF(lm.horizontalAdvance(named[i].text) + 4, lm.height()), kHighlightPx * scale / 2});
        which.push_back(i);
    }
    const auto placed = layout_labels(requests, bounds);
    for (size_t k = 0; k < placed.size(); ++k) {
        const QRectF r = placed[k].rect;
        taken.push_back(r);
        const Named& nm = named[which[k]];
        if (placed[k].leader) {
            const QPointF a = requests[k].anchor;
            const QPointF target(std::clamp(a.x(), r.left(), r.right()), std::clamp(a.y(), r.top(), r.bottom()));
            p.setPen(QPen(nm.colour.lighter(130), 1.3));
            p.drawLine(a, target);
        }
        haloText(p, QPointF(r.left() + 2, r.top() + lm.ascent()), nm.text, label, nm.colour);
    }
    // Keep the HUD and legend corners free on screen.
    if (!f.exporting) taken.push_back(hud_rect_), taken.push_back(legend_rect_);

    int budget = label_density_;
    if (budget <= 0 || overlay_.isolate) {
        if (overlay_.isolate)
            for (uint32_t r : isolated_rows_) {
                QPointF a;
                if (!project(f, shownPosition(r), a) || !bounds.contains(a)) continue;
                haloText(p, a + QPointF(6, -5), session_->word(r), minor, theme::label(), 4);
            }
        return;
    }
    const size_t n = std::min<size_t>(session_->points().size() / 3, kLabelScanRows);
    std::vector<bool> is_text(n, false);
    for (uint32_t r : highlighted_rows_)
        if (r < n) is_text[r] = true;
    for (size_t i = 0; i < n && budget > 0; ++i) {
        if (is_text[i]) continue;
        QPointF a;
        if (!project(f, shownPosition(uint32_t(i)), a) || !bounds.contains(a)) continue;
        const QString w = session_->word(uint32_t(i));
        const QRectF r(a.x() + 4, a.y() - mm.height() / 2, mm.horizontalAdvance(w) + 2, mm.height());
        if (!bounds.contains(r)) continue;
        const QRectF pad = r.adjusted(-3, -1, 3, 1);
        if (std::any_of(taken.begin(), taken.end(), [&](const QRectF& t) { return t.intersects(pad); })) continue;
        taken.push_back(r);
        haloText(p, QPointF(r.left() + 1, r.top() + mm.ascent()), w, minor, theme::axisText().darker(140), 3.5);
        --budget;
    }
}

} // namespace es::ui
