#include "app/clock.hpp"

#include "core/wall_time.hpp"

#include <chrono>

namespace infusion::app {

std::string utc_now() {
    return core::format_utc(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

}  // namespace infusion::app
