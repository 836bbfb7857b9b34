#include "testing/reference_agreement.h"

#include <algorithm>
#include <cmath>

namespace es::test {

double ReferenceAgreement::tolerance() const { return 1e-4 * std::max(1.0, max_ref); }

bool ReferenceAgreement::within_tolerance() const { return same_size && max_diff <= tolerance(); }

ReferenceAgreement measure_agreement(const std::vector<float>& ours, const std::vector<float>& ref) {
    ReferenceAgreement a;
    a.same_size = ours.size() == ref.size();
    for (size_t i = 0; i < ref.size() && i < ours.size(); ++i) {
        a.max_ref = std::max(a.max_ref, double(std::fabs(ref[i])));
        const double d = std::fabs(double(ours[i]) - double(ref[i]));
        if (!(d <= a.max_diff)) a.max_diff = std::isnan(d) ? INFINITY : d;
    }
    return a;
}

bool within_tolerance(const std::vector<float>& ours, const std::vector<float>& ref, std::string* why) {
    if (ours.size() != ref.size()) {
        *why = "size " + std::to_string(ours.size()) + " vs " + std::to_string(ref.size());
        return false;
    }
    const ReferenceAgreement a = measure_agreement(ours, ref);
    *why = "max diff " + std::to_string(a.max_diff) + " > tolerance " + std::to_string(a.tolerance());
    return a.within_tolerance();
}

} // namespace es::test
