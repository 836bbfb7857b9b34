#include "vectors/open_vector_file.h"

#include "base/error.h"
#include "vectors/esv_format.h"
#include "vectors/vector_import.h"
#include "vectors/vector_table.h"

#include <cstring>
#include <filesystem>
#include <fstream>

namespace es {

bool is_esv_file(const std::string& path) {
    char magic[8] = {};
    std::ifstream(path, std::ios::binary).read(magic, sizeof magic);
    return std::memcmp(magic, kEsvMagic, sizeof magic) == 0 || path.ends_with(".esv");
}

std::shared_ptr<const VectorTable> open_vector_file(const std::string& path, Progress* progress) {
    if (is_esv_file(path) || !std::filesystem::exists(path)) return VectorTable::open_esv(path);
    const VectorFormat format = guess_vector_format(path);
    if (format == VectorFormat::Wink)
        throw Error(path + ": a wink JSON file is read only by `embedscope import`; convert it to .esv first");
    LoadedVectors v = read_vectors(path, format, {}, progress);
    return VectorTable::from_rows(std::move(v.words), v.data, v.dim, path);
}

} // namespace es
