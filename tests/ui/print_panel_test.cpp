// "Save as PDF / Print" on the visit screen, driven headlessly: the PDF is written where the nurse says
// (who may print what is tested in tests/print, where app/ decides it).
#include "ui/ui_driver.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

using namespace infusion;

TEST_CASE("the visit screen saves the open visit's record as a PDF") {
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.click("new");
    d.type_into("new.patient_id", "MRN-555002");
    d.type_into("new.patient_name", "Print, Paula");
    d.click("new.start");
    REQUIRE(d.state().screen == ui::Screen::visit);
    const auto pdf =
        std::filesystem::temp_directory_path() / ("infusiondoc-ui-print-" + std::to_string(::getpid()) + ".pdf");
    std::filesystem::remove(pdf);
    d.state().locations.reveal = "print.open";
    d.frames(2);
    d.click("print.open");
    d.state().print_panel.path = pdf.string();
    d.state().locations.reveal = "print.save";
    d.frames(2);
    d.click("print.save");
    d.frames(1);
    INFO(d.state().print_panel.message);
    CHECK_FALSE(d.state().print_panel.failed);
    CHECK(d.state().print_panel.message == "Saved " + pdf.string());
    CHECK(std::filesystem::file_size(pdf) > 1000);
    std::filesystem::remove(pdf);
}

TEST_CASE("printing during an amendment says the PDF is the record as last signed") {
    // Found from outside: the PDF showed the signed 75 minutes while the screen showed the amended 105.
    test::UiDriver d("2026-03-02T16:00:00Z");
    const auto id = d.signed_sample_visit("MRN-790008");
    d.start_amendment(id);
    d.click("print.open");
    CHECK(d.visible("print.amending"));
    d.click("amend.cancel");
    CHECK_FALSE(d.visible("print.amending"));
}

TEST_CASE("a PDF name typed without .pdf gets it, and a folder that does not exist is named") {
    // Found from outside: "record" wrote a PDF named "record" that no viewer offered to open, and a
    // missing folder was reported as "No such file or directory".
    test::UiDriver d("2026-03-02T14:00:00Z");
    d.start_new_visit("MRN-555003", "Print, Pia");
    const auto dir = std::filesystem::temp_directory_path() / ("infusiondoc-ui-pdf-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    d.state().locations.reveal = "print.open";
    d.frames(2);
    d.click("print.open");
    const auto save = [&d](const std::string& path) {
        d.state().print_panel.path = path;
        d.state().locations.reveal = "print.save";
        d.frames(2);
        d.click("print.save");
        d.frames(2);
        return d.state().print_panel.message;
    };
    CHECK(save((dir / "record").string()) == "Saved " + (dir / "record.pdf").string());
    CHECK(std::filesystem::exists(dir / "record.pdf"));
    CHECK_FALSE(std::filesystem::exists(dir / "record"));
    CHECK(d.visible("print.done"));  // brought into view
    // An existing PDF is replaced on a second press only (it was saved over unasked).
    const std::string again = save((dir / "record").string());
    CHECK(again ==
          (dir / "record.pdf").string() + " exists already: press the button again to replace it, or change the name");
    CHECK(save((dir / "record.pdf").string()) == "Saved " + (dir / "record.pdf").string());
    CHECK(save((dir / "Record.PDF").string()) == "Saved " + (dir / "Record.PDF").string());
    // A name without a folder, and a folder alone, are in the home folder (not the program's working one).
    const char* home = std::getenv("HOME");
    REQUIRE(home != nullptr);
    const std::string id = std::to_string(d.state().editor.id());
    const auto bare = std::filesystem::path(home) / ("infusiondoc-bare-" + std::to_string(::getpid()) + ".pdf");
    CHECK(save(bare.filename().string()) == "Saved " + bare.string());
    CHECK(std::filesystem::exists(bare));
    std::filesystem::remove(bare);
    const auto proposed = std::filesystem::path(home) / ("infusiondoc-visit-" + id + ".pdf");
    const bool was_there = std::filesystem::exists(proposed);
    if (was_there) (void)save("~/");                    // asks first, as for any earlier PDF
    CHECK(save("~/") == "Saved " + proposed.string());  // it saved "~/.pdf", a hidden file
    if (!was_there) std::filesystem::remove(proposed);
    const std::string missing = save((dir / "no-such-folder" / "record.pdf").string());
    CHECK(d.state().print_panel.failed);
    CHECK(missing == "cannot create the file: the folder " + (dir / "no-such-folder").string() + " does not exist");
    std::filesystem::remove_all(dir);
}
