// Position vectors as tables (positions × dim): Vaswani et al.'s sinusoids and the learned
// position embeddings of a loaded model (GPT-2's wpe, BERT's position_embeddings), with the two
// pictures made of them — the position-by-position similarity matrix and the PCA path.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace es {

struct PositionTable {
    int64_t positions = 0, dim = 0;
    std::vector<float> values;  // [positions][dim]
    std::string source;         // "sinusoidal" or the tensor's name
    const float* row(int64_t p) const { return values.data() + p * dim; }
};

// PE(p, 2i) = sin(p / 10000^(2i/d)), PE(p, 2i+1) = cos(p / 10000^(2i/d)).
PositionTable sinusoidal_table(int64_t positions, int64_t dim);

// [positions][positions]: dot products, or cosines when `cosine` (a zero row gives 0).
std::vector<float> position_similarity(const PositionTable& table, bool cosine);

struct PositionPath {
    int64_t positions = 0, components = 0;
    std::vector<float> coords;              // [positions][components], mean-centred PCA scores
    std::vector<double> explained_ratio;    // per component, of the total variance
};

// PCA of the table's rows (covariance eigen-decomposition in double precision); each
// component's sign makes its largest coefficient positive, as core/pca.h does.
PositionPath position_pca_path(const PositionTable& table, int64_t components);

// The learned absolute positions of the model folder `dir` (config.json + safetensors):
// nullopt for models without them (RoPE models). Throws es::Error naming file and tensor.
std::optional<PositionTable> learned_positions(const std::string& dir);

} // namespace es
