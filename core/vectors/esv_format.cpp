#include "vectors/esv_format.h"
#include "base/error.h"
#include "vectors/esv_writer.h"

namespace es {

void write_esv(const std::string& path, std::span<const std::string> words, std::span<const float> data,
               uint32_t dim, Progress* progress) {
    const uint64_t rows = words.size();
    if (dim == 0) throw Error(path + ": cannot write a table of dimension 0");
    if (data.size() != rows * dim)
        throw Error(path + ": " + std::to_string(data.size()) + " values for " + std::to_string(rows) + " rows of " +
                    std::to_string(dim));
    EsvWriter writer(path, rows, dim);
    for (uint64_t r = 0; r < rows; ++r) (void)writer.add(words[r], data.data() + r * dim);
    writer.finish(progress);
}

} // namespace es
