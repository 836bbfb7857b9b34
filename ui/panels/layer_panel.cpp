#include "panels/layer_panel.h"

#include "document/session.h"
#include "scatter/camera_state.h"
#include "scatter/scatter_view.h"
#include "scatter/trajectory_paint.h"
#include "style/theme.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QVBoxLayout>

#include <limits>

namespace es::ui {

namespace {
// The classroom's example: one word, three senses.
const char* const kExampleWord = "bank";
const char* const kExampleSentences[] = {
    "we sat on the river bank and watched the boats",
    "she put her money in the bank",
    "the hospital asked people to give to the blood bank",
};
} // namespace

LayerPanel::LayerPanel(Session* session, QWidget* parent) : QWidget(parent), session_(session) {
    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setTickPosition(QSlider::TicksBelow);
    slider_->setTickInterval(1);
    slider_->setPageStep(1);
    slider_->setAccessibleName(tr("Encoder layer"));
    layer_ = new QLabel(this);
    layer_->setTextFormat(Qt::RichText);
    note_ = new QLabel(this);
    note_->setWordWrap(true);
    note_->setForegroundRole(QPalette::PlaceholderText);
    error_ = new QLabel(this);
    error_->setWordWrap(true);
    const QString error_style = QStringLiteral("color: %1;").arg(theme::palette()[6].name());
    error_->setStyleSheet(error_style);

    auto* box = new QVBoxLayout(this);
    box->setContentsMargins(8, 6, 8, 8);
    auto* label = new QLabel(tr("&Layer:"), this);
    label->setBuddy(slider_);
    auto* row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(slider_, 1);
    box->addLayout(row);
    box->addWidget(layer_);
    box->addWidget(note_);
    box->addWidget(error_);

    // Follow a word through the layers.
    auto* group = new QGroupBox(tr("Follow a word through the layers"), this);
    word_ = new QLineEdit(QString::fromLatin1(kExampleWord), group);
    word_->setAccessibleName(tr("Word to follow"));
    word_->setClearButtonEnabled(true);
    sentences_ = new QPlainTextEdit(group);
    sentences_->setAccessibleName(tr("Sentences with the word, one per line"));
    sentences_->setToolTip(tr("Ctrl+Return draws"));
    sentences_->setTabChangesFocus(true);
    sentences_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    QStringList example;
    for (const char* s : kExampleSentences) example << QString::fromLatin1(s);
    sentences_->setPlainText(example.join(QLatin1Char('\n')));
    sentences_->setMinimumHeight(sentences_->fontMetrics().lineSpacing() * 5);
    sentences_->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    draw_ = new QPushButton(tr("&Draw"), group);
    draw_->setDefault(false);
    clear_ = new QPushButton(tr("Cl&ear"), group);
    raw_ = new QCheckBox(tr("&Raw lengths"), group);
    raw_->setToolTip(tr("Off: every layer's vector is scaled to the word's static length, so the paths show where the "
                        "word points, among the vocabulary. On: as computed; the residual layers grow the length."));
    paths_ = new QLabel(group);
    paths_->setTextFormat(Qt::RichText);
    paths_->setWordWrap(true);
    trajectory_error_ = new QLabel(group);
    trajectory_error_->setWordWrap(true);
    trajectory_error_->setStyleSheet(error_style);

    auto* word_label = new QLabel(tr("&Word:"), group);
    word_label->setBuddy(word_);
    auto* sentences_label = new QLabel(tr("&Sentences, one per line:"), group);
    sentences_label->setBuddy(sentences_);
    auto* grid = new QVBoxLayout(group);
    auto* word_row = new QHBoxLayout;
    word_row->addWidget(word_label);
    word_row->addWidget(word_, 1);
    grid->addLayout(word_row);
    // The buttons under the word: in a short dock they stay in sight above the sentences.
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(draw_);
    buttons->addWidget(clear_);
    buttons->addWidget(raw_, 1);
    grid->addLayout(buttons);
    grid->addWidget(sentences_label);
    grid->addWidget(sentences_);
    grid->addWidget(paths_);
    grid->addWidget(trajectory_error_);
    box->addWidget(group);
    box->addStretch(1);
    setFocusProxy(slider_);

    connect(slider_, &QSlider::valueChanged, this, [this](int v) {
        if (v != session_->layer()) session_->setLayer(v);
        showSession();
    });
    auto draw = [this] {
        frame_when_drawn_ = true;
        drawTrajectories();
    };
    connect(draw_, &QPushButton::clicked, this, draw);
    connect(word_, &QLineEdit::returnPressed, this, draw);
    for (const QKeySequence& keys : {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)})
        connect(new QShortcut(keys, sentences_, nullptr, nullptr, Qt::WidgetShortcut), &QShortcut::activated, this, draw);
    connect(raw_, &QCheckBox::toggled, this, [this](bool raw) {
        session_->setTrajectoryScale(raw ? Session::TrajectoryScale::Raw : Session::TrajectoryScale::StaticLength);
    });
    connect(clear_, &QPushButton::clicked, this, [this] { session_->setTrajectories({}, {}); });
    connect(session_, &Session::stateChanged, this, &LayerPanel::showSession);
    connect(session_, &Session::sourceChanged, this, &LayerPanel::showSession);
    connect(session_, &Session::contextualChanged, this, &LayerPanel::showSession);
    connect(session_, &Session::trajectoriesChanged, this, &LayerPanel::showTrajectories);
    showSession();
    showTrajectories();
}

QString LayerPanel::layerText() const { return layer_->text(); }
QString LayerPanel::trajectoryText() const { return paths_->text(); }
QString LayerPanel::trajectoryErrorText() const { return trajectory_error_->text(); }

QStringList LayerPanel::sentences() const {
    QStringList out;
    for (const QString& line : sentences_->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty()) out << line.trimmed();
    return out;
}

void LayerPanel::drawTrajectories() {
    if (word_->text().trimmed().isEmpty()) {
        trajectory_error_->setText(tr("Type the word to follow."));
        word_->setFocus();
        return;
    }
    session_->setTrajectories(word_->text(), sentences());
}

QJsonObject LayerPanel::state() const {
    return {{QStringLiteral("layer"), session_->layer()},
            {QStringLiteral("word"), word_->text()},
            {QStringLiteral("sentences"), QJsonArray::fromStringList(sentences())},
            {QStringLiteral("drawn"), !session_->trajectoryWord().isEmpty()},
            {QStringLiteral("raw"), raw_->isChecked()}};
}

void LayerPanel::restoreState(const QJsonObject& o) {
    if (o.value(QStringLiteral("layer")).isDouble()) session_->setLayer(o.value(QStringLiteral("layer")).toInt());
    if (o.value(QStringLiteral("word")).isString()) word_->setText(o.value(QStringLiteral("word")).toString());
    if (o.value(QStringLiteral("sentences")).isArray()) {
        QStringList lines;
        for (const QJsonValue& v : o.value(QStringLiteral("sentences")).toArray())
            if (v.isString()) lines << v.toString();
        sentences_->setPlainText(lines.join(QLatin1Char('\n')));
    }
    raw_->setChecked(o.value(QStringLiteral("raw")).toBool());
    if (o.value(QStringLiteral("drawn")).toBool()) drawTrajectories();
    else session_->setTrajectories({}, {});
    showSession();
}

void LayerPanel::showSession() {
    const bool encoder = session_->hasEncoder() && session_->state() == Session::State::Ready;
    setEnabled(encoder);
    {
        const QSignalBlocker block(slider_);
        slider_->setRange(0, std::max(0, session_->layerCount()));
        slider_->setValue(session_->layer());
    }
    if (!encoder) {
        layer_->setText(tr("<b>No encoder loaded</b>"));
        note_->setText(tr("Open a model folder or the built-in encoder to see the text's contextual vectors layer by layer."));
        error_->clear();
        return;
    }
    const int l = session_->layer(), n = session_->layerCount();
    layer_->setText(l == 0 ? tr("<b>Embeddings</b> (before layer 1 of %1)").arg(n) : tr("<b>Layer %1</b> of %2").arg(l).arg(n));
    note_->setText(tr("The text's %1 tokens at this layer are drawn among the vocabulary, projected with the current "
                      "axes: watch them move away from their static vectors as context mixes in.")
                       .arg(session_->contextualTokens().size()));
    error_->setText(session_->contextualError());
}

QRectF LayerPanel::trajectoryFrame() const {
    if (!view_) return {};
    const double w = view_->width(), h = view_->height();
    return QRectF(QPointF(0.12 * w, 0.32 * h), QPointF(0.70 * w, 0.86 * h));
}

void LayerPanel::frameTrajectories() {
    const auto& paths = session_->trajectoryPaths();
    if (!view_) return;
    constexpr float inf = std::numeric_limits<float>::infinity();
    QVector3D lo(inf, inf, inf), hi(-inf, -inf, -inf);
    for (const auto& path : paths)
        for (const QVector3D& v : path) {
            lo = QVector3D(std::min(lo.x(), v.x()), std::min(lo.y(), v.y()), std::min(lo.z(), v.z()));
            hi = QVector3D(std::max(hi.x(), v.x()), std::max(hi.y(), v.y()), std::max(hi.z(), v.z()));
        }
    if (!(lo.x() <= hi.x())) return;
    CameraState c = view_->camera();
    const QVector3D mid = (lo + hi) / 2, extent = hi - lo;
    if (c.three_d) {
        c.target_x = mid.x(), c.target_y = mid.y(), c.target_z = mid.z();
        c.distance = std::max(2.2 * double(extent.length()), 1e-3);
    } else {
        const QRectF target = trajectoryFrame();
        c.pixels_per_unit = std::min(target.width() / std::max(double(extent.x()), 1e-3),
                                     target.height() / std::max(double(extent.y()), 1e-3));
        c.centre_x = mid.x() - (target.center().x() - view_->width() / 2.0) / c.pixels_per_unit;
        c.centre_y = mid.y() + (target.center().y() - view_->height() / 2.0) / c.pixels_per_unit;
    }
    view_->setCamera(c);
}

void LayerPanel::showTrajectories() {
    trajectory_error_->setText(session_->trajectoryError());
    if (!session_->trajectoriesPending() && frame_when_drawn_) {
        frame_when_drawn_ = false;
        if (!session_->trajectoryPaths().empty()) frameTrajectories();
    }
    if (session_->trajectoriesPending()) {
        paths_->setText(tr("Running “%1” through the encoder…").arg(session_->trajectoryWord().toHtmlEscaped()));
        return;
    }
    const auto& paths = session_->trajectoryPaths();
    if (paths.empty()) {
        paths_->setText(tr("Each sentence's “%1” is drawn from its embedding (hollow dot) to the last layer (arrow); "
                           "the ring marks the layer above.")
                            .arg(word_->text().trimmed().toHtmlEscaped()));
        return;
    }
    const QStringList labels = session_->trajectoryLabels();
    QString html;
    for (size_t i = 0; i < paths.size(); ++i) {
        const QString label = qsizetype(i) < labels.size() ? labels[qsizetype(i)] : QString();
        html += QStringLiteral("<div><span style=\"color:%1; font-size:large\">&#9632;</span> <b>%2</b> — %3</div>")
                    .arg(trajectory_colour(i, theme::palette()).name(), label.toHtmlEscaped(),
                         session_->trajectorySentence(i).toHtmlEscaped());
    }
    paths_->setText(html);
}

} // namespace es::ui
