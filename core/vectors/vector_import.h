// Reading word-vector files of other tools into a table: word2vec text and binary, GloVe text
// (no header), fastText .vec, TensorFlow Projector TSV (vectors.tsv with an optional
// metadata.tsv) and one 2-D tensor of a .safetensors file with a vocabulary file beside it.
// Every file is checked as it is read; an error names the file and the line (text) or byte
// offset (binary): ragged rows, a wrong dimension, a header count that does not match,
// NaN/Inf, duplicate words, invalid UTF-8, truncation.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace es {

struct Progress;

enum class VectorFormat { Word2vecText, Word2vecBinary, GloveText, FasttextVec, ProjectorTsv, Safetensors, Wink };
const char* vector_format_name(VectorFormat f);
bool parse_vector_format(const std::string& s, VectorFormat& out);
// From the extension and, for text files, the first line; throws when it cannot tell.
VectorFormat guess_vector_format(const std::string& path);

struct ImportOptions {
    std::string metadata;  // TSV: the metadata file ("" = metadata.tsv beside vectors.tsv, if any)
    std::string vocab;     // safetensors: the vocabulary file ("" = vocab.txt or vocab.json beside)
    std::string tensor;    // safetensors: the tensor's name ("" = the only 2-D tensor)
};

struct LoadedVectors {
    std::vector<std::string> words;
    std::vector<float> data;  // rows × dim, packed
    uint32_t dim = 0;
};

// Reads a file of any format but Wink. `progress` (may be null) gets the fraction read and may cancel.
LoadedVectors read_vectors(const std::string& path, VectorFormat format, const ImportOptions& options = {},
                           Progress* progress = nullptr);

// Reads and writes an .esv (Wink goes through wink_import.h).
void import_vectors(const std::string& path, VectorFormat format, const std::string& esv_path,
                    const ImportOptions& options = {}, Progress* progress = nullptr);

} // namespace es
