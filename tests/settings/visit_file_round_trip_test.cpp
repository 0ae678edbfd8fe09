// write_visit() writes a format-1 file that reads back (parse_visit) to the same visit, field by
// field: offsets, pauses, notes and their kinds, optional booleans left unset, awkward strings.
#include "settings/visit_file.hpp"
#include "support/test_support.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <string>

using namespace infusion;

namespace {

std::string show(const std::optional<core::WallTime>& t) {
    if (!t) return "(unset)";
    return core::format_iso(*t);
}

void check_same(const core::Visit& a, const core::Visit& b) {
    CHECK(a.patient.id == b.patient.id);
    CHECK(a.patient.name == b.patient.name);
    CHECK(a.patient.birth_date == b.patient.birth_date);
    CHECK(a.patient.allergies == b.patient.allergies);
    CHECK(a.clinician == b.clinician);
    CHECK(a.setting == b.setting);
    CHECK(a.time_zone == b.time_zone);
    CHECK(a.diagnoses == b.diagnoses);
    REQUIRE(a.substances.size() == b.substances.size());
    for (std::size_t i = 0; i < a.substances.size(); ++i) {
        CAPTURE(i);
        const auto& x = a.substances[i];
        const auto& y = b.substances[i];
        CHECK(x.name == y.name);
        CHECK(x.dose.has_value() == y.dose.has_value());
        if (x.dose && y.dose) CHECK(*x.dose == *y.dose);  // exactly: 17 digits read back bit for bit
        CHECK(x.unit == y.unit);
        CHECK(x.ndc == y.ndc);
        CHECK(x.lot == y.lot);
        CHECK(x.wasted.has_value() == y.wasted.has_value());
        if (x.wasted && y.wasted) CHECK(*x.wasted == *y.wasted);
        REQUIRE(x.vials.size() == y.vials.size());
        for (std::size_t j = 0; j < x.vials.size(); ++j) {
            CAPTURE(j);
            CHECK(x.vials[j].gtin == y.vials[j].gtin);
            CHECK(x.vials[j].lot == y.vials[j].lot);
            CHECK(x.vials[j].expiry == y.vials[j].expiry);
            CHECK(x.vials[j].serial == y.vials[j].serial);
        }
    }
    REQUIRE(a.pump_setups.size() == b.pump_setups.size());
    for (std::size_t i = 0; i < a.pump_setups.size(); ++i) {
        CAPTURE(i);
        const auto& x = a.pump_setups[i];
        const auto& y = b.pump_setups[i];
        CHECK(x.pump == y.pump);
        CHECK(show(x.set_up_at) == show(y.set_up_at));
        CHECK(x.set_up_at == y.set_up_at);
        CHECK(show(x.start) == show(y.start));
        CHECK(x.start == y.start);
        CHECK(show(x.stop) == show(y.stop));
        CHECK(x.stop == y.stop);
        REQUIRE(x.sites.size() == y.sites.size());
        for (std::size_t j = 0; j < x.sites.size(); ++j) {
            CAPTURE(j);
            CHECK(x.sites[j].location == y.sites[j].location);
            CHECK(x.sites[j].needle == y.sites[j].needle);
            CHECK(x.sites[j].prepped == y.sites[j].prepped);
            CHECK(x.sites[j].aspiration == y.sites[j].aspiration);
            CHECK(x.sites[j].secured == y.sites[j].secured);
        }
        REQUIRE(x.pauses.size() == y.pauses.size());
        for (std::size_t j = 0; j < x.pauses.size(); ++j) {
            CAPTURE(j);
            CHECK(x.pauses[j].start == y.pauses[j].start);
            CHECK(x.pauses[j].stop == y.pauses[j].stop);
            CHECK(x.pauses[j].reason == y.pauses[j].reason);
        }
    }
    REQUIRE(a.notes.size() == b.notes.size());
    for (std::size_t i = 0; i < a.notes.size(); ++i) {
        CAPTURE(i);
        CHECK(show(a.notes[i].at) == show(b.notes[i].at));
        CHECK(a.notes[i].at == b.notes[i].at);
        CHECK(a.notes[i].kind == b.notes[i].kind);
        CHECK(a.notes[i].text == b.notes[i].text);
    }
}

// Writes, reads back and compares; returns what was read.
core::Visit round_trip(const core::Visit& visit) {
    const std::string text = settings::write_visit(visit);
    CAPTURE(text);
    auto read = settings::parse_visit(text, "written.toml", test::repo_config().sites);
    REQUIRE_MESSAGE(read.ok(), read.error().describe());
    CHECK(read.value().notices.empty());  // the writer uses no key format 1 does not know
    check_same(visit, read.value().visit);
    // Stable: writing what was read gives the same text.
    CHECK(settings::write_visit(read.value().visit) == text);
    return read.value().visit;
}

std::chrono::year_month_day ymd(int y, unsigned m, unsigned d) {
    return std::chrono::year_month_day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

core::Visit rich_visit() {
    core::Visit v;
    v.patient.id = "MRN \"0042\" \\ A";
    v.patient.name = "Peña, José";
    v.patient.birth_date = ymd(1904, 2, 29);
    v.patient.allergies = "Penicillin\nLatex (rash)\r\n\ttape: \"3M\" \\ adhesives\x01\x1F\x7F; 日本語 💉";
    v.clinician = "rn.o'kafor";
    v.setting = core::Setting::facility;
    v.time_zone = "Europe/Berlin";
    v.diagnoses = {"D80.1", "D83.9", "Z79.899 \"long-term\""};

    core::Substance hizentra;
    hizentra.name = "Hizentra";
    hizentra.dose = 0.1 + 0.2;  // not 0.3: the writer must keep every bit
    hizentra.unit = core::DoseUnit::mL;
    hizentra.ndc = "44206-0451-01";
    hizentra.lot = "P100\"234";
    hizentra.wasted = 1.0 / 3.0;
    hizentra.vials = {{"00344206451014", "P100\"234", ymd(2027, 5, 31), "SN\\0001"},
                      {"", "typed from the label", std::nullopt, ""}};
    v.substances.push_back(hizentra);
    core::Substance bare;  // a draft: only a name, every optional left unset
    bare.name = "Unlisted drug, 10%";
    v.substances.push_back(bare);
    core::Substance big;
    big.name = "units";
    big.dose = 1e21;
    big.unit = core::DoseUnit::units;
    big.wasted = 0.0;
    v.substances.push_back(big);
    core::Substance whole;
    whole.name = "mg";
    whole.dose = 12345678.0;
    whole.unit = core::DoseUnit::mg;
    whole.wasted = 2.5e-7;
    v.substances.push_back(whole);

    core::PumpSetup first;
    first.pump = "Freedom60 \"B\"";
    first.set_up_at = test::at_offset(2026, 3, 2, 9, 5, -300);
    first.start = test::at_offset(2026, 3, 2, 19, 40, 330);  // +05:30
    first.stop = test::at(2026, 3, 2, 10, 25, 59);           // local, with seconds
    core::Site full;
    full.location = "abdomen-left-lower";
    full.needle = "27G 9mm";
    full.prepped = true;
    full.aspiration = core::Aspiration::no_blood;
    full.secured = false;
    first.sites.push_back(full);
    core::Site unset;  // only a location: prepped, aspiration and secured stay unknown
    unset.location = "thigh-right";
    first.sites.push_back(unset);
    core::Site bled;
    bled.location = "buttock-left";
    bled.prepped = false;
    bled.aspiration = core::Aspiration::blood;
    first.sites.push_back(bled);
    core::Site unchecked;
    unchecked.location = "arm-right";
    unchecked.aspiration = core::Aspiration::not_checked;
    unchecked.secured = true;
    first.sites.push_back(unchecked);
    core::Pause alarm;
    alarm.start = test::at(2026, 3, 2, 9, 30);
    alarm.stop = test::at(2026, 3, 2, 9, 41, 7);
    alarm.reason = "occlusion alarm; line \"kinked\"\nre-primed";
    first.pauses.push_back(alarm);
    core::Pause open;  // still paused: no stop, no reason
    open.start = test::at_offset(2026, 3, 2, 10, 0, 0);
    first.pauses.push_back(open);
    v.pump_setups.push_back(first);
    v.pump_setups.push_back(core::PumpSetup{});  // an empty set-up being documented

    core::PumpSetup second;
    second.start = test::at_offset(1999, 12, 31, 23, 59, -720);
    second.stop = test::at_offset(2000, 1, 1, 0, 1, 840);
    v.pump_setups.push_back(second);

    const core::NoteKind kinds[] = {core::NoteKind::general, core::NoteKind::monitoring, core::NoteKind::reaction,
                                    core::NoteKind::site_condition, core::NoteKind::instructions};
    int minute = 0;
    for (const auto kind : kinds) {
        core::Note note;
        note.at = test::at(2026, 3, 2, 9, minute += 7);
        note.kind = kind;
        note.text = std::string("kind ") + core::to_string(kind) + ": \"quoted\" \\ back\\slash\nsecond line ñ";
        v.notes.push_back(note);
    }
    core::Note untimed;  // no time, no text: still a note
    untimed.kind = core::NoteKind::reaction;
    v.notes.push_back(untimed);
    return v;
}

}  // namespace

TEST_CASE("a rich visit reads back field by field, bit for bit") {
    const core::Visit v = rich_visit();
    const core::Visit back = round_trip(v);
    // A few of the awkward values spelled out, so a failure names them plainly.
    CHECK(back.patient.name == "Peña, José");
    CHECK(back.patient.id == "MRN \"0042\" \\ A");
    CHECK(back.patient.allergies == v.patient.allergies);
    CHECK(back.substances.at(0).dose == 0.1 + 0.2);
    CHECK_FALSE(back.substances.at(1).dose.has_value());
    CHECK_FALSE(back.substances.at(1).unit.has_value());
    CHECK_FALSE(back.substances.at(1).wasted.has_value());
    CHECK_FALSE(back.pump_setups.at(0).sites.at(1).prepped.has_value());
    CHECK_FALSE(back.pump_setups.at(0).sites.at(1).aspiration.has_value());
    CHECK_FALSE(back.pump_setups.at(0).sites.at(1).secured.has_value());
    CHECK(back.pump_setups.at(0).sites.at(0).secured == false);  // false is kept, not dropped as unset
    CHECK(back.pump_setups.at(0).start->utc_offset == std::chrono::minutes{330});
    CHECK_FALSE(back.pump_setups.at(0).stop->utc_offset.has_value());
    // +00:00 stays an offset reading (an instant), not a local time in the visit's zone.
    CHECK(back.pump_setups.at(0).pauses.at(1).start->utc_offset == std::chrono::minutes{0});
    CHECK_FALSE(back.pump_setups.at(0).pauses.at(1).stop.has_value());
}

TEST_CASE("the documented example and the test sample visit read back unchanged") {
    std::ifstream in(std::string(INFUSIONDOC_SOURCE_DIR) + "/docs/examples/hizentra-two-sites.toml", std::ios::binary);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const auto example = settings::parse_visit(text, "example.toml", test::repo_config().sites);
    REQUIRE(example.ok());
    round_trip(example.value().visit);
    round_trip(test::sample_visit());
    // And the written example still codes the same.
    const auto again =
        settings::parse_visit(settings::write_visit(example.value().visit), "again.toml", test::repo_config().sites);
    REQUIRE(again.ok());
    CHECK(test::summary(test::derive(again.value().visit).lines) == "96369x1 J1559x80:JZ");
}

TEST_CASE("an empty draft visit reads back empty") {
    const core::Visit back = round_trip(core::Visit{});
    CHECK(back.patient.id.empty());
    CHECK_FALSE(back.setting.has_value());
    CHECK(back.time_zone.empty());
    CHECK(back.diagnoses.empty());
    CHECK(back.substances.empty());
    CHECK(back.pump_setups.empty());
    CHECK(back.notes.empty());
}

TEST_CASE("every control character in a string survives the trip, NUL included") {
    core::Visit v;
    std::string all;
    for (int c = 0; c < 0x20; ++c) all += static_cast<char>(c);
    all += '\x7F';
    v.patient.name = all;
    v.notes.push_back(core::Note{std::nullopt, core::NoteKind::general, all + "end"});
    const core::Visit back = round_trip(v);
    CHECK(back.patient.name == all);
}

TEST_CASE("vials (extension): a file without them reads as before, and a bad GTIN is refused with its place") {
    const std::string old = "format = \"infusiondoc-visit-1\"\n[[substances]]\nname = \"Hizentra\"\nlot = \"P1\"\n";
    auto plain = settings::parse_visit(old, "old.toml", test::repo_config().sites);
    REQUIRE(plain.ok());
    CHECK(plain.value().visit.substances[0].vials.empty());
    CHECK(plain.value().notices.empty());

    const std::string bad = old + "  [[substances.vials]]\n  gtin = \"00344206451015\"\n  lot = \"P1\"\n";
    auto refused = settings::parse_visit(bad, "bad.toml", test::repo_config().sites);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().describe().find("bad.toml:6:") == 0);
    CHECK(refused.error().message.find("substances[0].vials[0].gtin: '00344206451015' is not a GTIN-14 with a "
                                       "correct check digit") != std::string::npos);

    const std::string typo = old + "  [[substances.vials]]\n  expiry = \"2027-05\"\n";
    CHECK_FALSE(settings::parse_visit(typo, "typo.toml", test::repo_config().sites).ok());
}

TEST_CASE("characters that break or reorder a line are written escaped and read back the same") {
    // `visits show --format toml` printed U+2028 and U+202E raw: the first breaks the line in many viewers, the
    // second shows the rest of it reversed (found from outside).
    core::Visit visit = test::sample_visit();
    visit.patient.name = "Rivera,\u2028Ana \u202eX\u202c \u2066Y\u2069 \u200e\u200f";
    visit.notes.push_back({std::nullopt, core::NoteKind::general, "line\u2029two \u00e9\u2027\u2030"});
    const std::string text = settings::write_visit(visit);
    CHECK(text.find("\"Rivera,\\u2028Ana \\u202EX\\u202C \\u2066Y\\u2069 \\u200E\\u200F\"") != std::string::npos);
    CHECK(text.find("line\\u2029two \u00e9\u2027\u2030") != std::string::npos);  // neighbours stay as they are
    CHECK(text.find("\u2028") == std::string::npos);
    CHECK(text.find("\u202e") == std::string::npos);
    const core::Visit read = round_trip(visit);
    CHECK(read.patient.name == visit.patient.name);
    // The C1 controls (U+0085 breaks a line in some editors), the Arabic letter mark and the byte-order mark too.
    visit.patient.allergies = "a\u0085b\u061Cc\uFEFFd\u00A0e";
    const std::string more = settings::write_visit(visit);
    CHECK(more.find("a\\u0085b\\u061Cc\\uFEFFd\u00A0e") != std::string::npos);
    CHECK(round_trip(visit).patient.allergies == visit.patient.allergies);
}
