#include "window/diagnostics_dialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace es::ui {

QString DiagnosticsDialog::asText(const DiagnosticRows& rows) {
    QStringList lines;
    for (const auto& [name, value] : rows) lines << name + QStringLiteral(": ") + value;
    return lines.join('\n');
}

DiagnosticsDialog::DiagnosticsDialog(const DiagnosticRows& rows, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Diagnostics"));
    resize(760, 420);
    auto* box = new QVBoxLayout(this);
    auto* table = new QTableWidget(int(rows.size()), 2, this);
    table->setObjectName(QStringLiteral("diagnostics"));
    table->setHorizontalHeaderLabels({tr("What"), tr("Value")});
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(true);
    for (int i = 0; i < rows.size(); ++i) {
        table->setItem(i, 0, new QTableWidgetItem(rows[i].first));
        table->setItem(i, 1, new QTableWidgetItem(rows[i].second));
    }
    table->resizeColumnToContents(0);
    table->resizeRowsToContents();
    box->addWidget(table, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton* copy = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    const QString text = asText(rows);
    connect(copy, &QPushButton::clicked, this, [text] { QGuiApplication::clipboard()->setText(text); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    box->addWidget(buttons);
}

} // namespace es::ui
