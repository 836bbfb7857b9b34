// word2vec's binary format: a text header "rows dim", then per row a word, a space and dim
// little-endian float32.
#include "fuzz_input.h"

#include "vectors/vector_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    const std::string path = fuzz::scratch_file("vectors.bin", fuzz::bytes_of(data, size));
    fuzz::expect_only_es_errors("word2vec_binary", [&] {
        const LoadedVectors v = read_vectors(path, VectorFormat::Word2vecBinary);
        fuzz::check(v.data.size() == v.words.size() * v.dim, "word2vec_binary", "rows × dim is not the data's size");
    });
    // The import streams the same rows into an .esv (vectors/esv_writer.h) instead.
    fuzz::expect_only_es_errors("word2vec_binary", [&] {
        import_vectors(path, VectorFormat::Word2vecBinary, fuzz::scratch_folder() + "/vectors.esv");
    });
    return 0;
}
