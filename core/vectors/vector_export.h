// Writing a table for other tools: word2vec text ("count dim" header, then "word v1 … vd" lines,
// values with 9 significant digits so float32 round-trips exactly), and TensorFlow Projector's
// pair — vectors.tsv (tab-separated values, no header) and metadata.tsv (one word per line, no
// header) — so a view can be continued there.
#pragma once
#include <string>

namespace es {

class VectorTable;
struct Progress;

void export_word2vec_text(const VectorTable& table, const std::string& path, Progress* progress = nullptr);
// `vectors_path` gets the values; the metadata goes beside it (the name with "vectors" replaced by
// "metadata", or FILE.metadata.tsv). Returns the metadata path.
std::string export_projector_tsv(const VectorTable& table, const std::string& vectors_path, Progress* progress = nullptr);

} // namespace es
