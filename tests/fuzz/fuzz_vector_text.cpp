// Text vector files: word2vec text, GloVe, fastText .vec and TF Projector TSV (with the
// metadata.tsv after the input's first 0xFF byte). The first byte picks the format.
#include "fuzz_input.h"

#include "vectors/vector_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace es;
    if (size == 0) return 0;
    const VectorFormat formats[] = {VectorFormat::Word2vecText, VectorFormat::GloveText, VectorFormat::FasttextVec,
                                    VectorFormat::ProjectorTsv};
    const VectorFormat format = formats[data[0] % 4];
    const auto [vectors, metadata] = fuzz::split_at_ff(fuzz::bytes_of(data + 1, size - 1));
    const std::string name = format == VectorFormat::ProjectorTsv ? "vectors.tsv" : "vectors.txt";
    const std::string path = fuzz::scratch_file(name, vectors);
    if (format == VectorFormat::ProjectorTsv) fuzz::scratch_file("metadata.tsv", metadata);
    fuzz::expect_only_es_errors("vector_text", [&] { (void)guess_vector_format(path); });
    fuzz::expect_only_es_errors("vector_text", [&] {
        const LoadedVectors v = read_vectors(path, format);
        fuzz::check(v.data.size() == v.words.size() * v.dim, "vector_text", "rows × dim is not the data's size");
    });
    return 0;
}
