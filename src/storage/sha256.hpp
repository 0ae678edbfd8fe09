#pragma once
// SHA-256 of a stream of bytes (nettle): content seals, the audit chain, and export files (the batch
// records the file's hash so a re-export can be checked byte for byte). In storage/ because storage owns
// the hashing libraries.
#include <memory>
#include <string>
#include <string_view>

namespace infusion::storage {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    void update(std::string_view bytes);
    // Lower-case hex; the object cannot be updated afterwards.
    [[nodiscard]] std::string hex();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace infusion::storage
