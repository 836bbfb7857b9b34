// [SECTION] formats and checks  [SECTION] text (word2vec, GloVe, fastText)  [SECTION] word2vec
// binary  [SECTION] TensorFlow Projector TSV  [SECTION] safetensors + vocabulary  [SECTION] entry
#include "vectors/vector_import.h"
#include "base/error.h"
#include "base/mapped_file.h"
#include "base/progress.h"
#include "base/text_lines.h"
#include "encoder/safetensors_file.h"
#include "vectors/esv_format.h"
#include "vectors/esv_writer.h"
#include "vectors/wink_import.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace es {

// [SECTION] formats and checks

const char* vector_format_name(VectorFormat f) {
    switch (f) {
    case VectorFormat::Word2vecText: return "word2vec";
    case VectorFormat::Word2vecBinary: return "word2vec-bin";
    case VectorFormat::GloveText: return "glove";
    case VectorFormat::FasttextVec: return "fasttext";
    case VectorFormat::ProjectorTsv: return "tsv";
    case VectorFormat::Safetensors: return "safetensors";
    case VectorFormat::Wink: return "wink";
    }
    return "?";
}

bool parse_vector_format(const std::string& s, VectorFormat& out) {
    for (VectorFormat f : {VectorFormat::Word2vecText, VectorFormat::Word2vecBinary, VectorFormat::GloveText,
                           VectorFormat::FasttextVec, VectorFormat::ProjectorTsv, VectorFormat::Safetensors, VectorFormat::Wink})
        if (s == vector_format_name(f)) {
            out = f;
            return true;
        }
    return false;
}

namespace {

bool is_blank(char c) { return c == ' ' || c == '\t'; }

enum class Parsed { Number, NotANumber, OutOfRange };

// A decimal number as float32; one beyond float32's range (1e-400, 1e39) is OutOfRange.
Parsed parse_float(std::string_view s, float& v) {
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || end != s.data() + s.size()) return Parsed::NotANumber;
    if (ec == std::errc::result_out_of_range) return Parsed::OutOfRange;
    return ec == std::errc() ? Parsed::Number : Parsed::NotANumber;
}

std::string value_problem(Parsed p) { return p == Parsed::OutOfRange ? "is out of float32's range" : "is not a number"; }

bool parse_count(std::string_view s, uint64_t& v) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

// What every importer refuses in a word; `where()` names the place (made only for a message).
template <class Where>
void check_word(std::string_view w, Where&& where) {
    if (w.empty()) throw Error(where() + ": empty word");
    if (!is_valid_utf8(w)) throw Error(where() + ": the word is not valid UTF-8");
    // Such a word could not be written back as a line of text (export) or shown whole.
    if (const size_t c = w.find_first_of(std::string_view("\0\t\n\r", 4)); c != std::string_view::npos)
        throw Error(where() + ": the word contains a " + (w[c] == '\0' ? "NUL byte" : w[c] == '\t' ? "tab" : "line break") +
                    " at its byte " + std::to_string(c + 1));
}

// The index of the first value that is NaN or infinite, or n.
size_t first_non_finite(const float* v, size_t n) {
    uint32_t any = 0;  // a branch-free pass first: rows are almost always clean
    for (size_t j = 0; j < n; ++j) {
        uint32_t bits;
        std::memcpy(&bits, v + j, 4);
        any |= (bits & 0x7F800000u) == 0x7F800000u;
    }
    if (!any) return n;
    for (size_t j = 0; j < n; ++j)
        if (!std::isfinite(v[j])) return j;
    return n;
}

// Collects rows, checking each word and value; `where` names the place for an error.
class RowSink {
public:
    RowSink(LoadedVectors& out) : out_(out) {}
    void word(std::string_view w, const std::string& where) {
        check_word(w, [&] { return where; });
        auto [it, fresh] = first_.try_emplace(std::string(w), where);
        if (!fresh) throw Error(where + ": duplicate word '" + std::string(w) + "' (first at " + it->second + ")");
        out_.words.emplace_back(w);
    }
    void value(float v, size_t column, const std::string& where) {
        if (!std::isfinite(v)) throw Error(where + ": value " + std::to_string(column) + " is not finite (" + std::to_string(v) + ")");
        out_.data.push_back(v);
    }

private:
    LoadedVectors& out_;
    std::unordered_map<std::string, std::string> first_;
};

void report(Progress* p, size_t done, size_t total) {
    if (p && total) p->report(float(double(done) / double(total)));
}

// [SECTION] text (word2vec, GloVe, fastText)

// word2vec text and fastText .vec start with "count dim"; GloVe text has no header.
LoadedVectors read_text(const std::string& path, bool header, Progress* progress) {
    MappedFile map(path);
    const std::string_view text(reinterpret_cast<const char*>(map.data()), map.size());
    TextLines lines(text);
    std::string_view line;
    LoadedVectors out;
    RowSink sink(out);
    uint64_t expect_rows = 0;
    if (header) {
        if (!lines.next(line)) throw Error(path + ": empty file (expected a 'count dim' header)");
        const auto f = split_words(line, is_blank);
        uint64_t dim = 0;
        if (f.size() != 2 || !parse_count(f[0], expect_rows) || !parse_count(f[1], dim) || dim == 0 || dim > 65536)
            throw Error(text_position(path, 1, 0) + ": expected a header 'count dim', found '" + std::string(line.substr(0, 60)) + "'");
        out.dim = uint32_t(dim);
        if (expect_rows > text.size()) throw Error(text_position(path, 1, 0) + ": header count " + std::to_string(expect_rows) + " exceeds the file");
        out.words.reserve(expect_rows);
        out.data.reserve(expect_rows * dim);
    }
    size_t since_report = 0;
    while (lines.next(line)) {
        if (line.empty() || line.find_first_not_of(" \t") == std::string_view::npos) continue;
        const std::string where = text_position(path, lines.line(), lines.offset());
        const auto f = split_words(line, is_blank);
        if (out.dim == 0) {
            if (f.size() < 2) throw Error(where + ": a word without values");
            out.dim = uint32_t(f.size() - 1);
        }
        if (f.size() - 1 != out.dim)
            throw Error(where + ": " + std::to_string(f.size() - 1) + " values, expected " + std::to_string(out.dim) +
                        (header ? " (the header's dimension)" : " (as the first row)"));
        sink.word(f[0], where);
        for (size_t j = 1; j < f.size(); ++j) {
            float v;
            if (const Parsed p = parse_float(f[j], v); p != Parsed::Number)
                throw Error(where + ": value " + std::to_string(j) + " '" + std::string(f[j].substr(0, 30)) + "' " + value_problem(p));
            sink.value(v, j, where);
        }
        if (++since_report == 4096) {
            since_report = 0;
            report(progress, lines.consumed(), text.size());
        }
    }
    if (header && out.words.size() != expect_rows)
        throw Error(path + ": header says " + std::to_string(expect_rows) + " words, the file has " + std::to_string(out.words.size()));
    if (out.words.empty()) throw Error(path + ": no vectors");
    return out;
}

// [SECTION] word2vec binary

// The header read and the row count checked against the file's size; rows are scanned after.
struct Word2vecBinary {
    explicit Word2vecBinary(const std::string& path) : path(path), map(path) {
        const uint8_t* p = map.data();
        const size_t size = map.size();
        size_t at = 0;
        while (at < size && p[at] != '\n') ++at;
        if (at == size) throw Error(path + ": no header line 'count dim' (or truncated at byte " + std::to_string(size) + ")");
        const auto f = split_words(std::string_view(reinterpret_cast<const char*>(p), at), is_blank);
        if (f.size() != 2 || !parse_count(f[0], rows) || !parse_count(f[1], dim) || dim == 0 || dim > 65536)
            throw Error(path + ": byte 0: expected a header 'count dim'");
        first_row = at + 1;
        if (rows == 0) throw Error(path + ": byte 0: the header says 0 words (no vectors)");
        if (rows > (size - first_row) / (dim * 4 + 2))
            throw Error(path + ": truncated: the header says " + std::to_string(rows) + " words of " + std::to_string(dim) +
                        " values, more than the file holds (it ends at byte " + std::to_string(size) + ")");
    }
    std::string where(uint64_t row, size_t start) const {
        return path + ": byte " + std::to_string(start) + " (word " + std::to_string(row + 1) + " of " + std::to_string(rows) + ")";
    }

    // For each row in order: copies its values to place(row) (dim floats, aligned) and checks
    // them finite, checks the word as every importer does, then calls on_row(word, row, start
    // byte). The pages read are released as it goes (a 1.2 GB file is never resident at once).
    template <class Place, class OnRow>
    void scan(Progress* progress, Place&& place, OnRow&& on_row) const {
        const uint8_t* p = map.data();
        const size_t size = map.size();
        map.advise_sequential();
        size_t at = first_row, released = 0, populated = 0;
        constexpr size_t kWindow = size_t(16) << 20;  // mapped in ahead of the scan, released behind it
        for (uint64_t r = 0; r < rows; ++r) {
            while (at < size && (p[at] == '\n' || p[at] == ' ')) ++at;  // the newline some writers put after each vector
            const size_t start = at;
            if (at + 8192 > populated && populated < size) map.populate(populated, populated + kWindow), populated += kWindow;
            const void* space = std::memchr(p + at, ' ', std::min<size_t>(size - at, 4097));  // a word is at most 4096 bytes
            if (!space) {
                if (size - at >= 4097)
                    throw Error(path + ": byte " + std::to_string(start) + ": word " + std::to_string(r) +
                                " longer than 4096 bytes (not a word2vec binary file?)");
                throw Error(where(r, start) + ": truncated in the word");
            }
            at = size_t(static_cast<const uint8_t*>(space) - p);
            const std::string_view word(reinterpret_cast<const char*>(p + start), at - start);
            check_word(word, [&] { return where(r, start); });
            ++at;
            if (size - at < dim * 4)
                throw Error(where(r, start) + ": truncated: the vector needs " + std::to_string(dim * 4) + " bytes at byte " +
                            std::to_string(at) + ", the file ends at " + std::to_string(size));
            float* values = place(r);
            std::memcpy(values, p + at, dim * 4);
            if (const size_t bad = first_non_finite(values, dim); bad < dim)
                throw Error(where(r, start) + ": value " + std::to_string(bad + 1) + " is not finite (" +
                            std::to_string(values[bad]) + ")");
            on_row(word, r, start);
            at += dim * 4;
            if ((r & 4095) == 0) {
                report(progress, at, size);
                if (at - released > 4 * kWindow) map.release(released, start), released = start;
            }
        }
        while (at < size && (p[at] == '\n' || p[at] == ' ')) ++at;
        if (at < size)
            throw Error(path + ": byte " + std::to_string(at) + ": more data after the " + std::to_string(rows) +
                        " words the header counts (" + std::to_string(size - at) + " bytes; is the count wrong?)");
    }

    std::string path;
    MappedFile map;
    uint64_t rows = 0, dim = 0;
    size_t first_row = 0;
};

LoadedVectors read_word2vec_binary(const std::string& path, Progress* progress) {
    const Word2vecBinary file(path);
    LoadedVectors out;
    out.dim = uint32_t(file.dim);
    out.words.reserve(file.rows);  // never reallocated: the map's views stay valid
    out.data.resize(file.rows * file.dim);
    std::unordered_map<std::string_view, std::pair<uint64_t, size_t>> first;  // word → (row, start byte)
    first.reserve(file.rows);
    file.scan(progress, [&](uint64_t r) { return out.data.data() + r * file.dim; },
              [&](std::string_view word, uint64_t r, size_t start) {
                  out.words.emplace_back(word);
                  const auto [it, fresh] = first.try_emplace(out.words.back(), r, start);
                  if (!fresh)
                      throw Error(file.where(r, start) + ": duplicate word '" + std::string(word) + "' (first at " +
                                  file.where(it->second.first, it->second.second).substr(path.size() + 2) + ")");
              });
    return out;
}

// Straight into the .esv, row by row: memory for the words and a chunk of rows, not the table.
void import_word2vec_binary(const std::string& path, const std::string& esv_path, Progress* progress) {
    const Word2vecBinary file(path);
    EsvWriter writer(esv_path, file.rows, uint32_t(file.dim));
    std::vector<size_t> starts;
    starts.reserve(file.rows);
    file.scan(progress, [&](uint64_t) { return writer.next_row(); }, [&](std::string_view word, uint64_t r, size_t start) {
        starts.push_back(start);
        if (const auto earlier = writer.add(word))
            throw Error(file.where(r, start) + ": duplicate word '" + std::string(word) + "' (first at " +
                        file.where(*earlier, starts[*earlier]).substr(path.size() + 2) + ")");
    });
    writer.finish();
}

// [SECTION] TensorFlow Projector TSV

LoadedVectors read_projector_tsv(const std::string& path, std::string metadata, Progress* progress) {
    namespace fs = std::filesystem;
    if (metadata.empty()) {
        const fs::path p(path);
        std::string name = p.filename().string();
        const size_t v = name.find("vectors");
        if (v != std::string::npos) {
            name.replace(v, 7, "metadata");
            if (fs::exists(p.parent_path() / name)) metadata = (p.parent_path() / name).string();
        }
    }
    const std::string text = read_text_file(path);
    TextLines lines(text);
    std::string_view line;
    LoadedVectors out;
    std::vector<float> row;
    size_t since_report = 0;
    bool first = true;
    while (lines.next(line)) {
        if (line.empty()) continue;
        const std::string where = text_position(path, lines.line(), lines.offset());
        const auto f = split_tabs(line);
        row.clear();
        Parsed parsed = Parsed::Number;
        size_t column = 0;
        for (auto x : f) {
            float v;
            ++column;
            if ((parsed = parse_float(x, v)) != Parsed::Number) break;
            row.push_back(v);
        }
        if (parsed != Parsed::Number) {
            if (first && parsed == Parsed::NotANumber) { first = false; continue; }  // a header row
            throw Error(where + ": value " + std::to_string(column) + " " + value_problem(parsed));
        }
        first = false;
        if (out.dim == 0) out.dim = uint32_t(row.size());
        if (row.size() != out.dim)
            throw Error(where + ": " + std::to_string(row.size()) + " values, expected " + std::to_string(out.dim) + " (as the first row)");
        for (size_t j = 0; j < row.size(); ++j)
            if (!std::isfinite(row[j])) throw Error(where + ": value " + std::to_string(j + 1) + " is not finite");
        out.data.insert(out.data.end(), row.begin(), row.end());
        if (++since_report == 4096) {
            since_report = 0;
            report(progress, lines.consumed(), text.size());
        }
    }
    const size_t rows = out.dim ? out.data.size() / out.dim : 0;
    if (rows == 0) throw Error(path + ": no vectors");
    RowSink sink(out);
    if (metadata.empty()) {
        for (size_t r = 0; r < rows; ++r) sink.word(std::to_string(r), path);
        return out;
    }
    // TF Projector's rule: metadata with one column has no header; with several, the first line
    // names the columns and the first column holds the label.
    const std::string meta = read_text_file(metadata);
    TextLines ml(meta);
    std::vector<std::pair<std::string_view, std::string>> labels;
    bool header_checked = false;
    while (ml.next(line)) {
        const std::string where = text_position(metadata, ml.line(), ml.offset());
        if (!header_checked) {
            header_checked = true;
            if (line.find('\t') != std::string_view::npos) continue;
        }
        if (line.empty() && ml.consumed() >= meta.size()) break;
        labels.push_back({split_tabs(line)[0], where});
    }
    if (labels.size() != rows)
        throw Error(metadata + ": " + std::to_string(labels.size()) + " labels for the " + std::to_string(rows) + " rows of " + path);
    for (const auto& [w, where] : labels) sink.word(w, where);
    return out;
}

// [SECTION] safetensors + vocabulary

LoadedVectors read_safetensors(const std::string& path, const ImportOptions& opt, Progress* progress) {
    namespace fs = std::filesystem;
    SafetensorsFile file(path);
    const TensorInfo* t = nullptr;
    if (!opt.tensor.empty()) {
        t = file.find(opt.tensor);
        if (!t) throw Error(path + ": no tensor '" + opt.tensor + "'");
    } else {
        for (const auto& [name, info] : file.tensors())
            if (info.shape.size() == 2) {
                if (t) throw Error(path + ": several 2-D tensors ('" + t->name + "', '" + name + "'); name one with --tensor");
                t = &info;
            }
        if (!t) throw Error(path + ": no 2-D tensor");
    }
    if (t->shape.size() != 2 || t->shape[0] <= 0 || t->shape[1] <= 0 || t->shape[1] > 65536)
        throw Error(path + ": tensor '" + t->name + "' at byte " + std::to_string(t->offset) + " has shape " + shape_string(t->shape) + ", not rows × dim");
    std::string vocab = opt.vocab;
    if (vocab.empty()) {
        const fs::path dir = fs::path(path).parent_path();
        for (const char* name : {"vocab.txt", "vocab.json"})
            if (fs::exists(dir / name)) {
                vocab = (dir / name).string();
                break;
            }
        if (vocab.empty()) throw Error(path + ": no vocab.txt or vocab.json beside it; name the vocabulary with --vocab");
    }
    const size_t rows = size_t(t->shape[0]);
    std::vector<std::pair<std::string, std::string>> words;  // word, where
    const std::string text = read_text_file(vocab);
    if (vocab.ends_with(".json")) {
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(text);
        } catch (const std::exception& e) {
            throw Error(vocab + ": not JSON: " + e.what());
        }
        if (!j.is_object()) throw Error(vocab + ": expected an object {token: id}");
        words.resize(j.size());
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (!it.value().is_number_unsigned() || it.value().get<uint64_t>() >= j.size())
                throw Error(vocab + ": token '" + it.key() + "' has an id outside 0.." + std::to_string(j.size() - 1));
            auto& slot = words[it.value().get<size_t>()];
            if (!slot.first.empty()) throw Error(vocab + ": id " + std::to_string(it.value().get<size_t>()) + " given twice");
            slot = {it.key(), vocab + ": token '" + it.key() + "'"};
        }
    } else {
        TextLines lines(text);
        std::string_view line;
        while (lines.next(line)) {
            if (line.empty() && lines.consumed() >= text.size()) break;
            words.push_back({std::string(line), text_position(vocab, lines.line(), lines.offset())});
        }
    }
    if (words.size() != rows)
        throw Error(path + ": tensor '" + t->name + "' has " + std::to_string(rows) + " rows, the vocabulary " + vocab + " " + std::to_string(words.size()) + " words");
    LoadedVectors out;
    out.dim = uint32_t(t->shape[1]);
    std::vector<float> raw(rows * out.dim);
    file.read_f32(*t, raw.data());
    report(progress, 1, 2);
    RowSink sink(out);
    for (size_t r = 0; r < rows; ++r) {
        sink.word(words[r].first, words[r].second);
        for (uint32_t j = 0; j < out.dim; ++j)
            sink.value(raw[r * out.dim + j], j + 1, path + ": tensor '" + t->name + "' row " + std::to_string(r) + " (byte " + std::to_string(t->offset + (r * out.dim + j) * dtype_size(t->dtype)) + ")");
    }
    return out;
}

} // namespace

// [SECTION] entry

VectorFormat guess_vector_format(const std::string& path) {
    auto ends = [&](const char* s) { return path.ends_with(s); };
    if (ends(".json")) return VectorFormat::Wink;
    if (ends(".safetensors")) return VectorFormat::Safetensors;
    if (ends(".tsv")) return VectorFormat::ProjectorTsv;
    if (ends(".vec")) return VectorFormat::FasttextVec;
    if (ends(".bin")) return VectorFormat::Word2vecBinary;
    if (ends(".txt")) {
        // A 'count dim' first line is word2vec's header; GloVe starts with a word and its values.
        MappedFile map(path);
        const std::string_view text(reinterpret_cast<const char*>(map.data()), std::min<size_t>(map.size(), 4096));
        const auto f = split_words(text.substr(0, text.find('\n')), is_blank);
        uint64_t a, b;
        return f.size() == 2 && parse_count(f[0], a) && parse_count(f[1], b) ? VectorFormat::Word2vecText : VectorFormat::GloveText;
    }
    throw Error(path + ": cannot tell the format from the name (.esv, .txt, .vec, .bin, .tsv, .json or .safetensors)");
}

LoadedVectors read_vectors(const std::string& path, VectorFormat format, const ImportOptions& options, Progress* progress) {
    switch (format) {
    case VectorFormat::Word2vecText:
    case VectorFormat::FasttextVec: return read_text(path, true, progress);
    case VectorFormat::GloveText: return read_text(path, false, progress);
    case VectorFormat::Word2vecBinary: return read_word2vec_binary(path, progress);
    case VectorFormat::ProjectorTsv: return read_projector_tsv(path, options.metadata, progress);
    case VectorFormat::Safetensors: return read_safetensors(path, options, progress);
    case VectorFormat::Wink: break;
    }
    throw Error(path + ": the wink JSON converts straight to .esv (import_wink_json)");
}

void import_vectors(const std::string& path, VectorFormat format, const std::string& esv_path, const ImportOptions& options,
                    Progress* progress) {
    if (format == VectorFormat::Wink) return import_wink_json(path, esv_path, progress);
    if (format == VectorFormat::Word2vecBinary) {
        import_word2vec_binary(path, esv_path, progress);
        if (progress) progress->report(1.0f);
        return;
    }
    const LoadedVectors v = read_vectors(path, format, options, progress);
    write_esv(esv_path, v.words, v.data, v.dim, nullptr);
    if (progress) progress->report(1.0f);
}

} // namespace es
