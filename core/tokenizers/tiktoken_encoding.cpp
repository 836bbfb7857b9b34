#include "tokenizers/tiktoken_encoding.h"

#include "base/base64.h"
#include "base/error.h"
#include "base/text_lines.h"

#include <algorithm>
#include <filesystem>

namespace es {
namespace {

// tiktoken_ext/openai_public.py; possessive quantifiers as tiktoken writes them since 0.8.
constexpr const char* kR50kPattern =
    R"('(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s)";
constexpr const char* kCl100kPattern =
    R"('(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s)";
constexpr const char* kO200kPattern =
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?)"
    R"(|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

// Ranks are ids, and ids index a table: a rank of a billion would ask for gigabytes.
constexpr uint32_t kMaxRank = BytePairTable::kMaxId + 1;

// The line that first gives `rank`, for the message about a repeated one (the error path only).
size_t line_of_rank(std::string_view text, uint32_t rank) {
    const std::string suffix = " " + std::to_string(rank);
    size_t line_no = 0;
    for (size_t at = 0; at < text.size();) {
        size_t eol = std::min(text.find('\n', at), text.size());
        std::string_view line = text.substr(at, eol - at);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        ++line_no;
        if (line.size() >= suffix.size() && line.substr(line.size() - suffix.size()) == suffix) return line_no;
        at = eol + 1;
    }
    return 0;
}

} // namespace

std::optional<TiktokenEncodingSpec> tiktoken_encoding_spec(std::string_view name) {
    const std::string eot = "<|endoftext|>";
    if (name == "r50k_base") return TiktokenEncodingSpec{std::string(name), kR50kPattern, {{eot, 50256}}, 50256};
    if (name == "p50k_base") return TiktokenEncodingSpec{std::string(name), kR50kPattern, {{eot, 50256}}, 50280};
    if (name == "cl100k_base")
        return TiktokenEncodingSpec{std::string(name), kCl100kPattern,
                                    {{eot, 100257},
                                     {"<|fim_prefix|>", 100258},
                                     {"<|fim_middle|>", 100259},
                                     {"<|fim_suffix|>", 100260},
                                     {"<|endofprompt|>", 100276}},
                                    100256};
    if (name == "o200k_base")
        return TiktokenEncodingSpec{std::string(name), kO200kPattern, {{eot, 199999}, {"<|endofprompt|>", 200018}}, 199998};
    return std::nullopt;
}

std::vector<std::string> tiktoken_encoding_names() { return {"r50k_base", "p50k_base", "cl100k_base", "o200k_base"}; }

BytePairTable read_tiktoken_ranks(const std::string& path) {
    std::string text;
    try {
        text = read_text_file(path);
    } catch (const Error& e) {
        throw Error(std::string(e.what()) + " (the tiktoken rank file)");
    }
    // Sized once from the file: no rehashing or regrowing while 200,000 tokens go in.
    const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    BytePairTable table;
    table.reserve(lines, text.size() * 3 / 4);
    std::string bytes;
    size_t line_no = 0;
    for (size_t at = 0; at < text.size();) {
        size_t eol = text.find('\n', at);
        if (eol == std::string::npos) eol = text.size();
        std::string_view line(text.data() + at, eol - at);
        at = eol + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) continue;
        auto fail = [&](const std::string& why) {
            return Error(path + ":" + std::to_string(line_no) + ": " + why + " (expected \"BASE64 RANK\")");
        };
        size_t sp = line.find(' ');
        if (sp == std::string::npos) throw fail("no space between token and rank");
        if (!base64_decode(line.substr(0, sp), bytes)) throw fail("the token is not valid base64");
        std::string_view num = line.substr(sp + 1);
        if (num.empty() || num.size() > 8) throw fail("the rank is not a number below " + std::to_string(kMaxRank));
        uint32_t rank = 0;
        for (char c : num) {
            if (c < '0' || c > '9') throw fail("the rank is not a number");
            rank = rank * 10 + uint32_t(c - '0');
        }
        if (rank >= kMaxRank) throw fail("the rank is not a number below " + std::to_string(kMaxRank));
        std::string_view taken;
        if (table.bytes_of_id(rank, taken))  // a cut-off last line ("… 100") repeats a rank
            throw fail("rank " + std::to_string(rank) + " appears twice (first at line " +
                       std::to_string(line_of_rank(text, rank)) + ")");
        if (!table.add(bytes, rank, rank)) throw fail("the token appears twice");
    }
    if (table.size() == 0) throw Error(path + ": the tiktoken rank file holds no tokens");
    return table;
}

std::unique_ptr<BpeTokenizer> load_tiktoken_encoding(std::string_view name, const std::string& path) {
    auto spec = tiktoken_encoding_spec(name);
    if (!spec) throw Error(std::string(name) + ": not a tiktoken encoding this build knows");
    BytePairTable table = read_tiktoken_ranks(path);
    // The named encodings' sizes are known: fewer tokens is a file cut short.
    if (table.size() != spec->ranks)
        throw Error(path + ": holds " + std::to_string(table.size()) + " tokens, " + spec->name + " has " + std::to_string(spec->ranks) +
                    " (truncated or another encoding's file?)");
    return std::make_unique<BpeTokenizer>(spec->name, spec->pattern, std::move(table), spec->specials, true);
}

std::unique_ptr<BpeTokenizer> load_tiktoken_file(const std::string& path) {
    BytePairTable table = read_tiktoken_ranks(path);
    std::string like = table.size() > 150000 ? "o200k_base" : table.size() > 75000 ? "cl100k_base" : "r50k_base";
    auto spec = *tiktoken_encoding_spec(like);
    // Special ids of the named encoding that the file itself uses for ordinary tokens are dropped.
    std::vector<SpecialToken> specials;
    for (const SpecialToken& s : spec.specials) {
        std::string_view b;
        if (!table.bytes_of_id(s.id, b)) specials.push_back(s);
    }
    std::string stem = std::filesystem::path(path).stem().string();
    return std::make_unique<BpeTokenizer>(stem, spec.pattern, std::move(table), std::move(specials), true);
}

} // namespace es
