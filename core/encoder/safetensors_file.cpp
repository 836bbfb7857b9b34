#include "encoder/safetensors_file.h"

#include "base/error.h"
#include "base/mapped_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

namespace es {

const char* dtype_name(DType t) {
    switch (t) {
    case DType::F32: return "F32";
    case DType::F16: return "F16";
    case DType::BF16: return "BF16";
    }
    return "?";
}

size_t dtype_size(DType t) { return t == DType::F32 ? 4 : 2; }

int64_t TensorInfo::elements() const {
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

std::string shape_string(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

namespace {

float half_to_float(uint16_t h) {
    uint32_t sign = uint32_t(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, man = h & 0x3ff, bits;
    if (exp == 0) {
        if (man == 0) {
            bits = sign;
        } else {  // subnormal: renormalise
            int e = -1;
            do { ++e; man <<= 1; } while (!(man & 0x400));
            bits = sign | uint32_t(127 - 15 - e) << 23 | (man & 0x3ff) << 13;
        }
    } else if (exp == 31) {
        bits = sign | 0x7f800000u | man << 13;
    } else {
        bits = sign | (exp + 127 - 15) << 23 | man << 13;
    }
    float f;
    std::memcpy(&f, &bits, 4);
    return f;
}

std::string at(const std::string& path, const std::string& tensor, size_t offset) {
    return path + ": tensor '" + tensor + "' at byte " + std::to_string(offset) + ": ";
}

} // namespace

SafetensorsFile::~SafetensorsFile() = default;
const std::string& SafetensorsFile::path() const { return map_->path(); }

SafetensorsFile::SafetensorsFile(const std::string& path) : map_(std::make_unique<MappedFile>(path)) {
    const uint8_t* d = map_->data();
    const size_t size = map_->size();
    if (size >= 2 && ((d[0] == 'P' && d[1] == 'K') || d[0] == 0x80))
        throw Error(path + ": at byte 0: a pickled PyTorch checkpoint, not safetensors; Embedscope never unpickles "
                           "files — convert it: python3 -c \"import torch; from safetensors.torch import save_file; "
                           "save_file(torch.load('pytorch_model.bin'), 'model.safetensors')\"");
    if (size < 8)
        throw Error(path + ": at byte 0: truncated: " + std::to_string(size) + " bytes, shorter than the 8-byte header length");
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = n << 8 | d[i];
    if (n > size - 8)
        throw Error(path + ": at byte 0: header length " + std::to_string(n) + " runs past the end of the file (" +
                    std::to_string(size) + " bytes)");
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(d + 8, d + 8 + n);
    } catch (const std::exception& e) {
        throw Error(path + ": at byte 8: the JSON header is not valid: " + e.what());
    }
    if (!header.is_object()) throw Error(path + ": at byte 8: the JSON header is not an object");
    const size_t base = 8 + n, data_size = size - base;
    std::vector<const TensorInfo*> by_offset;
    for (auto& [name, v] : header.items()) {
        if (name == "__metadata__") continue;
        auto where = at(path, name, base);
        if (!v.is_object() || !v.contains("dtype") || !v.contains("shape") || !v.contains("data_offsets"))
            throw Error(where + "header entry lacks dtype, shape or data_offsets");
        TensorInfo t;
        t.name = name;
        const auto& dt = v["dtype"];
        std::string ds = dt.is_string() ? dt.get<std::string>() : dt.dump();
        if (ds == "F32") t.dtype = DType::F32;
        else if (ds == "F16") t.dtype = DType::F16;
        else if (ds == "BF16") t.dtype = DType::BF16;
        else throw Error(where + "unsupported dtype " + ds + " (F32, F16 and BF16 are read)");
        const auto& sh = v["shape"];
        if (!sh.is_array()) throw Error(where + "shape is not an array");
        uint64_t count = 1;
        for (const auto& x : sh) {
            if (!x.is_number_unsigned()) throw Error(where + "shape " + sh.dump() + " is not a list of sizes");
            uint64_t dim = x.get<uint64_t>();
            if (dim != 0 && count > std::numeric_limits<uint32_t>::max() * uint64_t(1024) / dim)
                throw Error(where + "shape " + sh.dump() + " is implausibly large");
            count *= dim;
            t.shape.push_back(int64_t(dim));
        }
        const auto& off = v["data_offsets"];
        if (!off.is_array() || off.size() != 2 || !off[0].is_number_unsigned() || !off[1].is_number_unsigned())
            throw Error(where + "data_offsets is not a pair of offsets");
        uint64_t b = off[0].get<uint64_t>(), e = off[1].get<uint64_t>();
        if (b > e || e > data_size)
            throw Error(at(path, name, base + std::min<uint64_t>(b, data_size)) + "data_offsets [" + std::to_string(b) + ", " +
                        std::to_string(e) + "] out of range: the data section holds " + std::to_string(data_size) +
                        " bytes (file truncated?)");
        if (e - b != count * dtype_size(t.dtype))
            throw Error(at(path, name, base + b) + std::to_string(e - b) + " bytes do not hold shape " +
                        shape_string(t.shape) + " of " + ds + " (" + std::to_string(count * dtype_size(t.dtype)) + " bytes)");
        t.offset = base + b;
        t.bytes = e - b;
        auto [it, fresh] = tensors_.emplace(name, std::move(t));
        by_offset.push_back(&it->second);
    }
    std::sort(by_offset.begin(), by_offset.end(), [](auto* a, auto* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < by_offset.size(); ++i) {
        const TensorInfo* a = by_offset[i - 1];
        const TensorInfo* b = by_offset[i];
        if (b->offset < a->offset + a->bytes)
            throw Error(at(path, b->name, b->offset) + "overlaps tensor '" + a->name + "' (bytes " +
                        std::to_string(a->offset) + "–" + std::to_string(a->offset + a->bytes) + ")");
    }
}

const TensorInfo* SafetensorsFile::find(std::string_view name) const {
    auto it = tensors_.find(name);
    return it == tensors_.end() ? nullptr : &it->second;
}

void SafetensorsFile::read_f32(const TensorInfo& t, float* out) const {
    if (t.offset + t.bytes > map_->size()) throw Error(at(path(), t.name, t.offset) + "past the end of the file");
    const uint8_t* p = map_->data() + t.offset;
    const size_t n = size_t(t.elements());
    switch (t.dtype) {
    case DType::F32: std::memcpy(out, p, n * 4); break;
    case DType::F16:
        for (size_t i = 0; i < n; ++i) out[i] = half_to_float(uint16_t(p[2 * i] | p[2 * i + 1] << 8));
        break;
    case DType::BF16:
        for (size_t i = 0; i < n; ++i) {
            uint32_t bits = uint32_t(p[2 * i] | p[2 * i + 1] << 8) << 16;
            std::memcpy(out + i, &bits, 4);
        }
        break;
    }
}

SafetensorsModel::~SafetensorsModel() = default;

SafetensorsModel::SafetensorsModel(const std::string& dir) : dir_(dir) {
    namespace fs = std::filesystem;
    const fs::path d(dir);
    const fs::path single = d / "model.safetensors", index = d / "model.safetensors.index.json";
    if (fs::exists(index)) {
        std::ifstream in(index);
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(in);
        } catch (const std::exception& e) {
            throw Error(index.string() + ": not valid JSON: " + e.what());
        }
        if (!j.contains("weight_map") || !j["weight_map"].is_object())
            throw Error(index.string() + ": has no weight_map object");
        std::map<std::string, const SafetensorsFile*> shards;
        for (auto& [tensor, file] : j["weight_map"].items()) {
            if (!file.is_string()) throw Error(index.string() + ": weight_map entry '" + tensor + "' is not a file name");
            std::string f = file.get<std::string>();
            if (f.find('/') != std::string::npos || f.find("..") != std::string::npos)
                throw Error(index.string() + ": shard name '" + f + "' leaves the folder");
            if (!shards.count(f)) {
                files_.push_back(std::make_unique<SafetensorsFile>((d / f).string()));
                shards[f] = files_.back().get();
            }
            const TensorInfo* t = shards[f]->find(tensor);
            if (!t) throw Error((d / f).string() + ": tensor '" + tensor + "' listed in the index is not in this shard");
            index_[tensor] = {shards[f], t};
        }
    } else if (fs::exists(single)) {
        files_.push_back(std::make_unique<SafetensorsFile>(single.string()));
        for (const auto& [name, t] : files_[0]->tensors()) index_[name] = {files_[0].get(), &t};
    } else if (fs::exists(d / "pytorch_model.bin")) {
        throw Error((d / "pytorch_model.bin").string() +
                    ": a pickled PyTorch checkpoint; Embedscope never unpickles files — convert it to safetensors: "
                    "python3 -c \"import torch; from safetensors.torch import save_file; "
                    "save_file(torch.load('pytorch_model.bin'), 'model.safetensors')\" (in that folder)");
    } else {
        throw Error(dir + ": no model.safetensors or model.safetensors.index.json in this folder");
    }
}

bool SafetensorsModel::has(std::string_view name) const { return index_.find(name) != index_.end(); }

std::pair<const SafetensorsFile*, const TensorInfo*> SafetensorsModel::get(std::string_view name) const {
    auto it = index_.find(name);
    if (it == index_.end()) {
        std::string file = files_.size() == 1 ? files_[0]->path() : dir_ + "/model.safetensors.index.json";
        throw Error(file + ": tensor '" + std::string(name) + "' is missing");
    }
    return it->second;
}

std::vector<float> SafetensorsModel::load(std::string_view name, const std::vector<int64_t>& shape) const {
    auto [file, t] = get(name);
    if (t->shape != shape)
        throw Error(at(file->path(), t->name, t->offset) + "shape " + shape_string(t->shape) +
                    " contradicts config.json, which implies " + shape_string(shape));
    std::vector<float> out(size_t(t->elements()));
    file->read_f32(*t, out.data());
    return out;
}

size_t SafetensorsModel::f32_bytes() const {
    size_t n = 0;
    for (const auto& [name, ft] : index_) n += size_t(ft.second->elements()) * 4;
    return n;
}

} // namespace es
