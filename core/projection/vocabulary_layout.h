// The whole vocabulary laid out for the scatter: principal components (fitted on the first N rows
// or on chosen rows, applied to every row) or custom axes from word groups, three coordinates a
// row (z = 0 in 2-D). The computation behind the window's projection; it never sees Qt.
#pragma once
#include "projection/pca.h"

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace es {

class VectorTable;

struct LayoutAxis {
    std::vector<std::string> from, to;  // word groups: from the centroid of `from` to that of `to`
    std::string label;                  // how errors name the axis ("he → she")
};

struct LayoutRequest {
    enum class Kind { Pca, Axes };
    Kind kind = Kind::Pca;
    std::array<int, 3> components{0, 1, 2};  // 0-based PCs on x, y, z (z only when dimensions is 3)
    int dimensions = 2;
    std::vector<LayoutAxis> axes;  // Axes: one per dimension
    size_t fit_rows = 0;           // fitted on the first N rows (0: all) ...
    std::optional<std::vector<uint32_t>> fit_on;  // ... or on these rows (at least 2)
    size_t max_components = 10;    // the PCA fits this many (at most dim) once per fit set
};

struct VocabularyLayout {
    PcaModel pca;                // max_components fitted components
    PcaModel shown;              // 3 rows: the shown axes (a zero row for z in 2-D)
    std::vector<float> points;   // every row, 3 floats each
};

enum class LayoutStage { Fitting, Projecting };

// `reuse`: a PCA already fitted on the same fit set, kept when its dimension matches (null: fit).
// `stage` (may be empty) hears each stage with the fraction of the whole load it starts at.
// Throws es::Error naming the component or axis word the vocabulary lacks.
VocabularyLayout lay_out_vocabulary(const VectorTable& table, const LayoutRequest& request, const PcaModel* reuse,
                                    const std::function<void(LayoutStage, float)>& stage = {});

} // namespace es
