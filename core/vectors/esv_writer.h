// Writing an .esv row by row: each row's vector and int8 copy go to the file as it arrives, so
// a table larger than memory converts with memory for a few thousand rows, its words and one
// float per row (the norms). write_esv() (esv_format.h) is this writer fed from memory.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace es {

struct Progress;

class EsvWriter {
public:
    // Starts `path`.partial for exactly `rows` rows of `dim` values. Throws es::Error naming the
    // path when it cannot be created.
    EsvWriter(const std::string& path, uint64_t rows, uint32_t dim);
    // Without finish(), the partial file is removed: nothing half-written is left behind.
    ~EsvWriter();
    EsvWriter(const EsvWriter&) = delete;
    EsvWriter& operator=(const EsvWriter&) = delete;

    // Adds the next row. The caller has checked the word (UTF-8, no control characters) and the
    // values (finite). Returns the earlier row with the same word, if any: the row is added all
    // the same (the word index finds the first), and an importer reports it as an error. Throws
    // es::Error when the disk refuses a write.
    std::optional<uint64_t> add(std::string_view word, const float* values);
    // The same without a copy: the values were written to next_row() first.
    float* next_row();  // dim floats, 64-byte aligned; valid until the next add()
    std::optional<uint64_t> add(std::string_view word);
    uint64_t rows_added() const;
    // The word of a row added before (for messages).
    std::string_view word(uint64_t row) const;

    // Writes the rest (norms, vocabulary, word index, header), syncs and renames the file into
    // place. Every row must have been added.
    void finish(Progress* progress = nullptr);

private:
    struct State;
    std::unique_ptr<State> s_;
};

} // namespace es
