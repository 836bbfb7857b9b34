#include "projection/vocabulary_layout.h"

#include "base/error.h"
#include "projection/axes_projection.h"
#include "vectors/vector_table.h"

#include <algorithm>

namespace es {

namespace {

// The chosen rows as a table of their own, to fit on.
std::shared_ptr<const VectorTable> subset_table(const VectorTable& table, const std::vector<uint32_t>& rows) {
    std::vector<std::string> words;
    std::vector<float> data;
    data.reserve(rows.size() * table.dim());
    for (uint32_t r : rows) {
        words.emplace_back(table.word(r));
        data.insert(data.end(), table.row(r), table.row(r) + table.dim());
    }
    return VectorTable::from_rows(std::move(words), data, table.dim(), table.source() + " (selection)");
}

} // namespace

VocabularyLayout lay_out_vocabulary(const VectorTable& table, const LayoutRequest& request, const PcaModel* reuse,
                                    const std::function<void(LayoutStage, float)>& stage) {
    const auto enter = [&](LayoutStage s, float fraction) {
        if (stage) stage(s, fraction);
    };
    VocabularyLayout out;
    const size_t d = table.dim();
    std::shared_ptr<const VectorTable> subset;
    if (request.fit_on) {
        if (request.fit_on->size() < 2) throw Error("fitting on the selection needs at least 2 selected words");
        subset = subset_table(table, *request.fit_on);
    }
    const VectorTable& fit_table = subset ? *subset : table;
    const size_t n_fit = subset ? 0 : request.fit_rows;
    if (reuse && reuse->dim == d) {
        out.pca = *reuse;
    } else {
        enter(LayoutStage::Fitting, 0.6f);
        out.pca = fit_pca(fit_table, std::min(request.max_components, d), n_fit);
    }
    PcaModel& shown = out.shown;
    shown.dim = d;
    shown.components = 3;
    shown.fitted_rows = out.pca.fitted_rows;
    shown.basis.assign(3 * d, 0.0f);
    if (request.kind == LayoutRequest::Kind::Pca) {
        shown.mean = out.pca.mean;
        for (int a = 0; a < request.dimensions; ++a) {
            const size_t c = size_t(request.components[size_t(a)]);
            if (c >= out.pca.components)
                throw Error("PC" + std::to_string(c + 1) + ": this " + std::to_string(d) + "-d vocabulary has only " +
                            std::to_string(out.pca.components) + " components");
            std::copy_n(out.pca.basis.begin() + ptrdiff_t(c * d), d, shown.basis.begin() + ptrdiff_t(size_t(a) * d));
            shown.explained_variance.push_back(out.pca.explained_variance[c]);
            shown.explained_variance_ratio.push_back(out.pca.explained_variance_ratio[c]);
        }
    } else {
        std::vector<AxisSpec> axes;
        for (size_t a = 0; a < request.axes.size(); ++a) {
            AxisSpec ax;
            for (int side = 0; side < 2; ++side)
                for (const std::string& w : side ? request.axes[a].to : request.axes[a].from) {
                    const auto row = table.lookup(w);
                    if (!row)
                        throw Error("axis " + std::to_string(a + 1) + " (" + request.axes[a].label + "): '" + w +
                                    "' is not in the vocabulary");
                    (side ? ax.to : ax.from).push_back(*row);
                }
            axes.push_back(std::move(ax));
        }
        enter(LayoutStage::Fitting, 0.6f);
        const PcaModel m = fit_axes(table, axes, n_fit);
        shown.mean = m.mean;
        std::copy(m.basis.begin(), m.basis.end(), shown.basis.begin());
        shown.explained_variance = m.explained_variance;
        shown.explained_variance_ratio = m.explained_variance_ratio;
    }
    enter(LayoutStage::Projecting, 0.85f);
    out.points.resize(table.rows() * 3);
    project_rows(shown, table, table.rows(), out.points.data());
    return out;
}

} // namespace es
