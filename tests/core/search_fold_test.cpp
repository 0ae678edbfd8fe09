// core::search_fold(): names as patient search compares them (accents and case apart).
#include "core/search_fold.hpp"

#include <doctest/doctest.h>

#include <string>

using infusion::core::accented_letters;
using infusion::core::search_fold;

TEST_CASE("search_fold: accented Latin letters become their base letter, ASCII lower case, other scripts stay") {
    CHECK(search_fold("Novák, Zuzana") == "novak, zuzana");
    CHECK(search_fold("Nguyễn, Lê Ánh") == "nguyen, le anh");
    CHECK(search_fold("ŁUKASZEWSKI, Øystein") == "lukaszewski, oystein");
    CHECK(search_fold("Ðặng Thị Ơn, Đức") == "dang thi on, duc");
    CHECK(search_fold("Çelik, Şükrü") == "celik, sukru");
    CHECK(search_fold("Иванова, Анна") == "Иванова, Анна");
    CHECK(search_fold("Æsir Straße ×") == "Æsir straße ×");  // ligatures and signs are not one letter
    CHECK(search_fold(std::string("bad \xC3 byte")) == std::string("bad \xC3 byte"));
    CHECK(search_fold("") == "");
}

TEST_CASE("accented_letters: each letter with its base, as search_fold maps it") {
    const auto& letters = accented_letters();
    REQUIRE(letters.size() > 300);
    for (const auto& [letter, base] : letters) {
        CAPTURE(letter);
        CHECK(search_fold(letter) == std::string(1, base));
    }
}
