#include "cli/password_input.hpp"

#include "app/accounts.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iomanip>
#include <sstream>

namespace infusion::cli {
namespace {

using core::Error;

constexpr std::size_t max_line = 4096;  // far above any password; a larger file is surely the wrong one

// Closes the descriptor however the reading ends.
struct Fd {
    int fd;
    explicit Fd(int descriptor) : fd(descriptor) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

// Puts the terminal's echo back however the reading ends.
class EchoOff {
public:
    explicit EchoOff(int fd) : m_fd(fd) {
        if (::tcgetattr(m_fd, &m_saved) != 0) return;
        termios quiet = m_saved;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        quiet.c_lflag |= ECHONL;  // the Enter key still moves to the next line
        m_active = ::tcsetattr(m_fd, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff() {
        if (m_active) ::tcsetattr(m_fd, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    int m_fd;
    termios m_saved{};
    bool m_active = false;
};

// Reads up to a newline or the end, byte by byte so nothing after the line is consumed or buffered.
// The string is reserved up front so it never reallocates and leaves copies of the secret behind.
core::Result<std::string> read_line(int fd, const std::string& source) {
    std::string line;
    line.reserve(max_line);
    char c = 0;
    while (true) {
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            app::wipe(line);
            return Error{"cannot read the password: " + std::string(std::strerror(errno)), source, {}};
        }
        if (n == 0 || c == '\n') break;
        if (line.size() == max_line) {
            app::wipe(line);
            return Error{"the password line is too long (more than 4096 bytes)", source, {}};
        }
        line.push_back(c);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a file saved with Windows line ends
    return line;
}

core::Result<std::string> from_file(const std::string& path) {
    // O_NONBLOCK: opening a named pipe waits for a writer, so sign-in hung on one (found from outside);
    // it now opens at once and is refused below as not a file. Reading a regular file is unaffected.
    Fd file(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
    if (file.fd < 0) return Error{"cannot open the password file: " + std::string(std::strerror(errno)), path, {}};
    // Checked on the opened descriptor, so the file cannot be swapped between the check and the read.
    struct stat st {};
    if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        return Error{"the password file is not a regular file", path, {}};
    }
    if ((st.st_mode & 077) != 0) {
        std::ostringstream mode;
        mode << std::oct << std::setfill('0') << std::setw(4) << (st.st_mode & 07777);
        return Error{"the password file can be read or changed by other users (mode " + mode.str() +
                         "); make it private with: chmod 600 " + path,
                     path,
                     {}};
    }
    auto line = read_line(file.fd, path);
    if (line && line.value().empty()) return Error{"the password file's first line is empty", path, {}};
    // A file saved as "UTF-8 with BOM" (Windows editors) starts with three bytes nobody typed: said, not
    // tried as part of the password (it cost an Argon2id sign-in and said "wrong password"; found from outside).
    if (line && line.value().rfind("\xEF\xBB\xBF", 0) == 0) {
        app::wipe(line.value());
        return Error{
            "the password file starts with a byte-order mark (saved as \"UTF-8 with BOM\"): save it as plain "
            "text",
            path,
            {}};
    }
    return line;
}

core::Result<std::string> from_terminal(const std::string& prompt) {
    if (::isatty(STDIN_FILENO) == 0) {
        return Error{
            "no terminal to ask for the password on (stdin is not a terminal): give --password-file PATH "
            "(or --new-password-file for a new password), a file only you can read (chmod 600)",
            "",
            {}};
    }
    [[maybe_unused]] const auto shown = ::write(STDERR_FILENO, prompt.data(), prompt.size());
    EchoOff quiet(STDIN_FILENO);
    auto line = read_line(STDIN_FILENO, "");
    if (line && line.value().empty()) return Error{"no password was typed", "", {}};
    return line;
}

}  // namespace

core::Result<std::string> read_password(const std::string& prompt, const std::optional<std::string>& file) {
    return file ? from_file(*file) : from_terminal(prompt);
}

core::Result<std::string> read_new_password(const std::string& prompt, const std::optional<std::string>& file) {
    if (file) return from_file(*file);
    auto first = from_terminal(prompt);
    if (!first) return first;
    auto again = from_terminal("Type it again: ");
    if (!again) {
        app::wipe(first.value());
        return again;
    }
    const bool same = first.value() == again.value();
    app::wipe(again.value());
    if (!same) {
        app::wipe(first.value());
        return Error{"the two passwords differ; nothing was changed", "", {}};
    }
    return first;
}

}  // namespace infusion::cli
