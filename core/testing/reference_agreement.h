// DESIGN.md's numerical tolerance: max |ours − reference| ≤ 1e-4 × max(1, max |reference|) over
// the whole array.
#pragma once
#include <string>
#include <vector>

namespace es::test {

// How far one array is from its reference, over the elements both have (NaN counts as infinite).
struct ReferenceAgreement {
    bool same_size = true;
    double max_diff = 0, max_ref = 0;
    double tolerance() const;
    bool within_tolerance() const;  // same size and max_diff within tolerance()
};

ReferenceAgreement measure_agreement(const std::vector<float>& ours, const std::vector<float>& ref);

// True when `ours` is within DESIGN.md's tolerance of `ref`; otherwise `why` says by how much.
bool within_tolerance(const std::vector<float>& ours, const std::vector<float>& ref, std::string* why);

} // namespace es::test
