// The fuzz targets without libFuzzer: runs each file (or every file in each folder) given on the command
// line through LLVMFuzzerTestOneInput once. The normal g++ test build uses it to replay the seed corpus
// and the inputs of fixed crashes (tests/fuzz/corpus), so they stay regression tests where clang is
// not installed. A violated property aborts, which fails the test.
#include "fuzz_input.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

namespace {

int replay(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::cerr << file.string() << ": cannot read\n";
        return 1;
    }
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    std::cerr << "replaying " << file.string() << " (" << bytes.size() << " bytes)\n";
    (void)LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int failures = 0;
    int count = 0;
    for (int i = 1; i < argc; ++i) {
        const std::filesystem::path path(argv[i]);
        if (std::filesystem::is_directory(path)) {
            std::vector<std::filesystem::path> files;
            for (const auto& entry : std::filesystem::directory_iterator(path))
                if (entry.is_regular_file()) files.push_back(entry.path());
            std::sort(files.begin(), files.end());  // the same order on every run
            for (const auto& file : files) {
                failures += replay(file);
                ++count;
            }
        } else {
            failures += replay(path);
            ++count;
        }
    }
    if (count == 0) {
        std::cerr << "no inputs: give corpus files or folders\n";
        return 1;
    }
    std::cerr << count << " inputs replayed\n";
    return failures == 0 ? 0 : 1;
}
