#include "aligned_text.h"

#include <algorithm>

namespace es {

AlignedText AlignedText::identity(std::string_view input, size_t base) {
    AlignedText t;
    t.text.assign(input);
    t.start.resize(input.size());
    t.end.resize(input.size());
    for (size_t i = 0; i < input.size(); ++i) t.start[i] = uint32_t(base + i), t.end[i] = uint32_t(base + i + 1);
    return t;
}

void AlignedText::span(size_t a, size_t b, size_t& s, size_t& e) const {
    s = start[a];
    e = end[a];
    for (size_t i = a; i < b; ++i) s = std::min<size_t>(s, start[i]), e = std::max<size_t>(e, end[i]);
}

} // namespace es
