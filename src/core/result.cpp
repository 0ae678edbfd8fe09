#include "core/result.hpp"

namespace infusion::core {

std::string Error::describe() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (pos.known()) out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column);
        out += ": ";
    }
    out += message;
    return out;
}

}  // namespace infusion::core
