#include "testing/tokenizer_corpus.h"

#include "testing/test_files.h"

#include <algorithm>
#include <filesystem>

namespace es::test {

std::vector<CorpusText> read_corpus(const std::string& folder) {
    std::vector<CorpusText> out;
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(folder)) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        std::string text = read_file(f.string());
        out.push_back({f.filename().string(), text});
        size_t line = 1, start = 0;
        while (start < text.size()) {
            size_t nl = text.find('\n', start);
            if (nl == std::string::npos) nl = text.size();
            if (nl > start) out.push_back({f.filename().string() + ":" + std::to_string(line), text.substr(start, nl - start)});
            start = nl + 1, ++line;
        }
    }
    return out;
}

} // namespace es::test
