#include "base/mapped_file.h"
#include "base/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace es {

MappedFile::MappedFile(const std::string& path) : path_(path) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error(path + ": cannot open: " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error(path + ": not a regular file");
    }
    size_ = static_cast<size_t>(st.st_size);
    if (size_ > 0) {
        void* p = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd, 0);
        if (p == MAP_FAILED) {
            int e = errno;
            ::close(fd);
            throw Error(path + ": cannot map: " + std::strerror(e));
        }
        data_ = static_cast<const uint8_t*>(p);
    }
    ::close(fd);
}

void MappedFile::advise_sequential() const {
    if (data_) (void)::madvise(const_cast<uint8_t*>(data_), size_, MADV_SEQUENTIAL);
}

void MappedFile::populate(size_t begin, size_t end) const {
#ifdef MADV_POPULATE_READ
    const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    begin = begin / page * page;
    end = std::min(end, size_);
    if (data_ && end > begin) (void)::madvise(const_cast<uint8_t*>(data_) + begin, end - begin, MADV_POPULATE_READ);
#else
    (void)begin, (void)end;
#endif
}

void MappedFile::release(size_t begin, size_t end) const {
    const size_t page = size_t(::sysconf(_SC_PAGESIZE));
    begin = (begin + page - 1) / page * page;  // the map starts page-aligned
    end = std::min(end, size_) / page * page;
    if (data_ && end > begin) (void)::madvise(const_cast<uint8_t*>(data_) + begin, end - begin, MADV_DONTNEED);
}

MappedFile::~MappedFile() {
    if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

} // namespace es
