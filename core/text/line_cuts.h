// Where a long text can be cut so that each part pre-tokenizes alone exactly as within the
// whole: after a line break that sits between two printable ASCII characters ("x\nY"). For
// tiktoken's patterns (r50k/p50k, cl100k, o200k) no piece runs across such a break — a piece
// that holds the '\n' ends with it (a run of punctuation then newlines, or whitespace), and
// the alternatives that look ahead ($, (?!\S)) give the same piece "\n" whether a 'Y' or the
// end of the text follows. The patterns have no look-behind, so the part after the cut starts
// as the whole text's scan would there. tests/tokenizers/test_parallel_bpe checks it on text.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace es {

// Up to `parts` parts of about equal size: the cut positions, starting with 0 and ending with
// text.size(). Fewer parts where the text has no such line break near a cut.
std::vector<size_t> line_cuts(std::string_view text, size_t parts);

} // namespace es
