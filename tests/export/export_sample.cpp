// Writes the sample batch as DIR/charges.csv and DIR/charges.hl7, for check_exports.py to read with
// Python's csv module and python3-hl7: a check by parsers we did not write.
#include "export/csv_writer.hpp"
#include "export/export_error.hpp"
#include "export/hl7_writer.hpp"
#include "sample_charges.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: export_sample DIR\n";
        return 2;
    }
    try {
        namespace ex = infusion::exporting;
        const std::filesystem::path dir = argv[1];
        std::filesystem::create_directories(dir);
        const auto visits = exporttest::sample_visits();
        // Binary mode: the CRLF and CR line ends are part of both formats and must reach the file as written.
        std::ofstream csv(dir / "charges.csv", std::ios::binary);
        ex::write_csv_header(csv);
        for (const auto& visit : visits) ex::write_csv_lines(csv, visit.lines);  // one chunk per visit
        std::ofstream hl7(dir / "charges.hl7", std::ios::binary);
        int number = 0;
        for (const auto& visit : visits) ex::write_hl7_message(hl7, exporttest::sample_header(), visit, ++number);
        csv.close();
        hl7.close();
        if (!csv || !hl7) throw ex::ExportError("could not close the sample files");
        std::cout << "wrote " << (dir / "charges.csv").string() << " and " << (dir / "charges.hl7").string() << "\n";
        return 0;
    } catch (const std::exception& error) {
        std::cerr << "export_sample: " << error.what() << "\n";
        return 1;
    }
}
