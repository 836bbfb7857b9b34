#include "encoder/pooling.h"

#include "base/error.h"

namespace es {

std::optional<Pooling> pooling_from_name(std::string_view name) {
    if (name == "cls") return Pooling::Cls;
    if (name == "mean") return Pooling::Mean;
    if (name == "last") return Pooling::Last;
    return std::nullopt;
}

std::vector<float> pool(std::span<const float> hidden, int64_t tokens, int64_t dim, Pooling how) {
    if (tokens <= 0) throw Error("pooling: there are no tokens to pool");
    if (hidden.size() < size_t(tokens * dim)) throw Error("pooling: hidden states smaller than tokens × dim");
    std::vector<float> out(size_t(dim), 0.0f);
    if (how == Pooling::Mean) {
        std::vector<double> sum(size_t(dim), 0.0);
        for (int64_t t = 0; t < tokens; ++t)
            for (int64_t d = 0; d < dim; ++d) sum[size_t(d)] += hidden[size_t(t * dim + d)];
        for (int64_t d = 0; d < dim; ++d) out[size_t(d)] = float(sum[size_t(d)] / double(tokens));
    } else {
        const int64_t row = how == Pooling::Cls ? 0 : tokens - 1;
        for (int64_t d = 0; d < dim; ++d) out[size_t(d)] = hidden[size_t(row * dim + d)];
    }
    return out;
}

} // namespace es
