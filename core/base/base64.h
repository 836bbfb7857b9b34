// Standard base64 (RFC 4648, with padding), as .tiktoken files and tokenizer.json's
// precompiled_charsmap store bytes.
#pragma once
#include <string>
#include <string_view>

namespace es {

// False on any character outside the alphabet, a bad length or misplaced padding.
bool base64_decode(std::string_view in, std::string& out);

} // namespace es
