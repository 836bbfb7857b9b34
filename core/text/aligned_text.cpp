#include "text/aligned_text.h"

#include <algorithm>

namespace es {

AlignedText AlignedText::identity(std::string_view input, size_t base) {
    AlignedText t;
    t.text.assign(input);
    t.identity_ = true;
    t.base_ = base;
    return t;
}

void AlignedText::materialize() {
    if (!identity_) return;
    start_.resize(text.size());
    end_.resize(text.size());
    for (size_t i = 0; i < text.size(); ++i) start_[i] = uint32_t(base_ + i), end_[i] = uint32_t(base_ + i + 1);
    identity_ = false;
}

void AlignedText::append(std::string_view bytes, uint32_t s, uint32_t e) {
    materialize();
    text.append(bytes);
    start_.insert(start_.end(), bytes.size(), s);
    end_.insert(end_.end(), bytes.size(), e);
}

void AlignedText::append_from(const AlignedText& from, size_t a, size_t b) {
    if (a >= b) return;
    if (text.empty() && start_.empty() && from.identity_) {  // still a plain slice of the input
        text.assign(from.text, a, b - a);
        identity_ = true;
        base_ = from.base_ + a;
        return;
    }
    if (identity_ && from.identity_ && from.base_ + a == base_ + text.size()) {  // the slice continues
        text.append(from.text, a, b - a);
        return;
    }
    materialize();
    text.append(from.text, a, b - a);
    if (from.identity_) {
        for (size_t i = a; i < b; ++i) start_.push_back(uint32_t(from.base_ + i)), end_.push_back(uint32_t(from.base_ + i + 1));
    } else {
        start_.insert(start_.end(), from.start_.begin() + long(a), from.start_.begin() + long(b));
        end_.insert(end_.end(), from.end_.begin() + long(a), from.end_.begin() + long(b));
    }
}

void AlignedText::span(size_t a, size_t b, size_t& s, size_t& e) const {
    if (identity_) {
        s = base_ + a, e = base_ + b;
        return;
    }
    s = start_[a];
    e = end_[a];
    for (size_t i = a; i < b; ++i) s = std::min<size_t>(s, start_[i]), e = std::max<size_t>(e, end_[i]);
}

} // namespace es
