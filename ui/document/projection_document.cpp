#include "document/projection_document.h"

#include "base/error.h"
#include "projection/vocabulary_layout.h"
#include "vectors/vector_table.h"

#include <algorithm>

namespace es::ui {

namespace {

// Which fit set a PCA was fitted on: the named subset, or the selection by its size and hash.
QString fit_key(const ProjectionSpec& spec, const std::vector<uint32_t>& selection) {
    QString key = QString::fromLatin1(fit_on_name(spec.fit_on));
    if (spec.fit_on == ProjectionSpec::FitOn::Selection) {
        size_t h = selection.size();
        for (uint32_t r : selection) h = h * 1000003u ^ r;
        key += QStringLiteral(":%1:%2").arg(selection.size()).arg(h);
    }
    return key;
}

size_t fit_rows(ProjectionSpec::FitOn f) {
    switch (f) {
    case ProjectionSpec::FitOn::Top10k: return 10000;
    case ProjectionSpec::FitOn::Top50k: return 50000;
    default: return 0;
    }
}

// The spec as the core's layout request; the selection is the fit set when the spec says so.
LayoutRequest layout_request(const ProjectionSpec& spec, const std::vector<uint32_t>& selection) {
    LayoutRequest r;
    r.kind = spec.kind == ProjectionSpec::Pca ? LayoutRequest::Kind::Pca : LayoutRequest::Kind::Axes;
    r.components = spec.components;
    r.dimensions = spec.dimensions();
    for (const ProjectionSpec::Axis& a : spec.axes) {
        LayoutAxis axis;
        for (const QString& w : a.from) axis.from.push_back(w.toStdString());
        for (const QString& w : a.to) axis.to.push_back(w.toStdString());
        axis.label = axis_label(a).toStdString();
        r.axes.push_back(std::move(axis));
    }
    r.fit_rows = fit_rows(spec.fit_on);
    if (spec.fit_on == ProjectionSpec::FitOn::Selection) r.fit_on = selection;
    r.max_components = size_t(kMaxComponents);
    return r;
}

} // namespace

VocabularyProjection lay_out(const VectorTable& table, const ProjectionSpec& spec, const std::vector<uint32_t>& selection,
                             const VocabularyProjection* previous, const std::function<void(LayoutPhase, float)>& report) {
    VocabularyProjection out;
    out.spec = spec;
    QString why;
    if (!spec.valid(&why)) {
        out.error = why;
        return out;
    }
    out.pca_key = fit_key(spec, selection);
    try {
        const bool same_fit = previous && previous->pca_key == out.pca_key;
        VocabularyLayout layout = lay_out_vocabulary(table, layout_request(spec, selection), same_fit ? &previous->pca : nullptr,
                                                     [&report](LayoutStage s, float fraction) {
                                                         if (report) report(s == LayoutStage::Fitting ? LayoutPhase::Fitting : LayoutPhase::Projecting, fraction);
                                                     });
        out.pca = std::move(layout.pca);
        out.shown = std::move(layout.shown);
        out.points = std::move(layout.points);
    } catch (const Error& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

void ProjectionDocument::adopt(VocabularyProjection projection, bool has_table) {
    task_.cancel();
    projecting_ = false;
    const ProjectionSpec wanted = current_.spec;
    current_ = std::move(projection);
    // A spec the source could not take (an axis word it lacks) was replaced by PCA: show the default.
    current_.spec = !has_table ? wanted : current_.error.isEmpty() ? current_.spec : ProjectionSpec{};
}

void ProjectionDocument::set(const ProjectionSpec& spec, std::shared_ptr<const VectorTable> table,
                             const std::vector<uint32_t>& selection) {
    QString why;
    if (!spec.valid(&why)) {
        current_.error = why;
        emit failed(why);
        return;
    }
    if (!table) {
        current_.spec = spec;
        return;
    }
    if (spec == current_.spec && fit_key(spec, selection) == current_.pca_key && current_.error.isEmpty()) {
        if (projecting_) {  // back to what is shown: the request in flight is dropped
            task_.cancel();
            projecting_ = false;
        }
        return;
    }
    projecting_ = true;
    // The previous fit travels with the request so that switching components does not refit.
    auto previous = std::make_shared<VocabularyProjection>();
    previous->pca = current_.pca;
    previous->pca_key = current_.pca_key;
    task_.run(
        [table = std::move(table), spec, selection, previous](const auto& ticket) {
            if (ticket.stale()) return VocabularyProjection{};  // superseded while queued
            try {
                return lay_out(*table, spec, selection, previous.get());
            } catch (const std::exception& e) {
                VocabularyProjection p;
                p.error = QString::fromUtf8(e.what());
                return p;
            }
        },
        [this](VocabularyProjection p) {
            projecting_ = false;
            if (!p.error.isEmpty()) {
                current_.error = p.error;
                emit failed(p.error);
                return;
            }
            current_ = std::move(p);
            emit finished();
        });
}

QStringList ProjectionDocument::axisLabels() const {
    QStringList out;
    const auto ev = explainedVariance();
    const ProjectionSpec& spec = current_.spec;
    for (int a = 0; a < spec.dimensions(); ++a) {
        const QString pct = size_t(a) < ev.size() ? QStringLiteral(" (%1 %)").arg(ev[size_t(a)] * 100, 0, 'f', 1) : QString();
        if (spec.kind == ProjectionSpec::Pca) out << QStringLiteral("PC%1").arg(spec.components[size_t(a)] + 1) + pct;
        else if (size_t(a) < spec.axes.size()) out << axis_label(spec.axes[size_t(a)]);
    }
    return out;
}

std::vector<double> ProjectionDocument::explainedVariance() const {
    std::vector<double> v = current_.shown.explained_variance_ratio;
    v.resize(std::min<size_t>(v.size(), size_t(current_.spec.dimensions())));
    return v;
}

} // namespace es::ui
