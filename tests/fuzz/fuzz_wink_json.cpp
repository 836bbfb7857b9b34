// A wink-embeddings JSON, converted to an .esv as `embedscope import --format wink` does.
#include "fuzz_input.h"

#include "vectors/wink_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const std::string path = fuzz::scratch_file("wink.json", fuzz::bytes_of(data, size));
    fuzz::expect_only_es_errors("wink_json", [&] { import_wink_json(path, fuzz::scratch_folder() + "/wink.esv"); });
    return 0;
}
