#pragma once
// Random draws for the demo visits (see demo_visits.hpp): portable, so a seed means the same visits
// everywhere. std::uniform_int_distribution, std::shuffle and friends are implementation-defined, so
// libstdc++ and libc++ would give different visits for one seed. mt19937_64 itself is fully specified.
#include <array>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace infusion::demo::detail {

class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}

    std::uint64_t below(std::uint64_t n);  // [0, n), n > 0, by rejection so no value is favoured
    int between(int lo, int hi);           // [lo, hi]
    std::size_t index(std::size_t n) { return static_cast<std::size_t>(below(n)); }
    double unit();  // [0, 1)
    bool chance(double p) { return unit() < p; }

    template <class T>
    void shuffle(std::vector<T>& items) {  // Fisher-Yates
        for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[index(i)]);
    }

private:
    std::mt19937_64 m_engine;
};

struct Weighted {
    std::string_view text;
    int weight;
};

template <std::size_t N>
std::string_view pick(Rng& rng, const std::array<Weighted, N>& table) {
    int total = 0;
    for (const auto& row : table) total += row.weight;
    int r = rng.between(0, total - 1);
    for (const auto& row : table) {
        if (r < row.weight) return row.text;
        r -= row.weight;
    }
    return table.back().text;
}

template <class T, std::size_t N>
const T& pick_any(Rng& rng, const std::array<T, N>& items) {
    return items[rng.index(N)];
}

// `count` decimal digits, one draw each.
std::string digits(Rng& rng, int count);

}  // namespace infusion::demo::detail
