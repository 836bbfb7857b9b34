// Safetensors weights (an 8-byte little-endian header length, a JSON header, raw little-endian
// data) read through a memory map. Every header field and bound is checked when the file is
// opened; every error names the file, the tensor and the byte offset.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace es {

class MappedFile;

enum class DType { F32, F16, BF16 };
const char* dtype_name(DType t);
size_t dtype_size(DType t);

struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<int64_t> shape;
    size_t offset = 0;  // absolute byte offset of the first element in the file
    size_t bytes = 0;
    int64_t elements() const;
};

class SafetensorsFile {
public:
    // Throws es::Error naming the file (and tensor, byte offset) on any damage.
    explicit SafetensorsFile(const std::string& path);
    ~SafetensorsFile();

    const std::string& path() const;
    const std::map<std::string, TensorInfo, std::less<>>& tensors() const { return tensors_; }
    const TensorInfo* find(std::string_view name) const;
    // Converts the tensor's elements to float32 into `out` (elements() floats).
    void read_f32(const TensorInfo& t, float* out) const;

private:
    std::unique_ptr<MappedFile> map_;
    std::map<std::string, TensorInfo, std::less<>> tensors_;
};

// The weights of a Hugging Face folder: model.safetensors, or the shards listed by
// model.safetensors.index.json. A folder holding only a pickled pytorch_model.bin is refused
// with the command that converts it (it is never unpickled).
class SafetensorsModel {
public:
    explicit SafetensorsModel(const std::string& dir);
    ~SafetensorsModel();

    const std::string& dir() const { return dir_; }
    bool has(std::string_view name) const;
    // The tensor's file and description; throws naming the folder and tensor when it is absent.
    std::pair<const SafetensorsFile*, const TensorInfo*> get(std::string_view name) const;
    // The tensor as float32, its shape checked against `shape`; errors name file, tensor, offset.
    std::vector<float> load(std::string_view name, const std::vector<int64_t>& shape) const;
    // Sum over tensors of their size as float32 — what loading everything takes.
    size_t f32_bytes() const;

private:
    std::string dir_;
    std::vector<std::unique_ptr<SafetensorsFile>> files_;
    std::map<std::string, std::pair<const SafetensorsFile*, const TensorInfo*>, std::less<>> index_;
};

std::string shape_string(const std::vector<int64_t>& shape);

} // namespace es
