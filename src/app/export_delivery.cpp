#include "app/export_delivery.hpp"

#include "app/export_billing.hpp"
#include "storage/sha256.hpp"

#include <fstream>

namespace infusion::app {

std::optional<std::string> file_sha256(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    storage::Sha256 sha;
    std::string buffer(1 << 16, '\0');
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
        sha.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) return std::nullopt;
    return sha.hex();
}

core::Result<std::vector<Delivery>> deliver_pending_batches(storage::BillingStore& store,
                                                            const settings::Config& config,
                                                            const storage::Actor& actor) {
    auto pending = store.undelivered();
    if (!pending) return pending.error();
    std::vector<Delivery> out;
    for (const auto& batch : pending.value()) {
        Delivery d{batch.id, batch.out_path, false, {}};
        const std::string by_hand =
            "write it with: infusiondoc export --batch " + std::to_string(batch.id) + " --out FILE";
        std::error_code ec;
        if (batch.out_path.empty()) {
            d.message = "batch " + std::to_string(batch.id) + " was recorded without a file name; " + by_hand;
        } else if (std::filesystem::exists(batch.out_path, ec)) {
            const auto sha = file_sha256(batch.out_path);
            if (sha && *sha == batch.sha256) {
                auto recorded = store.record_delivery(batch.id, batch.out_path, actor);
                d.delivered = recorded.ok();
                d.message = recorded.ok() ? "batch " + std::to_string(batch.id) + " was in place at " + batch.out_path
                                          : recorded.error().describe();
            } else {
                d.message = "batch " + std::to_string(batch.id) + " was never delivered and " + batch.out_path +
                            " holds another file (left untouched); " + by_hand;
            }
        } else {
            auto again = rewrite_batch(store, config, batch.id, batch.out_path, actor);
            // Another session (an export, `export batches`, the window starting) put it in place meanwhile: that is
            // the delivery, not a failure. Said as one, it told the biller to write the batch by hand, a second
            // copy of the same charges (found from outside, with three `export batches` at once).
            if (!again) {
                if (auto now = store.batch(batch.id); now && now.value().delivered_at) {
                    d.delivered = true;
                    d.message = "batch " + std::to_string(batch.id) + " was put in place at " + batch.out_path +
                                " by another session meanwhile";
                    out.push_back(std::move(d));
                    continue;
                }
            }
            d.delivered = again.ok();
            d.message = again.ok() ? "batch " + std::to_string(batch.id) + " (" + std::to_string(batch.line_count) +
                                         " lines) had not reached its file; written again, byte-identical, to " +
                                         batch.out_path
                                   : "batch " + std::to_string(batch.id) +
                                         " was never delivered: " + again.error().describe() + "; " + by_hand;
        }
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace infusion::app
