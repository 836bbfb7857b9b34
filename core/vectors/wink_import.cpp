#include "vectors/wink_import.h"
#include "base/error.h"
#include "base/progress.h"
#include "vectors/esv_format.h"

#include <cmath>
#include <simdjson.h>
#include <unordered_map>

namespace es {

void import_wink_json(const std::string& json_path, const std::string& esv_path, Progress* progress) {
    using namespace simdjson;
    auto fail = [&](const std::string& what) { return Error(json_path + ": " + what); };
    padded_string json;
    if (auto err = padded_string::load(json_path).get(json); err)
        throw fail(std::string("cannot read: ") + error_message(err));
    if (progress) progress->report(0.05f);

    dom::parser parser;
    dom::element root;
    if (auto err = parser.parse(json).get(root); err) throw fail(std::string("not valid JSON: ") + error_message(err));
    int64_t dims = 0, size = 0, word_index = 0;
    if (root["dimensions"].get(dims) || root["size"].get(size) || root["wordIndex"].get(word_index))
        throw fail("not a wink embeddings file (missing dimensions, size or wordIndex)");
    if (dims <= 0 || dims > 65536 || size < 0) throw fail("implausible dimensions or size");
    dom::array words;
    dom::object vectors;
    if (root["words"].get(words) || root["vectors"].get(vectors)) throw fail("missing `words` or `vectors`");
    if (int64_t(words.size()) != size)
        throw fail("`size` says " + std::to_string(size) + " words, `words` has " + std::to_string(words.size()));

    std::vector<std::string> vocab;
    vocab.reserve(size);
    std::unordered_map<std::string_view, uint32_t> position;
    position.reserve(size * 2);
    for (dom::element w : words) {
        std::string_view s;
        if (w.get(s)) throw fail("word " + std::to_string(vocab.size()) + " is not a string");
        if (!validate_utf8(s.data(), s.size())) throw fail("word " + std::to_string(vocab.size()) + " is not valid UTF-8");
        if (!position.emplace(s, uint32_t(vocab.size())).second)
            throw fail("duplicate word '" + std::string(s) + "' at " + std::to_string(vocab.size()));
        vocab.emplace_back(s);
    }
    std::vector<float> data(size_t(size) * dims, 0.0f);
    std::vector<bool> seen(size, false);
    size_t done = 0;
    for (dom::key_value_pair kv : vectors) {
        auto it = position.find(kv.key);
        if (it == position.end()) throw fail("vector for '" + std::string(kv.key) + "', which is not in `words`");
        const uint32_t row = it->second;
        dom::array values;
        if (kv.value.get(values)) throw fail("vector of '" + std::string(kv.key) + "' is not an array");
        if (int64_t(values.size()) <= word_index || int64_t(values.size()) < dims)
            throw fail("vector of '" + std::string(kv.key) + "' has " + std::to_string(values.size()) + " values");
        int64_t j = 0;
        for (dom::element v : values) {
            double x = 0;
            if (v.get(x)) throw fail("vector of '" + std::string(kv.key) + "' holds a non-number at " + std::to_string(j));
            if (j < dims) {
                if (!std::isfinite(x)) throw fail("vector of '" + std::string(kv.key) + "' holds a non-finite value");
                data[size_t(row) * dims + j] = static_cast<float>(x);
            } else if (j == word_index && int64_t(x) != row) {
                throw fail("'" + std::string(kv.key) + "' says index " + std::to_string(int64_t(x)) +
                           " but stands at " + std::to_string(row) + " in `words`");
            }
            ++j;
        }
        seen[row] = true;
        if (progress && ++done % 16384 == 0) progress->report(0.1f + 0.6f * float(done) / float(size));
    }
    for (size_t r = 0; r < seen.size(); ++r)
        if (!seen[r]) throw fail("word '" + vocab[r] + "' has no vector");
    write_esv(esv_path, vocab, data, uint32_t(dims), nullptr);
    if (progress) progress->report(1.0f);
}

} // namespace es
