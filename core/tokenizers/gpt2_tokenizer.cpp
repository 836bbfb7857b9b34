#include "tokenizers/gpt2_tokenizer.h"

#include "base/error.h"
#include "text/byte_level.h"
#include "tokenizers/tiktoken_encoding.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unordered_map>

namespace es {

std::unique_ptr<BpeTokenizer> load_gpt2_folder(const std::string& folder, std::string name) {
    const std::string encoder_path = (std::filesystem::path(folder) / "encoder.json").string();
    const std::string merges_path = (std::filesystem::path(folder) / "vocab.bpe").string();

    std::ifstream ein(encoder_path, std::ios::binary);
    if (!ein) throw Error(encoder_path + ": cannot open GPT-2's encoder.json");
    nlohmann::json encoder;
    try {
        encoder = nlohmann::json::parse(ein);
    } catch (const nlohmann::json::exception& e) {
        throw Error(encoder_path + ": not valid JSON: " + e.what());
    }
    if (!encoder.is_object()) throw Error(encoder_path + ": expected a JSON object of token → id");
    std::unordered_map<std::string, uint32_t> ids;
    std::unordered_map<uint32_t, std::string> token_of_id;  // an id names one token, or decoding is ambiguous
    for (auto it = encoder.begin(); it != encoder.end(); ++it) {
        if (!it.value().is_number_unsigned() || it.value().get<uint64_t>() > BytePairTable::kMaxId)
            throw Error(encoder_path + ": token \"" + it.key() + "\": the id is not a whole number up to " +
                        std::to_string(BytePairTable::kMaxId));
        const uint32_t id = it.value().get<uint32_t>();
        if (auto [at, fresh] = token_of_id.emplace(id, it.key()); !fresh)
            throw Error(encoder_path + ": tokens \"" + at->second + "\" and \"" + it.key() + "\" have the same id " +
                        std::to_string(id));
        ids.emplace(it.key(), id);
    }

    BytePairTable table;
    std::unordered_map<std::string, bool> in_table;
    for (int b = 0; b < 256; ++b) {  // bytes rank below every merge, in byte order as tiktoken does
        std::string byte(1, static_cast<char>(b));
        std::string spelled = byte_level::spell(byte);
        auto it = ids.find(spelled);
        if (it == ids.end()) throw Error(encoder_path + ": the single byte " + std::to_string(b) + " (\"" + spelled + "\") is missing");
        table.add(byte, static_cast<uint32_t>(b), it->second);
        in_table[spelled] = true;
    }

    std::ifstream min(merges_path, std::ios::binary);
    if (!min) throw Error(merges_path + ": cannot open GPT-2's vocab.bpe");
    std::string line;
    size_t line_no = 0;
    uint32_t rank = 256;
    while (std::getline(min, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || (line_no == 1 && line.rfind("#version", 0) == 0)) continue;
        auto fail = [&](const std::string& why) {
            return Error(merges_path + ":" + std::to_string(line_no) + ": " + why);
        };
        size_t sp = line.find(' ');
        if (sp == std::string::npos || sp == 0 || sp + 1 >= line.size() || line.find(' ', sp + 1) != std::string::npos)
            throw fail("expected two tokens separated by one space");
        std::string left = line.substr(0, sp), right = line.substr(sp + 1);
        if (!in_table.count(left) || !in_table.count(right)) throw fail("merges a token no earlier line made");
        std::string merged = left + right;
        auto it = ids.find(merged);
        if (it == ids.end()) throw fail("the merged token \"" + merged + "\" is not in encoder.json");
        auto bytes = byte_level::unspell(merged);
        if (!bytes) throw fail("a character outside GPT-2's byte alphabet");
        table.add(*bytes, rank++, it->second);  // a repeated merge keeps its first rank
        in_table[merged] = true;
    }
    std::vector<SpecialToken> specials;
    for (const auto& [spelling, id] : ids)
        if (!in_table.count(spelling)) specials.push_back({spelling, id});
    return std::make_unique<BpeTokenizer>(std::move(name), tiktoken_encoding_spec("r50k_base")->pattern, std::move(table),
                                          std::move(specials), true);
}

} // namespace es
