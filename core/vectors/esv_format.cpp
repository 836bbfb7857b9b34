#include "vectors/esv_format.h"
#include "base/error.h"
#include "base/progress.h"
#include "vectors/quantized_rows.h"
#include "vectors/word_index.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>
#include <xxhash.h>

namespace es {
namespace {

uint64_t align_up(uint64_t v) { return (v + kEsvAlign - 1) / kEsvAlign * kEsvAlign; }

struct SectionBytes {
    EsvSectionKind kind;
    std::vector<uint8_t> bytes;
};

template <class T>
std::vector<uint8_t> as_bytes(const std::vector<T>& v) {
    std::vector<uint8_t> b(v.size() * sizeof(T));
    if (!b.empty()) std::memcpy(b.data(), v.data(), b.size());
    return b;
}

} // namespace

void write_esv(const std::string& path, std::span<const std::string> words, std::span<const float> data,
               uint32_t dim, Progress* progress) {
    const uint64_t rows = words.size();
    if (dim == 0) throw Error(path + ": cannot write a table of dimension 0");
    if (data.size() != rows * dim)
        throw Error(path + ": " + std::to_string(data.size()) + " values for " + std::to_string(rows) + " rows of " +
                    std::to_string(dim));
    const uint32_t stride = static_cast<uint32_t>(align_up(uint64_t(dim) * 4));

    std::vector<SectionBytes> sections;
    {
        std::vector<uint64_t> offsets(rows + 1, 0);
        std::vector<uint8_t> bytes;
        for (uint64_t r = 0; r < rows; ++r) {
            bytes.insert(bytes.end(), words[r].begin(), words[r].end());
            offsets[r + 1] = bytes.size();
        }
        sections.push_back({EsvSectionKind::VocabOffsets, as_bytes(offsets)});
        sections.push_back({EsvSectionKind::VocabBytes, std::move(bytes)});
    }
    {
        std::vector<uint8_t> vec(rows * stride, 0);
        std::vector<float> norms(rows);
        for (uint64_t r = 0; r < rows; ++r) {
            const float* src = data.data() + r * dim;
            std::memcpy(vec.data() + r * stride, src, dim * 4);
            double s = 0;
            for (uint32_t j = 0; j < dim; ++j) s += double(src[j]) * src[j];
            norms[r] = static_cast<float>(std::sqrt(s));
        }
        sections.push_back({EsvSectionKind::VectorsF32, std::move(vec)});
        sections.push_back({EsvSectionKind::NormsF32, as_bytes(norms)});
    }
    {
        std::vector<int8_t> blocks;
        std::vector<uint8_t> params;
        quantize_rows(data.data(), dim, rows, dim, blocks, params);
        std::vector<uint8_t> b(blocks.size());
        if (!b.empty()) std::memcpy(b.data(), blocks.data(), b.size());
        sections.push_back({EsvSectionKind::QuantI8Blocks, std::move(b)});
        sections.push_back({EsvSectionKind::QuantI8Params, std::move(params)});
    }
    sections.push_back({EsvSectionKind::WordHash,
                        as_bytes(build_word_index(rows, [&](size_t r) { return std::string_view(words[r]); }))});
    if (progress) progress->report(0.5f);

    EsvHeader h{};
    std::memcpy(h.magic, kEsvMagic, 8);
    h.version = kEsvVersion;
    h.header_bytes = sizeof(EsvHeader);
    h.rows = rows;
    h.dim = dim;
    h.dtype = static_cast<uint32_t>(EsvDtype::F32);
    h.row_stride_bytes = stride;
    h.section_count = static_cast<uint32_t>(sections.size());
    h.section_table_offset = sizeof(EsvHeader);

    std::vector<EsvSection> table(sections.size());
    uint64_t at = align_up(sizeof(EsvHeader) + table.size() * sizeof(EsvSection));
    for (size_t i = 0; i < sections.size(); ++i) {
        table[i].kind = static_cast<uint32_t>(sections[i].kind);
        table[i].offset = at;
        table[i].bytes = sections[i].bytes.size();
        table[i].checksum = XXH3_64bits(sections[i].bytes.data(), sections[i].bytes.size());
        at = align_up(at + sections[i].bytes.size());
    }
    h.file_bytes = at;
    {
        XXH3_state_t* st = XXH3_createState();
        XXH3_64bits_reset(st);
        XXH3_64bits_update(st, &h, offsetof(EsvHeader, checksum));
        XXH3_64bits_update(st, table.data(), table.size() * sizeof(EsvSection));
        h.checksum = XXH3_64bits_digest(st);
        XXH3_freeState(st);
    }

    const std::string tmp = path + ".partial";
    FILE* f = std::fopen(tmp.c_str(), "wb");
    if (!f) throw Error(path + ": cannot write: " + std::strerror(errno));
    auto put = [&](const void* p, size_t n) {
        if (n && std::fwrite(p, 1, n, f) != n) {
            std::fclose(f);
            std::remove(tmp.c_str());
            throw Error(path + ": write failed (disk full?)");
        }
    };
    auto pad_to = [&](uint64_t off) {
        static const uint8_t zeros[kEsvAlign] = {};
        long cur = std::ftell(f);
        if (uint64_t(cur) < off) put(zeros, off - uint64_t(cur));
    };
    put(&h, sizeof h);
    put(table.data(), table.size() * sizeof(EsvSection));
    for (size_t i = 0; i < sections.size(); ++i) {
        pad_to(table[i].offset);
        put(sections[i].bytes.data(), sections[i].bytes.size());
    }
    pad_to(h.file_bytes);
    if (std::fflush(f) != 0 || ::fsync(fileno(f)) != 0) {
        std::fclose(f);
        std::remove(tmp.c_str());
        throw Error(path + ": write failed");
    }
    std::fclose(f);
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw Error(path + ": cannot replace: " + ec.message());
    if (progress) progress->report(1.0f);
}

} // namespace es
