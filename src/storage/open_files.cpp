#include "storage/open_files.hpp"

#include <sys/stat.h>

#include <map>
#include <mutex>

namespace infusion::storage::detail {
namespace {

using Key = std::pair<dev_t, ino_t>;

std::optional<Key> key_of(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) return std::nullopt;
    return Key{st.st_dev, st.st_ino};
}

// The window and its export job open connections on different threads.
std::mutex g_mutex;
std::map<Key, int>& held() {
    static std::map<Key, int> counts;
    return counts;
}

}  // namespace

std::optional<OpenFileMark> OpenFileMark::of(const std::filesystem::path& file) {
    const auto key = key_of(file);
    if (!key) return std::nullopt;
    std::lock_guard<std::mutex> lock(g_mutex);
    ++held()[*key];
    return OpenFileMark(*key);
}

OpenFileMark::~OpenFileMark() {
    if (!m_key) return;
    std::lock_guard<std::mutex> lock(g_mutex);
    auto& counts = held();
    if (auto it = counts.find(*m_key); it != counts.end() && --it->second == 0) counts.erase(it);
}

OpenFileMark& OpenFileMark::operator=(OpenFileMark&& other) noexcept {
    if (this != &other) {
        OpenFileMark released(std::move(*this));  // this one's mark ends with `released`
        m_key = std::exchange(other.m_key, std::nullopt);
    }
    return *this;
}

bool held_open_here(const std::filesystem::path& file) {
    const auto key = key_of(file);
    if (!key) return false;
    std::lock_guard<std::mutex> lock(g_mutex);
    return held().count(*key) > 0;
}

}  // namespace infusion::storage::detail
