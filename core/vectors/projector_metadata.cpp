#include "vectors/projector_metadata.h"

#include "base/error.h"
#include "base/text_lines.h"

#include <filesystem>

namespace es {

std::string projector_metadata_path(const std::string& vectors_path) {
    namespace fs = std::filesystem;
    const fs::path p(vectors_path);
    std::string name = p.filename().string();
    const size_t v = name.find("vectors");
    if (v == std::string::npos) return {};
    name.replace(v, 7, "metadata");
    std::error_code ec;
    return fs::exists(p.parent_path() / name, ec) ? (p.parent_path() / name).string() : std::string();
}

ProjectorMetadata read_projector_metadata(const std::string& metadata_path, size_t rows) {
    ProjectorMetadata out;
    const std::string text = read_text_file(metadata_path);
    TextLines lines(text);
    std::string_view line;
    if (!lines.next(line) || line.find('\t') == std::string_view::npos) return out;  // one column: labels only
    const auto header = split_tabs(line);
    for (size_t c = 1; c < header.size(); ++c) out.columns.emplace_back(header[c]);
    out.values.assign(out.columns.size(), {});
    for (auto& v : out.values) v.reserve(rows);
    size_t row = 0;
    while (lines.next(line)) {
        if (line.empty() && lines.consumed() >= text.size()) break;
        const auto f = split_tabs(line);
        if (f.size() != header.size())
            throw Error(text_position(metadata_path, lines.line(), lines.offset()) + ": " + std::to_string(f.size()) +
                        " columns, the header has " + std::to_string(header.size()));
        if (++row > rows) break;
        for (size_t c = 1; c < f.size(); ++c) out.values[c - 1].emplace_back(f[c]);
    }
    if (row != rows)
        throw Error(metadata_path + ": " + std::to_string(row) + " rows of metadata for a table of " + std::to_string(rows));
    return out;
}

} // namespace es
