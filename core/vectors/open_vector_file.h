// Opening any vector file the core reads, by its content and extension (DESIGN.md: open-by-extension
// in one place), for the CLI's --vectors and the window's sources alike.
#pragma once
#include <memory>
#include <string>

namespace es {

class VectorTable;
struct Progress;

// True when `path` is Embedscope's own format: the .esv magic, or the .esv extension.
bool is_esv_file(const std::string& path);

// An .esv is mapped (also a missing file, so that the error is open_esv's); any other format
// (guess_vector_format) is read into memory, `progress` (may be null) getting the fraction read.
// A wink JSON is refused: only `embedscope import` converts it. Throws es::Error naming the file.
std::shared_ptr<const VectorTable> open_vector_file(const std::string& path, Progress* progress = nullptr);

} // namespace es
