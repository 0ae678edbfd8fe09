#pragma once
// The one way the export writers fail: a line that cannot be written as a correct charge, or a stream
// that stopped taking bytes. Writers never skip or repair a bad line in silence (a charge file that
// drops a line loses money; one that mangles a code gets a claim denied), so both throw this.
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace infusion::exporting {

class ExportError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws ExportError when `out` has failed (disk full, closed pipe): `what` says what was being written.
void ensure_written(const std::ostream& out, std::string_view what);

}  // namespace infusion::exporting
