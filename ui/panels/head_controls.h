// The layer, head and query-token controls the RoPE and attention views share, fitted to the
// encoder output the views show.
#pragma once
#include <functional>

class QComboBox;
class QSpinBox;
class QString;
class QWidget;

namespace es::ui {

struct ViewsData;

struct HeadControls {
    QSpinBox* layer = nullptr;
    QSpinBox* head = nullptr;
    QComboBox* token = nullptr;
};

// Creates "Layer ⟨spin box⟩ Head ⟨spin box⟩ ⟨token label⟩ ⟨token list⟩", handing each widget to
// `add` in that order.
HeadControls add_head_controls(QWidget* parent, const QString& token_label, const std::function<void(QWidget*)>& add);

// Sets the layer and head ranges to those of `data` (only 0 without data) and lists its tokens
// as "i: text"; the chosen token stays while it exists, else `fallback` (clamped) is chosen. The
// token list emits no signals meanwhile.
void fit_head_controls(const ViewsData* data, const HeadControls& controls, int fallback);

} // namespace es::ui
