// A failed audit write is never ignored: a reading stops, a refusal says the log missed it.
#include "app/audit_rows.hpp"

#include <doctest/doctest.h>

using namespace infusion;

namespace {

// An audit log that answers every append with the error it was given (or takes it).
class AnsweringLog final : public storage::AuditLog {
public:
    explicit AnsweringLog(std::optional<core::Error> answer) : m_answer(std::move(answer)) {}
    core::Status record(const std::string& action, std::optional<storage::VisitId>, const std::string&,
                        const storage::Actor&) override {
        actions.push_back(action);
        if (m_answer) return *m_answer;
        return core::Done{};
    }
    core::Result<std::vector<storage::AuditEntry>> entries(const storage::AuditFilter&) override {
        return std::vector<storage::AuditEntry>{};
    }
    core::Result<storage::CheckReport> verify() override { return storage::CheckReport{}; }
    std::vector<std::string> actions;

private:
    std::optional<core::Error> m_answer;
};

const storage::Actor someone{"rn.okafor", "2026-03-02T15:00:00Z"};

}  // namespace

TEST_CASE("a reading whose audit row cannot be written stops, saying why") {
    AnsweringLog full_disk(
        core::Error{"cannot write the audit log: the disk is full", "clinic.db", {}, core::ErrorKind::io});
    auto read = app::record_reading(full_disk, "view", 7, "visit opened", someone);
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().kind == core::ErrorKind::io);
    CHECK(read.error().message.find("the disk is full") != std::string::npos);
    CHECK(read.error().message.find("audit log could not take the row") != std::string::npos);
    CHECK(full_disk.actions == std::vector<std::string>{"view"});
}

TEST_CASE("a reading goes on unrecorded only on a database open read-only") {
    AnsweringLog read_only(core::Error{
        "cannot write the audit log: the database is open read-only", "backup.db", {}, core::ErrorKind::refused});
    CHECK(app::record_reading(read_only, "view", 7, "visit opened", someone).ok());
    AnsweringLog fine(std::nullopt);
    CHECK(app::record_reading(fine, "print", 7, "to out.pdf", someone).ok());
    CHECK(fine.actions == std::vector<std::string>{"print"});
}

TEST_CASE("a refusal whose audit row is lost says so in its message") {
    AnsweringLog broken(
        core::Error{"cannot write the audit log: the disk reported an error", "clinic.db", {}, core::ErrorKind::io});
    const auto refusal =
        app::with_refusal_row(broken, core::Error::of(core::ErrorKind::refused, "the account is disabled"),
                              "sign-in-failed", std::nullopt, "disabled", someone);
    CHECK(refusal.kind == core::ErrorKind::refused);
    CHECK(refusal.message.find("the account is disabled") == 0);
    CHECK(refusal.message.find("could not be written to the audit log") != std::string::npos);
    AnsweringLog fine(std::nullopt);
    CHECK(app::with_refusal_row(fine, core::Error::of(core::ErrorKind::refused, "no"), "refused", 3, "x", someone)
              .message == "no");
}
