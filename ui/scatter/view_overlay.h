// What the panels ask the scatter view to draw over the points: lines from a centre word to its
// neighbours (weighted by similarity), an analogy's parallelogram, and "isolate" (only those
// words shown). Rows index the session's vocabulary; `landing` is in projected coordinates.
#pragma once
#include <QVector3D>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace es::ui {

struct ViewOverlay {
    std::optional<uint32_t> centre;
    std::vector<std::pair<uint32_t, float>> neighbours;  // (row, similarity): a line from centre to each

    struct Analogy {
        uint32_t a = 0, b = 0, c = 0;      // a : b :: c : ?
        QVector3D landing;                 // where b − a + c projects
        std::optional<uint32_t> chosen;    // the word the method chose
        bool operator==(const Analogy&) const = default;
    };
    std::optional<Analogy> analogy;  // drawn as the arrow a→b and the same arrow from c to landing

    bool isolate = false;  // draw only centre, neighbours, the analogy's words (and the text's words)

    bool empty() const { return !centre && neighbours.empty() && !analogy; }
    bool operator==(const ViewOverlay&) const = default;
};

} // namespace es::ui
