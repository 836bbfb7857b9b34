#include "panels/head_controls.h"

#include "document/views_document.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

namespace es::ui {

HeadControls add_head_controls(QWidget* parent, const QString& token_label, const std::function<void(QWidget*)>& add) {
    HeadControls c;
    add(new QLabel(QObject::tr("Layer"), parent));
    c.layer = new QSpinBox(parent);
    add(c.layer);
    add(new QLabel(QObject::tr("Head"), parent));
    c.head = new QSpinBox(parent);
    add(c.head);
    add(new QLabel(token_label, parent));
    c.token = new QComboBox(parent);
    c.token->setMinimumContentsLength(10);
    add(c.token);
    return c;
}

void fit_head_controls(const ViewsData* data, const HeadControls& c, int fallback) {
    const bool ok = data && data->ok();
    c.layer->setRange(0, ok ? int(std::max<int64_t>(data->out.layers() - 1, 0)) : 0);
    c.head->setRange(0, ok ? int(std::max<int64_t>(data->out.heads - 1, 0)) : 0);
    const int keep = c.token->currentIndex();
    const QSignalBlocker quiet(c.token);
    c.token->clear();
    if (!ok || data->tokens.isEmpty()) return c.token->setCurrentIndex(-1);
    for (int i = 0; i < data->tokens.size(); ++i) c.token->addItem(QStringLiteral("%1: %2").arg(i).arg(data->tokens[i]));
    const int chosen = keep >= 0 && keep < data->tokens.size() ? keep : fallback;
    c.token->setCurrentIndex(std::clamp(chosen, 0, int(data->tokens.size()) - 1));
}

} // namespace es::ui
