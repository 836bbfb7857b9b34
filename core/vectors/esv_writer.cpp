#include "vectors/esv_writer.h"

#include "base/assertion.h"
#include "base/error.h"
#include "base/progress.h"
#include "vectors/esv_format.h"
#include "vectors/quantized_rows.h"
#include "vectors/word_index.h"

#include <bit>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unistd.h>
#include <vector>
#include <xxhash.h>

namespace es {
namespace {

uint64_t align_up(uint64_t v) { return (v + kEsvAlign - 1) / kEsvAlign * kEsvAlign; }

// The sections in file order: the two that are written as rows arrive come first, at offsets
// known from the start; the rest follow at finish().
constexpr EsvSectionKind kOrder[] = {EsvSectionKind::VectorsF32,   EsvSectionKind::QuantI8Blocks, EsvSectionKind::NormsF32,
                                     EsvSectionKind::QuantI8Params, EsvSectionKind::VocabOffsets, EsvSectionKind::VocabBytes,
                                     EsvSectionKind::WordHash};
constexpr size_t kSections = std::size(kOrder);
// Rows buffered before a write: a multiple of the 8-row quant block and, times any stride (a
// multiple of 64) or any 8-row block size (a multiple of 256), of O_DIRECT's 4096 bytes.
constexpr size_t kChunkRows = 4096;

// A 4096-aligned, zeroed buffer (O_DIRECT writes it as it is).
struct AlignedBytes {
    explicit AlignedBytes(size_t n) : size((n + 4095) / 4096 * 4096), data(static_cast<uint8_t*>(std::aligned_alloc(4096, size))) {
        if (!data) throw std::bad_alloc();
        std::memset(data, 0, size);
    }
    ~AlignedBytes() { std::free(data); }
    AlignedBytes(const AlignedBytes&) = delete;
    AlignedBytes& operator=(const AlignedBytes&) = delete;
    size_t size;
    uint8_t* data;
};

// One chunk of the two streamed sections: add() fills one while a thread writes the other.
struct Chunk {
    Chunk(size_t vector_bytes, size_t block_bytes) : vectors(vector_bytes), blocks(block_bytes) {}
    AlignedBytes vectors, blocks;
    uint64_t first_row = 0, rows = 0;          // which rows it holds
    size_t vector_bytes = 0, block_bytes = 0;  // what it writes
};

} // namespace

struct EsvWriter::State {
    std::string path, partial;
    int fd = -1;
    int direct_fd = -1;  // the same file opened O_DIRECT for the chunks: copying into the page cache
                         // was most of an import's time; -1 where the file system refuses it
    uint64_t rows = 0, added = 0;
    uint32_t dim = 0, stride = 0, groups = 0;
    uint64_t page = kEsvAlign;  // the sections' alignment: 4096 when writing directly
    uint64_t align(uint64_t v) const { return (v + page - 1) / page * page; }
    bool finished = false;

    EsvSection table[kSections] = {};
    XXH3_state_t* hash[kSections] = {};
    uint64_t end = 0;  // where the sections after the streamed two start

    // A pipeline of chunks: add() fills one, a thread derives the norms and int8 copy of the
    // one before, another writes the one before that (O_DIRECT: the disk works while we compute).
    static constexpr size_t kChunks = 3;
    std::unique_ptr<Chunk> chunks[kChunks];
    Chunk* filling = nullptr;
    std::deque<Chunk*> free_chunks, to_derive, to_write;
    std::thread deriver, writer;
    std::mutex mutex;
    std::condition_variable changed;
    bool stop = false;
    std::string failure;  // a thread's error, thrown by the next add() or finish()

    std::vector<float> norms;       // every row
    std::vector<uint8_t> params;    // every row's scale, error, bias (the QuantI8Params section)
    std::vector<uint64_t> offsets{0};
    std::string bytes;              // the vocabulary
    std::vector<uint32_t> slots;    // the word index, filled as rows come (as build_word_index would)

    void write_at(uint64_t offset, const void* data, size_t n, bool direct) {
        const char* p = static_cast<const char*>(data);
        const bool use_direct = direct && direct_fd >= 0 && n % 4096 == 0 && offset % 4096 == 0;
        while (n > 0) {
            const ssize_t w = ::pwrite(use_direct ? direct_fd : fd, p, n, off_t(offset));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0 && errno == EINVAL && use_direct) return write_at(offset, p, n, false);
            if (w <= 0)
                throw Error(path + ": write failed at byte " + std::to_string(offset) + ": " +
                            std::strerror(w < 0 ? errno : ENOSPC));
            p += w, n -= size_t(w), offset += uint64_t(w);
        }
    }
    // Appends to section k, written in order: its checksum runs along.
    void append(size_t k, const void* data, size_t n, bool direct = false) {
        write_at(table[k].offset + table[k].bytes, data, n, direct);
        XXH3_64bits_update(hash[k], data, n);
        table[k].bytes += n;
    }

    // One stage: takes chunks from `in`, works on them, hands them to `out`, until stopped.
    void run_stage(std::deque<Chunk*>& in, std::deque<Chunk*>& out, void (State::*work)(Chunk&)) {
        std::unique_lock lock(mutex);
        for (;;) {
            changed.wait(lock, [&] { return !in.empty() || stop; });
            if (in.empty()) return;
            Chunk* c = in.front();
            in.pop_front();
            const bool failed = !failure.empty();  // after a failure the chunks only pass through
            lock.unlock();
            std::string error;
            try {
                if (!failed) (this->*work)(*c);
            } catch (const Error& e) {
                error = e.what();
            }
            lock.lock();
            if (!error.empty() && failure.empty()) failure = error;
            out.push_back(c);
            changed.notify_all();
        }
    }
    void write(Chunk& c) {
        append(0, c.vectors.data, c.vector_bytes, true);
        append(1, c.blocks.data, c.block_bytes, true);
    }
    // The chunk's norms and int8 copy, on the writer thread while add() fills the next chunk.
    void derive(Chunk& c) {
        std::memset(c.blocks.data, 0, c.blocks.size);
        const size_t padded = QuantizedRows::padded_rows(rows);
        float* scales = reinterpret_cast<float*>(params.data());
        int32_t* biases = reinterpret_cast<int32_t*>(params.data()) + 2 * padded;
        std::vector<int8_t> q(size_t(groups) * 4, 0);
        for (uint64_t i = 0; i < c.rows; ++i) {
            const uint64_t r = c.first_row + i;
            const float* v = reinterpret_cast<const float*>(c.vectors.data + i * stride);
            norms[r] = quantize_row(v, dim, q.data(), scales[r], scales[padded + r], biases[r]);
            place_quantized_row(q.data(), groups, i % 8, reinterpret_cast<int8_t*>(c.blocks.data) + (i / 8) * size_t(groups) * 32);
        }
    }
    // The next chunk to fill, once one is free; throws a stage's failure.
    Chunk& take_free() {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return !free_chunks.empty() || !failure.empty(); });
        if (!failure.empty()) throw Error(failure);
        Chunk* c = free_chunks.front();
        free_chunks.pop_front();
        return *c;
    }
    // Hands the filling chunk on to be derived and written.
    void hand_over(uint64_t rows_in_chunk, bool last) {
        Chunk& c = *filling;
        c.first_row = added - rows_in_chunk;
        c.rows = rows_in_chunk;
        c.vector_bytes = rows_in_chunk * stride;
        c.block_bytes = (last ? (rows_in_chunk + 7) / 8 : rows_in_chunk / 8) * size_t(groups) * 32;
        {
            std::lock_guard lock(mutex);
            to_derive.push_back(&c);
        }
        changed.notify_all();
        filling = last ? nullptr : &take_free();
    }
    // Waits until every chunk is back (all written); throws a stage's failure.
    void drain() {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return free_chunks.size() + (filling ? 1 : 0) == kChunks; });
        if (!failure.empty()) throw Error(failure);
    }
    void stop_threads() {
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        changed.notify_all();
        if (deriver.joinable()) deriver.join();
        if (writer.joinable()) writer.join();
    }
};

EsvWriter::EsvWriter(const std::string& path, uint64_t rows, uint32_t dim) : s_(std::make_unique<State>()) {
    State& s = *s_;
    if (dim == 0) throw Error(path + ": cannot write a table of dimension 0");
    s.path = path;
    s.partial = path + ".partial";
    s.rows = rows;
    s.dim = dim;
    s.stride = static_cast<uint32_t>(align_up(uint64_t(dim) * 4));
    s.groups = (dim + 3) / 4;
    s.fd = ::open(s.partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (s.fd < 0) throw Error(path + ": cannot write: " + std::strerror(errno));
    s.direct_fd = ::open(s.partial.c_str(), O_WRONLY | O_CLOEXEC | O_DIRECT);
    for (size_t k = 0; k < kSections; ++k) {
        s.table[k].kind = static_cast<uint32_t>(kOrder[k]);
        s.hash[k] = XXH3_createState();
        XXH3_64bits_reset(s.hash[k]);
    }
    // A large table's sections start on 4096-byte boundaries, as O_DIRECT writes need; a small
    // one is packed (64-byte aligned, no gaps that no checksum covers) and written through the cache.
    static_assert(sizeof(EsvHeader) + kSections * sizeof(EsvSection) <= 4096);
    s.page = rows * s.stride >= (size_t(8) << 20) && s.direct_fd >= 0 ? 4096 : kEsvAlign;
    s.table[0].offset = s.align(sizeof(EsvHeader) + kSections * sizeof(EsvSection));
    s.table[1].offset = s.align(s.table[0].offset + rows * s.stride);
    s.end = s.align(s.table[1].offset + quantized_block_bytes(rows, dim));
    for (auto& c : s.chunks) {
        c = std::make_unique<Chunk>(kChunkRows * s.stride, kChunkRows / 8 * size_t(s.groups) * 32);
        s.free_chunks.push_back(c.get());
    }
    s.filling = &s.take_free();
    s.norms.assign(rows, 0.0f);
    s.params.assign(quantized_param_bytes(rows), 0);
    s.offsets.reserve(rows + 1);
    s.slots.assign(std::bit_ceil(std::max<uint64_t>(16, rows * 2)), 0);
    s.deriver = std::thread([&s] { s.run_stage(s.to_derive, s.to_write, &State::derive); });
    s.writer = std::thread([&s] { s.run_stage(s.to_write, s.free_chunks, &State::write); });
}

EsvWriter::~EsvWriter() {
    if (!s_) return;
    s_->stop_threads();
    if (s_->fd >= 0) ::close(s_->fd);
    if (s_->direct_fd >= 0) ::close(s_->direct_fd);
    for (XXH3_state_t* h : s_->hash) XXH3_freeState(h);
    if (!s_->finished) ::unlink(s_->partial.c_str());
}

uint64_t EsvWriter::rows_added() const { return s_->added; }

std::string_view EsvWriter::word(uint64_t row) const {
    ES_ASSERT(row < s_->added, "EsvWriter::word: a row not added yet");
    return std::string_view(s_->bytes).substr(s_->offsets[row], s_->offsets[row + 1] - s_->offsets[row]);
}

float* EsvWriter::next_row() {
    State& s = *s_;
    ES_ASSERT(s.added < s.rows, "EsvWriter::next_row: every row announced is added");
    return reinterpret_cast<float*>(s.filling->vectors.data + (s.added % kChunkRows) * s.stride);
}

std::optional<uint64_t> EsvWriter::add(std::string_view w, const float* v) {
    std::memcpy(next_row(), v, size_t(s_->dim) * 4);  // the padding after dim stays zero
    return add(w);
}

std::optional<uint64_t> EsvWriter::add(std::string_view w) {
    State& s = *s_;
    ES_ASSERT(s.added < s.rows, "EsvWriter::add: more rows than the writer was opened for");
    const size_t mask = s.slots.size() - 1;
    std::optional<uint64_t> earlier;
    size_t slot = word_hash(w) & mask;
    for (; s.slots[slot] != 0; slot = (slot + 1) & mask)
        if (word(s.slots[slot] - 1) == w) {
            earlier = s.slots[slot] - 1;  // the index keeps the first row, as build_word_index does
            break;
        }
    if (!earlier) s.slots[slot] = static_cast<uint32_t>(s.added + 1);
    s.bytes.append(w);
    s.offsets.push_back(s.bytes.size());
    const uint64_t in_chunk = s.added % kChunkRows;
    ++s.added;
    if (s.added % kChunkRows == 0 || s.added == s.rows) s.hand_over(in_chunk + 1, s.added == s.rows);
    return earlier;
}

void EsvWriter::finish(Progress* progress) {
    State& s = *s_;
    if (s.added != s.rows)
        throw Error(s.path + ": " + std::to_string(s.added) + " rows written of the " + std::to_string(s.rows) + " announced");
    s.drain();
    s.stop_threads();
    // After the streamed sections, the rest in order, aligned as they are (for a large table, so
    // that they too go to the disk directly, through a free chunk's buffer: fsync has little left).
    uint64_t at = s.end;
    AlignedBytes& bounce = s.chunks[0]->vectors;
    auto place = [&](size_t k, const void* data, size_t n) {
        s.table[k].offset = at;
        const uint8_t* p = static_cast<const uint8_t*>(data);
        for (size_t done = 0; done < n;) {
            const size_t part = std::min(n - done, bounce.size);
            std::memcpy(bounce.data, p + done, part);
            const size_t whole = part / 4096 * 4096;  // the tail of the last part goes through the cache
            if (whole) s.append(k, bounce.data, whole, true);
            if (part > whole) s.append(k, bounce.data + whole, part - whole);
            done += part;
        }
        at = s.align(at + n);
    };
    place(2, s.norms.data(), s.norms.size() * 4);
    place(3, s.params.data(), s.params.size());
    place(4, s.offsets.data(), s.offsets.size() * 8);
    place(5, s.bytes.data(), s.bytes.size());
    place(6, s.slots.data(), s.slots.size() * 4);
    for (size_t k = 0; k < kSections; ++k) s.table[k].checksum = XXH3_64bits_digest(s.hash[k]);

    EsvHeader h{};
    std::memcpy(h.magic, kEsvMagic, 8);
    h.version = kEsvVersion;
    h.header_bytes = sizeof(EsvHeader);
    h.file_bytes = at;
    h.rows = s.rows;
    h.dim = s.dim;
    h.dtype = static_cast<uint32_t>(EsvDtype::F32);
    h.row_stride_bytes = s.stride;
    h.section_count = kSections;
    h.section_table_offset = sizeof(EsvHeader);
    XXH3_state_t* st = XXH3_createState();
    XXH3_64bits_reset(st);
    XXH3_64bits_update(st, &h, offsetof(EsvHeader, checksum));
    XXH3_64bits_update(st, s.table, sizeof s.table);
    h.checksum = XXH3_64bits_digest(st);
    XXH3_freeState(st);
    s.write_at(0, &h, sizeof h, false);
    s.write_at(sizeof h, s.table, sizeof s.table, false);
    if (::ftruncate(s.fd, off_t(at)) != 0 || ::fsync(s.fd) != 0)
        throw Error(s.path + ": write failed: " + std::strerror(errno));
    ::close(s.fd);
    s.fd = -1;
    std::error_code ec;
    std::filesystem::rename(s.partial, s.path, ec);
    if (ec) throw Error(s.path + ": cannot replace: " + ec.message());
    s.finished = true;
    if (progress) progress->report(1.0f);
}

} // namespace es
