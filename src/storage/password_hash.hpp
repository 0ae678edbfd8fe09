#pragma once
// Password hashing with libsodium's Argon2id (crypto_pwhash_str): the stored string carries its own salt
// and cost parameters, so a hash made with older parameters still verifies and can be upgraded on the
// next successful sign-in (needs_rehash).
#include "core/result.hpp"

#include <string>
#include <string_view>

namespace infusion::storage {

enum class HashCost {
    // What the program uses: crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (2 passes, 64 MiB,
    // about 0.1 s on a 2-core workstation). MODERATE (256 MiB, about 0.8 s) would make every sign-in at a
    // busy chair-side workstation noticeably slow for little gain: the file the hashes live in already
    // holds the clinical record, and online guessing is throttled by the lockout.
    interactive,
    // crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN: for test suites that hash hundreds of times. Chosen
    // only through this explicit parameter, never by an environment variable or a command-line option.
    test_only_minimal,
};

// An Argon2id string ("$argon2id$v=19$m=...") for the password, or an error when the memory for it
// cannot be had.
[[nodiscard]] core::Result<std::string> hash_password(std::string_view password, HashCost cost = HashCost::interactive);

// True when the password matches the stored hash. False for a wrong password and for a malformed or
// empty hash (a user row without a password can never sign in).
[[nodiscard]] bool verify_password(const std::string& hash, std::string_view password);

// True when the hash was made with other parameters than `cost` (or is not an Argon2id string).
[[nodiscard]] bool needs_rehash(const std::string& hash, HashCost cost = HashCost::interactive);

// Overwrites a password buffer we own before it is released (sodium_memzero cannot be optimised away).
void wipe(std::string& secret);

}  // namespace infusion::storage
