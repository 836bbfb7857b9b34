#include "tokenizers/tokenizer_registry.h"

#include "base/data_paths.h"
#include "base/error.h"
#include "tokenizers/glove_tokenizer.h"
#include "tokenizers/gpt2_tokenizer.h"
#include "tokenizers/hf/hf_tokenizer.h"
#include "tokenizers/sentencepiece_tokenizer.h"
#include "tokenizers/tiktoken_encoding.h"
#include "tokenizers/wordpiece_tokenizer.h"

#include <filesystem>

namespace es {
namespace fs = std::filesystem;

namespace {

std::string need(const fs::path& p, const std::string& name) {
    if (!fs::exists(p))
        throw Error(name + ": " + p.string() + " is not installed; run " + std::string(kSetupCommand) +
                    " (it unpacks the tokenizer files)");
    return p.string();
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

} // namespace

std::vector<std::string> tokenizer_names() {
    return {"glove", "r50k_base", "p50k_base", "cl100k_base", "o200k_base", "gpt2", "bert-base-uncased"};
}

std::string tokenizer_data_path(const std::string& name) { return (fs::path(data_dir()) / "tokenizers" / name).string(); }

std::shared_ptr<const Tokenizer> make_tokenizer(const std::string& name_or_path, std::shared_ptr<const VectorTable> table) {
    const std::string& n = name_or_path;
    if (n == "glove") return std::make_shared<GloveTokenizer>(std::move(table));
    if (tiktoken_encoding_spec(n))
        return load_tiktoken_encoding(n, need(fs::path(tokenizer_data_path(n)) / (n + ".tiktoken"), n));
    if (n == "gpt2") {
        fs::path dir = tokenizer_data_path(n);
        need(dir / "encoder.json", n);
        need(dir / "vocab.bpe", n);
        return load_gpt2_folder(dir.string(), "gpt2");
    }
    if (n == "bert-base-uncased") {
        fs::path dir = tokenizer_data_path(n);
        if (fs::exists(dir / "vocab.txt")) return std::make_shared<WordPieceTokenizer>(n, read_wordpiece_vocab_txt((dir / "vocab.txt").string()));
        return std::make_shared<WordPieceTokenizer>(n, read_bert_tokenizer_vocab_json(need(dir / "vocab.json", n)));
    }

    fs::path p(n);
    std::error_code ec;
    if (!fs::exists(p, ec))
        throw Error(n + ": neither a tokenizer name (glove, r50k_base, p50k_base, cl100k_base, o200k_base, gpt2, "
                        "bert-base-uncased) nor an existing file or folder");
    if (fs::is_directory(p, ec)) {
        const std::string folder = fs::path(n).lexically_normal().filename().empty()
                                       ? fs::path(n).lexically_normal().parent_path().filename().string()
                                       : fs::path(n).lexically_normal().filename().string();
        if (fs::exists(p / "tokenizer.json")) return std::make_shared<HfTokenizer>((p / "tokenizer.json").string(), folder);
        if (fs::exists(p / "encoder.json") && fs::exists(p / "vocab.bpe")) return load_gpt2_folder(p.string(), folder);
        throw Error(n + ": the folder holds no tokenizer this build reads (tokenizer.json, or encoder.json + vocab.bpe)");
    }
    if (ends_with(n, ".json")) return std::make_shared<HfTokenizer>(n);
    if (ends_with(n, ".tiktoken")) return load_tiktoken_file(n);
    if (ends_with(n, ".model")) return std::make_shared<SentencePieceTokenizer>(n);
    if (p.filename() == "vocab.txt" || ends_with(n, ".txt")) {
        std::string name = p.has_parent_path() ? p.parent_path().filename().string() : "wordpiece";
        return std::make_shared<WordPieceTokenizer>(name.empty() ? "wordpiece" : name, read_wordpiece_vocab_txt(n));
    }
    throw Error(n + ": not a tokenizer file this build reads (tokenizer.json, vocab.txt, .model, .tiktoken)");
}

std::shared_ptr<const Tokenizer> model_folder_tokenizer(const std::string& dir) {
    std::string first_error;
    for (const char* f : {"tokenizer.json", "vocab.txt"}) {
        if (!fs::exists(fs::path(dir) / f)) continue;
        try {
            return make_tokenizer((fs::path(dir) / f).string());
        } catch (const Error& e) {
            if (first_error.empty()) first_error = e.what();
        }
    }
    try {
        return make_tokenizer(dir);
    } catch (const Error& e) {
        throw Error(first_error.empty() ? e.what() : first_error);
    }
}

} // namespace es
