// A Hugging Face config.json, as the encoder reads it before it allocates anything.
#include "fuzz_input.h"

#include "encoder/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const std::string path = fuzz::scratch_file("config.json", fuzz::bytes_of(data, size));
    fuzz::expect_only_es_errors("model_config", [&] { (void)read_model_config(path); });
    return 0;
}
