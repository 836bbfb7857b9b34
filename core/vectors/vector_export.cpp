#include "vectors/vector_export.h"
#include "base/error.h"
#include "base/progress.h"
#include "vectors/vector_table.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace es {
namespace {

// Writes through a temporary beside `path`, renamed when complete.
class AtomicFile {
public:
    explicit AtomicFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".partial") {
        f_ = std::fopen(tmp_.c_str(), "wb");
        if (!f_) throw Error(path_ + ": cannot write: " + std::strerror(errno));
    }
    ~AtomicFile() {
        if (f_) {
            std::fclose(f_);
            std::remove(tmp_.c_str());
        }
    }
    FILE* get() { return f_; }
    void commit() {
        const bool ok = std::fflush(f_) == 0 && !std::ferror(f_);
        std::fclose(f_);
        f_ = nullptr;
        if (!ok) {
            std::remove(tmp_.c_str());
            throw Error(path_ + ": write failed (disk full?)");
        }
        std::error_code ec;
        std::filesystem::rename(tmp_, path_, ec);
        if (ec) throw Error(path_ + ": cannot replace: " + ec.message());
    }

private:
    std::string path_, tmp_;
    FILE* f_ = nullptr;
};

void put_values(FILE* f, const float* v, uint32_t dim, char sep) {
    char buf[32];
    for (uint32_t j = 0; j < dim; ++j) {
        const int n = std::snprintf(buf, sizeof buf, "%.9g", double(v[j]));
        if (j) std::fputc(sep, f);
        std::fwrite(buf, 1, size_t(n), f);
    }
    std::fputc('\n', f);
}

} // namespace

void export_word2vec_text(const VectorTable& table, const std::string& path, Progress* progress) {
    for (size_t r = 0; r < table.rows(); ++r) {
        const std::string_view w = table.word(r);
        if (w.find_first_of(" \t\n\r") != std::string_view::npos)
            throw Error(path + ": word " + std::to_string(r) + " ('" + std::string(w) + "') contains white space, which word2vec text cannot hold");
    }
    AtomicFile out(path);
    std::fprintf(out.get(), "%zu %u\n", table.rows(), table.dim());
    for (size_t r = 0; r < table.rows(); ++r) {
        const std::string_view w = table.word(r);
        std::fwrite(w.data(), 1, w.size(), out.get());
        std::fputc(' ', out.get());
        put_values(out.get(), table.row(r), table.dim(), ' ');
        if (progress && (r & 8191) == 0) progress->report(float(double(r) / double(table.rows())));
    }
    out.commit();
}

std::string export_projector_tsv(const VectorTable& table, const std::string& vectors_path, Progress* progress) {
    namespace fs = std::filesystem;
    std::string name = fs::path(vectors_path).filename().string();
    const size_t v = name.find("vectors");
    std::string meta_name = v != std::string::npos ? name.replace(v, 7, "metadata") : name + ".metadata.tsv";
    const std::string meta_path = (fs::path(vectors_path).parent_path() / meta_name).string();
    for (size_t r = 0; r < table.rows(); ++r)
        if (table.word(r).find_first_of("\t\n\r") != std::string_view::npos)
            throw Error(meta_path + ": word " + std::to_string(r) + " contains a tab or a line break, which TSV cannot hold");
    AtomicFile vec(vectors_path), meta(meta_path);
    for (size_t r = 0; r < table.rows(); ++r) {
        put_values(vec.get(), table.row(r), table.dim(), '\t');
        const std::string_view w = table.word(r);
        std::fwrite(w.data(), 1, w.size(), meta.get());
        std::fputc('\n', meta.get());
        if (progress && (r & 8191) == 0) progress->report(float(double(r) / double(table.rows())));
    }
    vec.commit();
    meta.commit();
    return meta_path;
}

} // namespace es
