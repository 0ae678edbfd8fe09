#include "core/field_path.hpp"

#include <algorithm>
#include <utility>

namespace infusion::core::path {
namespace {
std::string indexed(const char* name, std::size_t i) { return std::string(name) + "[" + std::to_string(i) + "]"; }
}  // namespace

std::string setup(std::size_t i) { return indexed("pump_setups", i); }
std::string site(std::size_t setup_index, std::size_t site_index) {
    return setup(setup_index) + "." + indexed("sites", site_index);
}
std::string pause(std::size_t setup_index, std::size_t pause_index) {
    return setup(setup_index) + "." + indexed("pauses", pause_index);
}
std::string substance(std::size_t i) { return indexed("substances", i); }
std::string note(std::size_t i) { return indexed("notes", i); }
std::string setup_name(std::size_t i) { return "pump set-up " + std::to_string(i + 1); }

std::string human_name(const std::string& path) {
    static const std::pair<const char*, const char*> names[] = {{"pump_setups", "pump set-up"},
                                                                {"pauses", "pause"},
                                                                {"sites", "site"},
                                                                {"notes", "note"},
                                                                {"substances", "substance"},
                                                                {"set_up_at", "set-up time"},
                                                                {"at", "time"},
                                                                {"birth_date", "birth date"},
                                                                {"patient", ""}};
    std::string out;
    std::size_t begin = 0;
    while (begin <= path.size()) {
        const std::size_t end = std::min(path.find('.', begin), path.size());
        std::string part = path.substr(begin, end - begin);
        std::string index;
        if (const auto open = part.find('['); open != std::string::npos && part.back() == ']') {
            const std::string digits = part.substr(open + 1, part.size() - open - 2);
            part.resize(open);
            if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos && digits.size() < 9)
                index = " " + std::to_string(std::stoul(digits) + 1);
        }
        for (const auto& [from, to] : names) {
            if (part == from) {
                part = to;
                break;
            }
        }
        if (!part.empty()) out += (out.empty() ? "" : ", ") + part + index;
        begin = end + 1;
    }
    return out;
}

}  // namespace infusion::core::path
