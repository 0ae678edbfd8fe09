// Random draws for the demo visits (see demo_random.hpp).
#include "demo/demo_random.hpp"

namespace infusion::demo::detail {

std::uint64_t Rng::below(std::uint64_t n) {
    const std::uint64_t threshold = (std::uint64_t{0} - n) % n;  // 2^64 mod n
    for (;;) {
        const std::uint64_t r = m_engine();
        if (r >= threshold) return r % n;
    }
}

int Rng::between(int lo, int hi) {
    const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(hi) - lo + 1);
    return static_cast<int>(lo + static_cast<std::int64_t>(below(span)));
}

double Rng::unit() { return static_cast<double>(m_engine() >> 11U) * 0x1.0p-53; }

std::string digits(Rng& rng, int count) {
    std::string out;
    for (int i = 0; i < count; ++i) out += static_cast<char>('0' + rng.between(0, 9));
    return out;
}

}  // namespace infusion::demo::detail
