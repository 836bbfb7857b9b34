#include "testing/esv_damage.h"

#include "base/error.h"
#include "testing/test_files.h"

#include <xxhash.h>

#include <cstddef>
#include <cstring>
#include <fstream>

namespace es::test {

const EsvSection* EsvLayout::find(EsvSectionKind kind) const {
    for (const EsvSection& s : sections)
        if (s.kind == uint32_t(kind)) return &s;
    return nullptr;
}

EsvLayout read_esv_layout(const std::string& path) {
    const std::string bytes = read_file(path);
    if (bytes.size() < sizeof(EsvHeader)) throw Error(path + ": too short for an .esv header");
    EsvLayout l;
    std::memcpy(&l.header, bytes.data(), sizeof l.header);
    const uint64_t offset = l.header.section_table_offset, count = l.header.section_count;
    if (offset > bytes.size() || count > (bytes.size() - offset) / sizeof(EsvSection))
        throw Error(path + ": section table outside");
    l.sections.resize(count);
    if (count) std::memcpy(l.sections.data(), bytes.data() + offset, count * sizeof(EsvSection));
    return l;
}

void patch_file(const std::string& path, uint64_t offset, const std::string& bytes) {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(std::streamoff(offset));
    f.write(bytes.data(), std::streamsize(bytes.size()));
    if (!f) throw Error(path + ": cannot patch");
}

void reseal_esv(const std::string& path, EsvLayout l) {
    const std::string bytes = read_file(path);
    for (EsvSection& s : l.sections)
        if (s.offset <= bytes.size() && s.bytes <= bytes.size() - s.offset) s.checksum = XXH3_64bits(bytes.data() + s.offset, s.bytes);
    XXH3_state_t* st = XXH3_createState();
    XXH3_64bits_reset(st);
    XXH3_64bits_update(st, &l.header, offsetof(EsvHeader, checksum));
    XXH3_64bits_update(st, l.sections.data(), l.sections.size() * sizeof(EsvSection));
    l.header.checksum = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    patch_file(path, 0, std::string(reinterpret_cast<const char*>(&l.header), sizeof l.header));
    patch_file(path, l.header.section_table_offset,
               std::string(reinterpret_cast<const char*>(l.sections.data()), l.sections.size() * sizeof(EsvSection)));
}

} // namespace es::test
