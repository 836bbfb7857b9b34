// The layout of the vocabulary in the scatter: the projection spec shown, the PCA fitted on its
// fit set, the shown axes and every row's point. Computed off the UI thread by the core's
// lay_out_vocabulary; the newest request wins. Part of the Session (DESIGN.md, "Architecture").
#pragma once
#include "document/latest_task.h"
#include "document/projection_spec.h"
#include "projection/pca.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace es {
class VectorTable;
struct Progress;
}

namespace es::ui {

// A finished layout, or why the spec could not be applied (then nothing else is valid).
struct VocabularyProjection {
    ProjectionSpec spec;
    PcaModel pca;      // kMaxComponents (or dim) components, fitted on the fit set
    QString pca_key;   // which fit set pca was fitted on
    PcaModel shown;    // 3 rows: the shown axes (a zero row for z in 2-D)
    std::vector<float> points;  // rows × (x, y, z)
    QString error;
};

// Where a running layout is: fitting, then projecting every row.
enum class LayoutPhase { Fitting, Projecting };

// Applies `spec` to every row of `table`; refits the PCA only when the fit set differs from the
// one `previous` was fitted on. `report` (may be empty) hears the phase and its fraction and may
// throw es::Cancelled.
VocabularyProjection lay_out(const VectorTable& table, const ProjectionSpec& spec, const std::vector<uint32_t>& selection,
                             const VocabularyProjection* previous,
                             const std::function<void(LayoutPhase, float)>& report = {});

class ProjectionDocument : public QObject {
    Q_OBJECT
public:
    explicit ProjectionDocument(QObject* parent = nullptr) : QObject(parent) {}

    // What a newly opened source was laid out with (`has_table` false: the source failed, the spec
    // wanted stays); a request in flight is dropped.
    void adopt(VocabularyProjection projection, bool has_table);
    // Lays `table` out with `spec` unless that is what is shown (a request in flight for something
    // else is then dropped). A malformed spec: failed() at once. A null table (none yet, or one
    // loading): the spec is kept and applied when the source is ready.
    void set(const ProjectionSpec& spec, std::shared_ptr<const VectorTable> table, const std::vector<uint32_t>& selection);

    const ProjectionSpec& spec() const { return current_.spec; }
    QString error() const { return current_.error; }
    bool projecting() const { return projecting_; }
    QStringList axisLabels() const;
    std::vector<double> explainedVariance() const;
    const PcaModel& pca() const { return current_.pca; }
    const PcaModel& shown() const { return current_.shown; }
    const std::vector<float>& points() const { return current_.points; }

signals:
    void finished();                      // a requested layout is shown
    void failed(const QString& message);  // it could not be applied; the shown one stays

private:
    VocabularyProjection current_;
    bool projecting_ = false;
    LatestTask<VocabularyProjection> task_{this};
};

} // namespace es::ui
