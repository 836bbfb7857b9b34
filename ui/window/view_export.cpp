#include "window/view_export.h"

#include <QSaveFile>
#include <QStringList>

namespace es::ui {
namespace {

QString csv_field(const QString& s) {
    if (!s.contains(',') && !s.contains('"') && !s.contains('\n') && !s.contains('\r')) return s;
    QString q = s;
    q.replace('"', QStringLiteral("\"\""));
    return '"' + q + '"';
}

QString tsv_field(const QString& s) {
    QString t = s;
    t.replace('\\', QStringLiteral("\\\\")).replace('\t', QStringLiteral("\\t")).replace('\n', QStringLiteral("\\n"));
    t.replace('\r', QStringLiteral("\\r"));
    return t;
}

} // namespace

TableFormat table_format_for(const QString& path) {
    return path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive) ? TableFormat::Csv : TableFormat::Tsv;
}

QString write_projection_table(const QString& path, TableFormat format, const std::vector<float>& points, bool three_d,
                               const QStringList& axes, const std::function<QString(uint32_t)>& word) {
    const QChar sep = format == TableFormat::Csv ? QChar(',') : QChar('\t');
    auto field = [&](const QString& s) { return format == TableFormat::Csv ? csv_field(s) : tsv_field(s); };
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    const int dims = three_d ? 3 : 2;
    QStringList header{QStringLiteral("word")};
    for (int k = 0; k < dims; ++k) header << field(k < axes.size() && !axes[k].isEmpty() ? axes[k] : QString("xyz"[k]));
    QByteArray out = header.join(sep).toUtf8() + '\n';
    const size_t rows = points.size() / 3;
    out.reserve(qsizetype(rows * (three_d ? 40 : 28)));
    for (size_t r = 0; r < rows; ++r) {
        out += field(word(uint32_t(r))).toUtf8();
        for (int k = 0; k < dims; ++k) {
            out += sep.toLatin1();
            out += QByteArray::number(points[r * 3 + size_t(k)], 'g', 7);
        }
        out += '\n';
        if (out.size() > (4 << 20)) {
            if (file.write(out) != out.size()) {
                file.cancelWriting();
                return file.errorString();
            }
            out.clear();
        }
    }
    if (file.write(out) != out.size()) {
        file.cancelWriting();
        return file.errorString();
    }
    if (!file.commit()) return file.errorString();
    return {};
}

QString write_png(const QImage& image, const QString& path) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return file.errorString();
    if (!image.save(&file, "PNG")) {
        file.cancelWriting();
        return QStringLiteral("PNG encoding failed");
    }
    if (!file.commit()) return file.errorString();
    return {};
}

} // namespace es::ui
