// A table of word vectors: rows of float32 with their words, in the source's order (for the
// default GloVe table, frequency order: "the N most frequent words" are its first N rows).
// Opened from an .esv file it is a view of the memory map — nothing is copied.
#pragma once
#include "base/assertion.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class MappedFile;
struct QuantizedRows;

class VectorTable {
public:
    // Opens an .esv file, checking the header, every section's bounds and the checksums.
    // Throws es::Error naming the file and what is wrong (truncated, foreign, damaged).
    static std::shared_ptr<const VectorTable> open_esv(const std::string& path);

    // A table owned in memory; `data` is rows × dim packed. Builds the word index.
    static std::shared_ptr<const VectorTable> from_rows(std::vector<std::string> words, std::span<const float> data,
                                                        uint32_t dim, std::string source);

    ~VectorTable();

    size_t rows() const { return rows_; }
    uint32_t dim() const { return dim_; }
    size_t stride() const { return stride_; }  // floats between rows, a multiple of 16
    const float* data() const { return data_; }
    const float* row(size_t i) const {
        ES_ASSERT(i < rows_, "VectorTable::row: row index out of range");
        return data_ + i * stride_;
    }
    const float* norms() const { return norms_; }  // L2 norm of each row
    std::string_view word(size_t i) const;
    const std::string& source() const { return source_; }
    // The int8 copy for cosine scans: the file's sections, or built in memory on first use.
    const QuantizedRows& quantized() const;

    // The row of `word` exactly as given.
    std::optional<uint32_t> find_exact(std::string_view word) const;
    // DESIGN.md's rule: as typed, then lower-cased if absent.
    std::optional<uint32_t> lookup(std::string_view word) const;

private:
    VectorTable() = default;

    std::string source_;
    std::unique_ptr<MappedFile> map_;
    size_t rows_ = 0;
    uint32_t dim_ = 0;
    size_t stride_ = 0;
    const float* data_ = nullptr;
    const float* norms_ = nullptr;
    const uint64_t* vocab_offsets_ = nullptr;
    const char* vocab_bytes_ = nullptr;
    std::span<const uint32_t> word_slots_;
    mutable std::unique_ptr<QuantizedRows> quantized_;
    mutable std::once_flag quantized_once_;

    // Storage when the table is owned rather than mapped.
    std::vector<float, std::allocator<float>> own_data_;
    std::vector<float> own_norms_;
    std::vector<uint64_t> own_offsets_;
    std::string own_bytes_;
    std::vector<uint32_t> own_slots_;
};

// Lower-cases UTF-8 text (full Unicode simple case mapping where the C library knows it).
std::string to_lower_utf8(std::string_view s);
// Upper-cases UTF-8 text the same way (plus ß → SS, as Python's str.upper()).
std::string to_upper_utf8(std::string_view s);

} // namespace es
