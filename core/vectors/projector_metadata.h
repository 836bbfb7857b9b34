// The extra columns of a TensorFlow Projector metadata.tsv (the label column aside), for colouring
// the explorer's points. TF Projector's rule: one column has no header line; several columns
// have one, which names them, and the first column is the label the table's words came from.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace es {

struct ProjectorMetadata {
    std::vector<std::string> columns;               // header names, label column excluded
    std::vector<std::vector<std::string>> values;   // [column][row]
};

// The metadata file read_vectors() pairs with `vectors_path` (metadata.tsv beside vectors.tsv,
// same name with "vectors" → "metadata"), or "" when there is none.
std::string projector_metadata_path(const std::string& vectors_path);

// Reads `metadata_path` for a table of `rows` rows. Empty when the file has one column. Throws
// es::Error naming the file and line for a row count that differs or a ragged line.
ProjectorMetadata read_projector_metadata(const std::string& metadata_path, size_t rows);

} // namespace es
