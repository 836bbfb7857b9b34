// BERT's basic tokenizer (BertNormalizer + BertPreTokenizer of Hugging Face): drops control
// characters, turns whitespace into spaces, puts spaces around CJK ideographs, lower-cases,
// strips accents after NFD, and splits on whitespace and punctuation. Every word keeps, per
// character, the byte span of the input character it came from.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace es {

struct BertNormalization {
    bool clean_text = true;
    bool handle_chinese_chars = true;
    bool lowercase = true;
    int strip_accents = -1;  // -1: as lowercase says (BERT's default), 0: never, 1: always
};

struct AlignedWord {
    std::u32string chars;                 // normalized characters
    std::vector<uint32_t> start, end;     // per character: byte span in the input
};

// Invalid UTF-8 reads as U+FFFD, which cleaning drops like BERT does.
std::vector<AlignedWord> bert_pretokenize(std::string_view text, const BertNormalization& options);
// The same words handed to `sink` one at a time, in order, without keeping them: a long text
// costs its characters, not a word object each. The word is only valid during the call. A word
// longer than `keep_chars` arrives as its first keep_chars characters, the last one's span
// reaching to the word's end (WordPiece only needs to know it is too long).
void for_each_bert_word(std::string_view text, const BertNormalization& options,
                        const std::function<void(const AlignedWord&)>& sink, size_t keep_chars = SIZE_MAX);

// Pieces of Unicode the BERT rules use (ICU character properties).
bool bert_is_punctuation(uint32_t cp);
bool bert_is_chinese_char(uint32_t cp);

} // namespace es
