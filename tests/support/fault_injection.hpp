#pragma once
// Fault injection for tests: an SQLite VFS that wraps the default one (and becomes the default), and
// interposed rename(), linkat() (a finished export's name) and fsync(), so that the n-th write, fsync or
// rename from now fails as a failing disk would (EIO / SQLITE_IOERR). A test walks n = 1, 2, ... over
// one operation until no fault fires: every point of the operation has then failed once.
#include <string>

namespace infusion::test {

enum class Fault { write, sync, rename };
[[nodiscard]] const char* to_string(Fault fault);

class FaultInjector {
public:
    // Installs the VFS on first use.
    static FaultInjector& instance();

    // The `nth` operation of `kind` from now fails (1-based); counts restart.
    void arm(Fault kind, int nth);
    void disarm();
    // Whether the armed fault happened since arm().
    [[nodiscard]] bool fired() const;

    // Called by the shims: true when this operation must fail.
    bool should_fail(Fault kind);

private:
    FaultInjector();
    bool m_armed = false;
    Fault m_kind = Fault::write;
    int m_nth = 0;
    int m_seen = 0;
    bool m_fired = false;
};

}  // namespace infusion::test
