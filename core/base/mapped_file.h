// A read-only memory map of a whole file. Opening copies nothing; pages come in on use.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace es {

class MappedFile {
public:
    // Throws es::Error naming the path when the file cannot be opened or mapped.
    explicit MappedFile(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const uint8_t* data() const { return data_; }
    size_t size() const { return size_; }
    const std::string& path() const { return path_; }

    // For a file read once from start to end: the kernel reads ahead, and release() lets the
    // pages already read leave this process's memory (they stay in the page cache), so reading
    // a file larger than memory keeps a small footprint.
    void advise_sequential() const;
    // Maps [begin, end) in now, in one call rather than a page fault per page (where the kernel can).
    void populate(size_t begin, size_t end) const;
    // Drops the whole pages inside [begin, end) from this mapping; reading them again maps them back.
    void release(size_t begin, size_t end) const;

private:
    std::string path_;
    const uint8_t* data_ = nullptr;
    size_t size_ = 0;
};

} // namespace es
