#include "testing/test_files.h"

#include <fstream>
#include <sstream>

namespace es::test {

void write_file(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

std::string write_test_file(const std::string& folder, const std::string& name, const std::string& text) {
    const std::string path = folder + "/" + name;
    write_file(path, text);
    return path;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace es::test
