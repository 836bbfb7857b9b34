// The tokenizer tests' corpus: texts that every tokenizer must agree with its peer on.
#pragma once
#include <string>
#include <vector>

namespace es::test {

struct CorpusText {
    std::string label;  // file, or file:line
    std::string text;
};

// Every file of `folder` whole (in name order), and each of its non-empty lines on its own.
std::vector<CorpusText> read_corpus(const std::string& folder);

} // namespace es::test
