// Damaging an .esv file on purpose, as a careless tool would: change bytes, then make every
// checksum agree again, so that only `verify`'s deeper checks can tell.
#pragma once
#include "vectors/esv_format.h"

#include <cstdint>
#include <string>
#include <vector>

namespace es::test {

struct EsvLayout {
    EsvHeader header;
    std::vector<EsvSection> sections;
    const EsvSection* find(EsvSectionKind kind) const;
};

EsvLayout read_esv_layout(const std::string& path);
// Writes `header` and `sections` back and recomputes the section and header checksums.
void reseal_esv(const std::string& path, EsvLayout layout);
// Overwrites `bytes.size()` bytes at `offset` (then reseal to hide it).
void patch_file(const std::string& path, uint64_t offset, const std::string& bytes);

} // namespace es::test
