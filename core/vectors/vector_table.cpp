#include "vectors/vector_table.h"

#include "base/text_lines.h"
#include "base/error.h"
#include "base/mapped_file.h"
#include "vectors/esv_format.h"
#include "vectors/quantized_rows.h"
#include "vectors/word_index.h"

#include <cmath>
#include <cstring>
#include <cwctype>
#include <locale>
#include <xxhash.h>

namespace es {
namespace {

std::string hex(uint64_t v) {
    char b[32];
    std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
    return b;
}

} // namespace

VectorTable::~VectorTable() = default;

const QuantizedRows& VectorTable::quantized() const {
    std::call_once(quantized_once_, [this] {
        if (!quantized_) {
            quantized_ = std::make_unique<QuantizedRows>();
            build_quantized_rows(*this, *quantized_);
        }
    });
    return *quantized_;
}

std::string_view VectorTable::word(size_t i) const {
    ES_ASSERT(i < rows_, "VectorTable::word: row index out of range");
    return {vocab_bytes_ + vocab_offsets_[i], size_t(vocab_offsets_[i + 1] - vocab_offsets_[i])};
}

std::optional<uint32_t> VectorTable::find_exact(std::string_view w) const {
    return find_in_word_index(word_slots_, w, [this](size_t r) { return word(r); });
}

std::optional<uint32_t> VectorTable::lookup(std::string_view w) const {
    if (auto r = find_exact(w)) return r;
    std::string lower = to_lower_utf8(w);
    if (lower != w) return find_exact(lower);
    return std::nullopt;
}

std::shared_ptr<const VectorTable> VectorTable::open_esv(const std::string& path) {
    auto map = std::make_unique<MappedFile>(path);
    const uint8_t* base = map->data();
    const uint64_t size = map->size();
    auto fail = [&](const std::string& what) -> Error { return Error(path + ": " + what); };

    if (size < sizeof(EsvHeader)) {
        if (size >= 8 && std::memcmp(base, kEsvMagic, 8) == 0)
            throw fail("truncated: " + std::to_string(size) + " bytes, shorter than the 128-byte header");
        throw fail("not an Embedscope vector file (too short for a header)");
    }
    EsvHeader h;
    std::memcpy(&h, base, sizeof h);
    if (std::memcmp(h.magic, kEsvMagic, 8) != 0) throw fail("not an Embedscope vector file (bad magic at byte 0)");
    if (h.version != kEsvVersion)
        throw fail("format version " + std::to_string(h.version) + " is not supported (this build reads version " +
                   std::to_string(kEsvVersion) + "); convert it again");
    if (h.file_bytes != size)
        throw fail(size < h.file_bytes ? "truncated: header says " + std::to_string(h.file_bytes) + " bytes, file has " +
                                             std::to_string(size)
                                       : "damaged: header says " + std::to_string(h.file_bytes) + " bytes, file has " +
                                             std::to_string(size));
    if (h.header_bytes != sizeof(EsvHeader) || h.section_count == 0 || h.section_count > 64 ||
        h.section_table_offset < sizeof(EsvHeader) || h.section_table_offset > size ||
        uint64_t(h.section_count) * sizeof(EsvSection) > size - h.section_table_offset)  // no wrap-around
        throw fail("damaged header (section table out of bounds)");
    std::vector<EsvSection> table(h.section_count);
    std::memcpy(table.data(), base + h.section_table_offset, table.size() * sizeof(EsvSection));
    {
        XXH3_state_t* st = XXH3_createState();
        XXH3_64bits_reset(st);
        XXH3_64bits_update(st, &h, offsetof(EsvHeader, checksum));
        XXH3_64bits_update(st, table.data(), table.size() * sizeof(EsvSection));
        const uint64_t sum = XXH3_64bits_digest(st);
        XXH3_freeState(st);
        if (sum != h.checksum) throw fail("damaged header (checksum mismatch at byte 120)");
    }
    if (h.dtype != uint32_t(EsvDtype::F32)) throw fail("unknown dtype " + std::to_string(h.dtype));
    if (h.dim == 0 || h.dim > 65536) throw fail("implausible dimension " + std::to_string(h.dim));
    if (h.row_stride_bytes % kEsvAlign != 0 || h.row_stride_bytes < uint64_t(h.dim) * 4)
        throw fail("bad row stride " + std::to_string(h.row_stride_bytes));
    if (h.rows > (size / h.row_stride_bytes)) throw fail("row count " + std::to_string(h.rows) + " exceeds the file");

    auto section = [&](EsvSectionKind k, uint64_t expect_bytes, bool required) -> const uint8_t* {
        for (const EsvSection& s : table) {
            if (s.kind != uint32_t(k)) continue;
            if (s.offset % kEsvAlign != 0 || s.offset > size || s.bytes > size - s.offset)
                throw fail("section " + std::to_string(s.kind) + " at byte " + std::to_string(s.offset) +
                           " lies outside the file");
            if (expect_bytes != UINT64_MAX && s.bytes != expect_bytes)
                throw fail("section " + std::to_string(s.kind) + " at byte " + std::to_string(s.offset) + " has " +
                           std::to_string(s.bytes) + " bytes, expected " + std::to_string(expect_bytes));
            if (XXH3_64bits(base + s.offset, s.bytes) != s.checksum)
                throw fail("damaged: checksum mismatch in section " + std::to_string(s.kind) + " (bytes " +
                           std::to_string(s.offset) + ".." + std::to_string(s.offset + s.bytes) + ", expected " +
                           hex(s.checksum) + ")");
            return base + s.offset;
        }
        if (required) throw fail("section " + std::to_string(uint32_t(k)) + " is missing");
        return nullptr;
    };

    std::shared_ptr<VectorTable> t(new VectorTable());
    t->source_ = path;
    t->rows_ = h.rows;
    t->dim_ = h.dim;
    t->stride_ = h.row_stride_bytes / 4;
    t->vocab_offsets_ =
        reinterpret_cast<const uint64_t*>(section(EsvSectionKind::VocabOffsets, (h.rows + 1) * 8, true));
    uint64_t vocab_bytes = 0;
    for (const EsvSection& s : table)
        if (s.kind == uint32_t(EsvSectionKind::VocabBytes)) vocab_bytes = s.bytes;
    t->vocab_bytes_ = reinterpret_cast<const char*>(section(EsvSectionKind::VocabBytes, UINT64_MAX, true));
    if (t->vocab_offsets_[0] != 0) throw fail("damaged vocabulary (first offset not 0)");
    for (uint64_t r = 0; r < h.rows; ++r) {
        if (t->vocab_offsets_[r + 1] < t->vocab_offsets_[r] || t->vocab_offsets_[r + 1] > vocab_bytes)
            throw fail("damaged vocabulary at word " + std::to_string(r));
        // Each word as the importers admit it: UTF-8, not empty, no NUL, tab or line break.
        const std::string_view w(t->vocab_bytes_ + t->vocab_offsets_[r], size_t(t->vocab_offsets_[r + 1] - t->vocab_offsets_[r]));
        if (w.empty() || !is_valid_utf8(w) || w.find_first_of(std::string_view("\0\t\n\r", 4)) != std::string_view::npos)
            throw fail("damaged vocabulary: word " + std::to_string(r) + " (vocabulary bytes " + std::to_string(t->vocab_offsets_[r]) +
                       ".." + std::to_string(t->vocab_offsets_[r + 1]) + ") is " +
                       (w.empty() ? "empty" : !is_valid_utf8(w) ? "not valid UTF-8" : "broken by a control character"));
    }
    t->data_ = reinterpret_cast<const float*>(section(EsvSectionKind::VectorsF32, h.rows * h.row_stride_bytes, true));
    t->norms_ = reinterpret_cast<const float*>(section(EsvSectionKind::NormsF32, h.rows * 4, true));
    for (const EsvSection& s : table)
        if (s.kind == uint32_t(EsvSectionKind::WordHash)) {
            if (s.bytes % 4 != 0 || s.bytes == 0 || (s.bytes / 4 & (s.bytes / 4 - 1)) != 0 || s.bytes / 4 < h.rows)
                throw fail("damaged word index at byte " + std::to_string(s.offset));
            auto p = reinterpret_cast<const uint32_t*>(section(EsvSectionKind::WordHash, s.bytes, true));
            t->word_slots_ = {p, size_t(s.bytes / 4)};
            for (uint32_t v : t->word_slots_)
                if (v > h.rows) throw fail("damaged word index at byte " + std::to_string(s.offset));
        }
    {
        const auto qb = section(EsvSectionKind::QuantI8Blocks, quantized_block_bytes(h.rows, h.dim), false);
        const auto qp = section(EsvSectionKind::QuantI8Params, quantized_param_bytes(h.rows), false);
        if (qb && qp) {
            t->quantized_ = std::make_unique<QuantizedRows>();
            t->quantized_->attach(reinterpret_cast<const int8_t*>(qb), qp, h.rows, h.dim);
            if (!(t->quantized_->max_err >= 0 && t->quantized_->max_err < 1))
                throw fail("damaged int8 section (error bound out of range)");
        }
    }
    if (t->word_slots_.empty()) {
        t->own_slots_ = build_word_index(t->rows_, [&](size_t r) { return t->word(r); });
        t->word_slots_ = t->own_slots_;
    }
    t->map_ = std::move(map);
    return t;
}

std::shared_ptr<const VectorTable> VectorTable::from_rows(std::vector<std::string> words, std::span<const float> data,
                                                          uint32_t dim, std::string source) {
    if (dim == 0 || data.size() != words.size() * dim) throw Error(source + ": rows and values do not match");
    std::shared_ptr<VectorTable> t(new VectorTable());
    t->source_ = std::move(source);
    t->rows_ = words.size();
    t->dim_ = dim;
    t->stride_ = (dim + 15) / 16 * 16;
    t->own_data_.assign(t->rows_ * t->stride_, 0.0f);
    t->own_norms_.resize(t->rows_);
    t->own_offsets_.resize(t->rows_ + 1, 0);
    for (size_t r = 0; r < t->rows_; ++r) {
        std::memcpy(t->own_data_.data() + r * t->stride_, data.data() + r * dim, dim * 4);
        double s = 0;
        for (uint32_t j = 0; j < dim; ++j) s += double(data[r * dim + j]) * data[r * dim + j];
        t->own_norms_[r] = float(std::sqrt(s));
        t->own_bytes_ += words[r];
        t->own_offsets_[r + 1] = t->own_bytes_.size();
    }
    t->data_ = t->own_data_.data();
    t->norms_ = t->own_norms_.data();
    t->vocab_offsets_ = t->own_offsets_.data();
    t->vocab_bytes_ = t->own_bytes_.data();
    t->own_slots_ = build_word_index(t->rows_, [&](size_t r) { return t->word(r); });
    t->word_slots_ = t->own_slots_;
    return t;
}

namespace {

std::string change_case(std::string_view s, bool upper) {
    // Fast path: ASCII.
    bool ascii = true;
    for (unsigned char c : s) ascii &= c < 0x80;
    std::string out(s);
    if (ascii) {
        for (char& c : out)
            c = static_cast<char>(upper ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
        return out;
    }
    static const std::locale loc = [] {
        try { return std::locale("C.UTF-8"); } catch (...) { return std::locale::classic(); }
    }();
    const auto& ct = std::use_facet<std::ctype<wchar_t>>(loc);
    out.clear();
    size_t i = 0;
    while (i < s.size()) {
        unsigned char c = s[i];
        uint32_t cp = 0;
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        bool ok = n > 0 && i + n <= s.size();
        if (ok) {
            cp = n == 1 ? c : c & (0x7f >> n);
            for (size_t k = 1; k < n; ++k) {
                unsigned char cc = s[i + k];
                if ((cc & 0xc0) != 0x80) { ok = false; break; }
                cp = (cp << 6) | (cc & 0x3f);
            }
        }
        if (!ok) { out += char(c); ++i; continue; }  // invalid byte: kept as it is
        if (upper && cp == 0xdf) {  // ß: Python's str.upper() gives "SS" (full case mapping)
            out += "SS";
            i += n;
            continue;
        }
        uint32_t lo = static_cast<uint32_t>(upper ? ct.toupper(static_cast<wchar_t>(cp)) : ct.tolower(static_cast<wchar_t>(cp)));
        if (lo < 0x80) out += char(lo);
        else if (lo < 0x800) { out += char(0xc0 | (lo >> 6)); out += char(0x80 | (lo & 0x3f)); }
        else if (lo < 0x10000) { out += char(0xe0 | (lo >> 12)); out += char(0x80 | ((lo >> 6) & 0x3f)); out += char(0x80 | (lo & 0x3f)); }
        else { out += char(0xf0 | (lo >> 18)); out += char(0x80 | ((lo >> 12) & 0x3f)); out += char(0x80 | ((lo >> 6) & 0x3f)); out += char(0x80 | (lo & 0x3f)); }
        i += n;
    }
    return out;
}

} // namespace

std::string to_lower_utf8(std::string_view s) { return change_case(s, false); }
std::string to_upper_utf8(std::string_view s) { return change_case(s, true); }

} // namespace es
