#pragma once
// Shared by the fuzz targets (docs/fuzzing.md): the libFuzzer entry point's declaration, a failure that
// stops the run with a message, and a reader that turns the fuzzer's bytes into choices and strings.
// Written here rather than using clang's FuzzedDataProvider so the same targets also build with g++ as
// corpus replays in the normal test build.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace infusion::fuzz {

// A property the target checks does not hold: print what and abort, which libFuzzer reports as a
// crash and saves the input.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz property violated: %.*s\n%.*s\n", static_cast<int>(what.size()), what.data(),
                 static_cast<int>(detail.size()), detail.data());
    std::abort();
}

inline void require(bool holds, std::string_view what, std::string_view detail = {}) {
    if (!holds) fail(what, detail);
}

// Consumes the input front to back; once it runs out every read gives 0 or "".
class Input {
public:
    Input(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}

    [[nodiscard]] std::uint8_t byte() {
        if (m_pos >= m_size) return 0;
        return m_data[m_pos++];
    }
    // A number in [0, count), count > 0.
    [[nodiscard]] std::size_t pick(std::size_t count) { return byte() % count; }
    [[nodiscard]] bool flag() { return (byte() & 1U) != 0; }
    // Up to the next 0x00 byte (not included) or at most max_length bytes.
    [[nodiscard]] std::string text(std::size_t max_length) {
        std::string out;
        while (m_pos < m_size && out.size() < max_length) {
            const char c = static_cast<char>(m_data[m_pos++]);
            if (c == '\0') break;
            out += c;
        }
        return out;
    }
    [[nodiscard]] std::string_view rest() {
        const auto* begin = reinterpret_cast<const char*>(m_data + m_pos);
        const std::size_t left = m_size - m_pos;
        m_pos = m_size;
        return {begin, left};
    }

private:
    const std::uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos = 0;
};

}  // namespace infusion::fuzz
