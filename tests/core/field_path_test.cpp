// Field paths as a nurse reads them: the screen names the field that holds signing by them.
#include "core/field_path.hpp"

#include <doctest/doctest.h>

using infusion::core::path::human_name;

TEST_CASE("a field path reads as the nurse counts: from 1, in words") {
    CHECK(human_name("pump_setups[0].stop") == "pump set-up 1, stop");
    CHECK(human_name("pump_setups[1].pauses[2].start") == "pump set-up 2, pause 3, start");
    CHECK(human_name("pump_setups[0].set_up_at") == "pump set-up 1, set-up time");
    CHECK(human_name("notes[4].at") == "note 5, time");
    CHECK(human_name("patient.birth_date") == "birth date");
    // What it does not know stays as it is.
    CHECK(human_name("visit.diagnoses") == "visit, diagnoses");
    CHECK(human_name("pump_setups[x].stop") == "pump set-up, stop");
}
