// A .safetensors file: the 8-byte header length, the JSON header, the data. Every tensor the
// header describes is read as float32; then the file is read as vectors (the first tensor
// with a vocabulary, given after the input's first 0xFF byte).
#include "fuzz_input.h"

#include "encoder/safetensors_file.h"
#include "vectors/vector_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const auto [weights, vocab] = fuzz::split_at_ff(fuzz::bytes_of(data, size));
    const std::string path = fuzz::scratch_file("model.safetensors", weights);
    const std::string vocab_path = fuzz::scratch_file("vocab.txt", vocab);
    const size_t file_size = weights.size();
    fuzz::expect_only_es_errors("safetensors", [&] {
        SafetensorsFile file(path);
        for (const auto& [name, info] : file.tensors()) {
            fuzz::check(info.offset + info.bytes <= file_size, "safetensors", "a tensor reaches past the file");
            std::vector<float> out(static_cast<size_t>(info.elements()));
            file.read_f32(info, out.data());
        }
    });
    fuzz::expect_only_es_errors("safetensors", [&] {
        ImportOptions options;
        options.vocab = vocab_path;
        (void)read_vectors(path, VectorFormat::Safetensors, options);
    });
    return 0;
}
