// A Hugging Face transformer (BERT, GPT-2, Llama/Qwen 2) loaded from its folder's config.json
// and safetensors weights onto a compute backend.
#pragma once
#include "encoder/encoder.h"
#include "encoder/model_config.h"

#include <memory>
#include <string>

namespace es {

class EncoderModel final : public Encoder {
public:
    // Reads `dir`/config.json and the weights; throws es::Error naming file, tensor and byte
    // offset on any problem, and refuses up front a model larger than the memory available.
    static std::unique_ptr<EncoderModel> load(const std::string& dir, std::shared_ptr<ComputeBackend> backend);
    ~EncoderModel() override;

    std::string name() const override;
    int64_t max_positions() const override { return config_.max_positions; }
    int64_t vocab_size() const override { return config_.vocab_size; }
    ComputeBackend& backend() override { return *backend_; }
    const ModelConfig& config() const { return config_; }
    const std::string& dir() const { return dir_; }
    EncoderOutput run(std::span<const int64_t> ids, const EncoderOptions& options = {}) override;

private:
    struct Layer;
    EncoderModel() = default;

    std::string dir_;
    ModelConfig config_;
    std::vector<std::string> load_warnings_;  // weights that are not finite, named: every run repeats them
    std::shared_ptr<ComputeBackend> backend_;
    // Embedding tables stay on the host: only the rows of the input are gathered.
    std::vector<float> token_embeddings_, position_embeddings_, type_embeddings_;
    TensorPtr embed_norm_w_, embed_norm_b_;  // BERT's embedding LayerNorm
    TensorPtr final_norm_w_, final_norm_b_;  // GPT-2's ln_f, Llama's norm
    std::vector<Layer> layers_;
};

// Bytes of memory the system can still give (MemAvailable), 0 when unknown.
size_t available_memory_bytes();

} // namespace es
