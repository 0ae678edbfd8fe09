#include "storage/password_hash.hpp"

#include <sodium.h>

#include <stdexcept>

namespace infusion::storage {
namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) throw std::runtime_error("libsodium could not be initialised");
}

struct Limits {
    unsigned long long ops;
    std::size_t mem;
};

Limits limits(HashCost cost) {
    switch (cost) {
        case HashCost::interactive: return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
        case HashCost::test_only_minimal: return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
    }
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

}  // namespace

core::Result<std::string> hash_password(std::string_view password, HashCost cost) {
    ensure_sodium();
    const Limits l = limits(cost);
    char out[crypto_pwhash_STRBYTES] = {};
    // The algorithm is named rather than left to the library default, so a libsodium upgrade cannot
    // silently change what new hashes are.
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), l.ops, l.mem, crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return core::Error{"cannot hash the password: not enough memory for Argon2id (" +
                               std::to_string(l.mem / (std::size_t{1024} * 1024)) + " MiB)",
                           "",
                           {},
                           core::ErrorKind::io};
    }
    return std::string(out);
}

bool verify_password(const std::string& hash, std::string_view password) {
    ensure_sodium();
    if (hash.empty()) return false;
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool needs_rehash(const std::string& hash, HashCost cost) {
    ensure_sodium();
    const Limits l = limits(cost);
    // 1: other parameters; -1: not an Argon2id string at all. Either way a fresh hash is wanted.
    return crypto_pwhash_str_needs_rehash(hash.c_str(), l.ops, l.mem) != 0;
}

void wipe(std::string& secret) {
    if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
    secret.clear();
}

}  // namespace infusion::storage
