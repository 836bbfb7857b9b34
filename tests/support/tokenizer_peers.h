// Shared by the tokenizer tests: the corpus, the npm peers run in node, the data directory.
#pragma once
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <filesystem>
#include <string>
#include <vector>

#include "base/data_paths.h"
#include "testing/test_files.h"
#include "testing/tokenizer_corpus.h"

namespace es::test {

// Every file of tests/tokenizers/corpus whole, and each of its lines on its own.
inline std::vector<CorpusText> corpus() { return read_corpus(EMBEDSCOPE_SOURCE_DIR "/tests/tokenizers/corpus"); }

inline std::string peers_dir() { return es::data_dir() + "/peers/node_modules"; }
inline bool have_peers() { return std::filesystem::exists(peers_dir() + "/gpt-tokenizer/package.json"); }

// Runs a node script of tests/peers with `request` on stdin; returns its JSON answer.
inline QJsonObject run_peer(const char* script, const QJsonObject& request, QString* error) {
    QProcess node;
    node.start("node", {QString(EMBEDSCOPE_SOURCE_DIR "/tests/peers/") + script, QString::fromStdString(peers_dir())});
    if (!node.waitForStarted(10000)) {
        *error = "node does not start";
        return {};
    }
    node.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    node.closeWriteChannel();
    node.waitForFinished(300000);
    QByteArray out = node.readAllStandardOutput();
    if (node.exitCode() != 0) {
        *error = QString::fromUtf8(node.readAllStandardError());
        return {};
    }
    QJsonParseError pe;
    QJsonDocument doc = QJsonDocument::fromJson(out, &pe);
    if (pe.error != QJsonParseError::NoError) *error = "peer output is not JSON: " + pe.errorString();
    return doc.object();
}

inline QJsonArray texts_json(const std::vector<CorpusText>& texts) {
    QJsonArray a;
    for (const auto& t : texts) a.append(QString::fromUtf8(t.text.data(), qsizetype(t.text.size())));
    return a;
}

inline std::vector<int64_t> ids_of(const QJsonValue& v) {
    std::vector<int64_t> ids;
    for (const QJsonValue& x : v.toArray()) ids.push_back(static_cast<int64_t>(x.toDouble()));
    return ids;
}

inline QString show_ids(const std::vector<int64_t>& ids) {
    QStringList s;
    for (int64_t i : ids) s << QString::number(i);
    return s.join(',');
}

} // namespace es::test
