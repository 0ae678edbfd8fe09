#pragma once
// Use case: batches that were recorded but whose file never arrived (the program stopped between the
// commit and the rename, export_billing.hpp step 3) are found and delivered: at the next export, the
// next `export batches` and the next start of the program.
#include "core/result.hpp"
#include "settings/config.hpp"
#include "storage/billing_store.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace infusion::app {

struct Delivery {
    storage::BatchId batch = 0;
    std::string path;
    bool delivered = false;  // false: `message` says why and what to do
    std::string message;
};

// Each undelivered batch is written again from its record at the path it was meant for (byte-identical:
// the SHA-256 is checked) and its delivery recorded; a file already there is accepted when it is the
// batch, byte for byte. Anything else is reported, never overwritten.
[[nodiscard]] core::Result<std::vector<Delivery>> deliver_pending_batches(storage::BillingStore& store,
                                                                          const settings::Config& config,
                                                                          const storage::Actor& actor);

// The SHA-256 of a file's bytes; nullopt when it cannot be read.
[[nodiscard]] std::optional<std::string> file_sha256(const std::filesystem::path& file);

}  // namespace infusion::app
