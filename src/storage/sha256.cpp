#include "storage/sha256.hpp"

#include <nettle/sha2.h>

#include <cstdint>

namespace infusion::storage {

// nettle's SHA-256 uses the processor's SHA instructions where it has them (Debian builds it to choose
// at run time): about five times libsodium's portable code on the development machine, and a seal, the
// audit chain and every export file are hashed with it (docs/performance.md, issue 15).
struct Sha256::State {
    sha256_ctx ctx{};
};

Sha256::Sha256() : m_state(std::make_unique<State>()) { sha256_init(&m_state->ctx); }

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    sha256_update(&m_state->ctx, bytes.size(), reinterpret_cast<const std::uint8_t*>(bytes.data()));
}

std::string Sha256::hex() {
    std::uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&m_state->ctx, sizeof digest, digest);
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(2 * sizeof digest, '0');
    for (std::size_t i = 0; i < sizeof digest; ++i) {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 0x0f];
    }
    return out;
}

}  // namespace infusion::storage
