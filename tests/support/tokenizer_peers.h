// Shared by the tokenizer tests: the corpus, the npm peers run in node, the data directory.
#pragma once
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "base/data_paths.h"
#include "base/error.h"

namespace es::test {

// Writes `text` into `dir` as `name` and returns the path (malformed-file tests).
inline std::string write_test_file(const QTemporaryDir& dir, const char* name, const std::string& text) {
    std::string p = dir.filePath(name).toStdString();
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

// True when `load` throws es::Error whose message contains `where`; the message goes to `what`.
template <class Load>
bool throws_error_containing(Load&& load, const std::string& where, std::string& what) {
    try {
        load();
    } catch (const es::Error& e) {
        what = e.what();
        return what.find(where) != std::string::npos;
    }
    what = "no error";
    return false;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

struct CorpusText {
    std::string label;  // file, or file:line
    std::string text;
};

// Every file of tests/tokenizers/corpus whole, and each of its lines on its own.
inline std::vector<CorpusText> corpus() {
    std::vector<CorpusText> out;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(EMBEDSCOPE_SOURCE_DIR "/tests/tokenizers/corpus"))
        files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::string text = read_file(f.string());
        out.push_back({f.filename().string(), text});
        size_t line = 1, start = 0;
        while (start < text.size()) {
            size_t nl = text.find('\n', start);
            if (nl == std::string::npos) nl = text.size();
            if (nl > start) out.push_back({f.filename().string() + ":" + std::to_string(line), text.substr(start, nl - start)});
            start = nl + 1, ++line;
        }
    }
    return out;
}

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
