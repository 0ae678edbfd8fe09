// SHA-256 as every stored hash needs it: content seals, the audit chain and export files were hashed by
// libsodium until 2026-12-02 and by nettle since, so the digests must be SHA-256's exactly (FIPS 180-2's
// examples) and the chain's hash of a row must be the one already stored in every clinic's database (a
// different hash reads as tampering in `db check`).
#include "storage/sha256.hpp"
#include "storage/audit_chain_walk.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace infusion;

namespace {

std::string sha256_of(std::string_view bytes) {
    storage::Sha256 sha;
    sha.update(bytes);
    return sha.hex();
}

}  // namespace

TEST_CASE("SHA-256 gives FIPS 180-2's digests") {
    CHECK(sha256_of("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_of("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_of(std::string(1'000'000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("SHA-256 of bytes fed in pieces is the digest of the whole") {
    // An export file is hashed as it is written, a mebibyte (or a line) at a time.
    const std::string whole(100'003, 'x');
    storage::Sha256 pieces;
    for (std::size_t at = 0; at < whole.size(); at += 997) pieces.update(std::string_view(whole).substr(at, 997));
    CHECK(pieces.hex() == sha256_of(whole));
}

TEST_CASE("an audit row's chain hash is the one stored by every earlier version") {
    // Computed independently (Python's hashlib over the documented form: each field as "length:bytes").
    storage::AuditEntry sign;
    sign.id = 7;
    sign.at = "2026-11-30T10:00:00Z";
    sign.actor = "rn.okafor";
    sign.action = "sign";
    sign.visit_id = 12;
    sign.detail = "3 lines, rules 2026.2";
    sign.subject = "revision 12/0";
    for (int i = 0; i < 32; ++i) sign.seal += "ab";  // 64 characters, as long as a seal
    CHECK(storage::detail::chain_hash(storage::detail::genesis_hash, sign) ==
          "ce04d9b1683f5a6216693aa48828a867f0dac8ea5aff805d610defd9cac94a44");

    storage::AuditEntry sign_in;
    sign_in.id = 8;
    sign_in.at = "2026-11-30T10:01:00Z";
    sign_in.actor = "admin";
    sign_in.action = "sign-in";
    sign_in.detail = "signed in";
    CHECK(storage::detail::chain_hash(storage::detail::genesis_hash, sign_in) ==
          "31918a567441809a9f58446b61fca6490d53d15f81cfd4da887575dd50bf46ad");
}
