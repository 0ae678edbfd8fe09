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

struct Error {
    std::string message;
    std::string file;  // empty when not about a file
    SourcePos pos;

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
