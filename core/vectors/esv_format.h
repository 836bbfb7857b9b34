// Embedscope's own vector file (.esv), version 1. Little-endian, memory-mappable:
//
//   [0, 128)          EsvHeader
//   section table     section_count × EsvSection, at header.section_table_offset
//   sections          each 64-byte aligned, covered by its own XXH3-64 checksum
//
// Sections of version 1: vocabulary offsets (u64 × rows+1), vocabulary bytes (UTF-8, the
// table's order), vectors (float32, rows × row_stride_bytes, rows 64-byte aligned), norms
// (float32 × rows), word hash (open addressing, see word_index.h), and optionally the int8 copy
// used by cosine search (quantized_rows.h). Readers skip section kinds
// they do not know, so later versions can add sections (quantised copies) compatibly; an
// incompatible change bumps `version`.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace es {

struct Progress;

inline constexpr char kEsvMagic[8] = {'E', 'M', 'B', 'S', 'C', 'V', 'E', 'C'};
inline constexpr uint32_t kEsvVersion = 1;
inline constexpr uint32_t kEsvAlign = 64;

enum class EsvSectionKind : uint32_t {
    VocabOffsets = 1,
    VocabBytes = 2,
    VectorsF32 = 3,
    NormsF32 = 4,
    WordHash = 5,
    QuantI8Blocks = 6,  // int8 copy of the unit rows (quantized_rows.h), added in the same version:
    QuantI8Params = 7,  // older readers skip both; readers without them build the copy in memory
};

enum class EsvDtype : uint32_t { F32 = 1 };

struct EsvHeader {
    char magic[8];
    uint32_t version;
    uint32_t header_bytes;        // sizeof(EsvHeader)
    uint64_t file_bytes;          // the whole file: a shorter file is truncated
    uint64_t rows;
    uint32_t dim;
    uint32_t dtype;               // EsvDtype
    uint32_t row_stride_bytes;    // multiple of kEsvAlign, >= dim * 4
    uint32_t section_count;
    uint64_t section_table_offset;
    uint64_t reserved[8];
    uint64_t checksum;            // XXH3-64 of the header before this field and the section table
};
static_assert(sizeof(EsvHeader) == 128);

struct EsvSection {
    uint32_t kind;                // EsvSectionKind
    uint32_t reserved;
    uint64_t offset;
    uint64_t bytes;
    uint64_t checksum;            // XXH3-64 of the section's bytes
};
static_assert(sizeof(EsvSection) == 32);

// Writes an .esv file atomically (a temporary beside `path`, then rename): the file is
// either the old one or the complete new one. `data` is rows × dim float32, packed. This is
// EsvWriter (esv_writer.h) fed from memory; a repeated word is written, the index finds its first row.
void write_esv(const std::string& path, std::span<const std::string> words,
               std::span<const float> data, uint32_t dim, Progress* progress = nullptr);

} // namespace es
