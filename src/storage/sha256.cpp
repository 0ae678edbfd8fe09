#include "storage/sha256.hpp"

#include <sodium.h>

#include <stdexcept>

namespace infusion::storage {

struct Sha256::State {
    crypto_hash_sha256_state state{};
};

Sha256::Sha256() : m_state(std::make_unique<State>()) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
    crypto_hash_sha256_init(&m_state->state);
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    crypto_hash_sha256_update(&m_state->state, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string Sha256::hex() {
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&m_state->state, digest);
    char hex[crypto_hash_sha256_BYTES * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    return hex;
}

}  // namespace infusion::storage
