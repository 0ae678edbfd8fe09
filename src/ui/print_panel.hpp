#pragma once
// "Save as PDF / Print" on the visit screen: the open visit's record as a PDF (app/print_records), and
// on request handed to the system's print command. Who may print is decided in app/.
#include <string>

namespace infusion::ui {

struct AppState;

struct PrintPanelState {
    std::string path;     // where the PDF goes; default ~/infusiondoc-visit-ID.pdf
    std::string message;  // what the last action did, or why it did not
    bool failed = false;
    bool open = false;
    bool message_new = false;
    std::string replace_confirmed;  // the existing file a first press asked about: a second press replaces it  //
                                    // scrolled into view once: "Saved ..." was drawn below the visible part
};

void draw_print_panel(AppState& state, PrintPanelState& print);

}  // namespace infusion::ui
