#pragma once
// Result<T>: a value or an error, for fallible operations (std::expected is not in g++ 12).
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace infusion::core {

// Where an error was found: a file with line and column (1-based) when known.
struct SourcePos {
    int line = 0;
    int column = 0;
    [[nodiscard]] bool known() const { return line > 0; }
};

// What went wrong, so callers branch on the kind and never on message text (ImHex's typed errors).
enum class ErrorKind {
    invalid,    // bad input: a value, a file, a request that cannot be done as asked
    not_found,  // the record, user or file does not exist
    refused,    // the person acting may not do this (audited by app/)
    conflict,   // the record changed or exists already; the state does not allow it (signed, exported)
    io,         // the disk, the file system or the database file could not be read or written
    corrupt,    // stored data fails its own checks (hash chain, schema, integrity)
    outdated,   // what the write was computed from changed before it ran: compute it again and retry
};

struct Error {
    Error() = default;
    explicit Error(std::string message_, std::string file_ = {}, SourcePos pos_ = {},
                   ErrorKind kind_ = ErrorKind::invalid)
        : message(std::move(message_)), file(std::move(file_)), pos(pos_), kind(kind_) {}
    // A refusal, a missing record ...: the kind callers branch on.
    [[nodiscard]] static Error of(ErrorKind kind_, std::string message_) {
        return Error{std::move(message_), {}, {}, kind_};
    }

    std::string message;
    std::string file;  // empty when not about a file
    SourcePos pos;
    ErrorKind kind = ErrorKind::invalid;

    // "FILE:LINE:COL: message", or as much of it as is known.
    [[nodiscard]] std::string describe() const;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_data(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : m_data(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }
    [[nodiscard]] T& value() & { return std::get<T>(m_data); }
    [[nodiscard]] const T& value() const& { return std::get<T>(m_data); }
    // From a temporary Result the value moves out by value (`auto db = Database::open(f).value();`),
    // so `for (auto& x : f().value())` never refers into a destroyed temporary.
    [[nodiscard]] T value() && { return std::move(std::get<T>(m_data)); }
    [[nodiscard]] const Error& error() const { return std::get<Error>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// The value of a Result that has nothing to return but success.
struct Done {};
using Status = Result<Done>;

}  // namespace infusion::core
