// How the vocabulary is laid out in the scatter: principal components (any two or three of
// PC1…PC10, fitted on a subset and applied to every row) or custom axes from word groups
// ("he,him" → "she,her"), in 2-D or 3-D.
#pragma once
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace es::ui {

// PCA fits this many components once per fit set; switching among them does not refit.
inline constexpr int kMaxComponents = 10;

struct ProjectionSpec {
    enum Kind { Pca, Axes };
    // Which rows the PCA (and the axes' explained variance) is fitted on.
    enum class FitOn { Top10k, Top50k, All, Selection };
    struct Axis {
        QStringList from, to;  // word groups; the axis runs from the centroid of `from` to that of `to`
        QString label;         // "" = "he → she" made from the words
        bool operator==(const Axis&) const = default;
    };

    Kind kind = Pca;
    std::array<int, 3> components{0, 1, 2};  // 0-based PCs on x, y, z (z only in 3-D)
    bool three_d = false;
    std::vector<Axis> axes;  // Axes: 2 (or 3 in 3-D)
    FitOn fit_on = FitOn::Top50k;

    int dimensions() const { return three_d ? 3 : 2; }
    QJsonObject toJson() const;
    // Null with `error` set for a malformed object (unknown kind, component out of 0..9, too few axes).
    static std::optional<ProjectionSpec> fromJson(const QJsonObject& o, QString* error = nullptr);
    // Checks the structure (not the words): components in range and distinct, axes count.
    bool valid(QString* error = nullptr) const;
    bool operator==(const ProjectionSpec&) const = default;
};

// "he → she", "he, him → she, her": the axis' own label or one made from its words.
QString axis_label(const ProjectionSpec::Axis& axis);
const char* fit_on_name(ProjectionSpec::FitOn f);  // top10k, top50k, all, selection
std::optional<ProjectionSpec::FitOn> fit_on_from_name(const QString& name);
// Parses "he,him:she,her" (the CLI's --axis A:B) into an axis; null when there is no ':'.
std::optional<ProjectionSpec::Axis> parse_axis(const QString& text);

} // namespace es::ui
