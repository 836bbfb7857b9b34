// Large buffers that are filled once (a text read whole, its ids, their output): asking the
// kernel for transparent huge pages turns 512 page faults per 2 MiB into one. On a virtual
// machine those faults were a third of `tokenize`'s time on a 6 MB text.
#pragma once
#include <cstddef>

namespace es {

// Advises huge pages for the whole 2 MiB pages inside [data, data + bytes). Does nothing for
// buffers under 4 MiB or where the kernel has no transparent huge pages; never fails.
void advise_huge_pages(const void* data, size_t bytes);

// reserve(n), then advise_huge_pages over the capacity, before anything is written there.
template <class Container>
void reserve_huge(Container& c, size_t n) {
    c.reserve(n);
    advise_huge_pages(c.data(), c.capacity() * sizeof(*c.data()));
}

} // namespace es
