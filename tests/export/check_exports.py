#!/usr/bin/env python3
"""Reads the files export_sample wrote with parsers we did not write: Python's csv module and python3-hl7
(0.4.5, Debian 12), and asserts the values of tests/export/sample_charges.hpp.

Usage: check_exports.py DIR   (DIR holds charges.csv and charges.hl7)

python-hl7 indexing, checked against its source: msg.segment('FT1') is the first FT1 and
msg.segments('FT1') all of them; seg[n] is field n (seg[0] is the segment id; for MSH, seg[1] is the
field separator itself, so seg[n] is MSH-n there too). extract_field(segment, segment_num, field,
repeat, component) counts everything from 1 and unescapes \\F\\ \\S\\ \\R\\ \\E\\ \\T\\ and \\Xhh\\.
"""
import csv
import sys
from pathlib import Path

import hl7

COLUMNS = (
    "batch_id,visit_id,revision,line_number,transaction_id,transaction_type,reverses,patient_id,"
    "patient_name,patient_birth_date,date_of_service,place_of_service,revenue_code,code,code_system,"
    "modifier_1,modifier_2,modifier_3,modifier_4,units,diagnosis_1,diagnosis_2,diagnosis_3,diagnosis_4,"
    "diagnoses_all,rendering_clinician,ndc,ndc_qualifier,ndc_unit,ndc_quantity,infusion_start,"
    "infusion_stop,description"
).split(",")

failures = []


def expect(what, actual, expected):
    if actual != expected:
        failures.append(f"{what}: got {actual!r}, expected {expected!r}")


def check_csv(path):
    raw = path.read_bytes()
    expect("CSV has no BOM", raw[:3] == b"\xef\xbb\xbf", False)
    expect("CSV header line ends with CRLF", raw.split(b"\n", 1)[0].endswith(b"\r"), True)
    expect("CSV ends with CRLF", raw.endswith(b"\r\n"), True)
    # newline="" hands CR and LF inside quoted fields to the csv module untouched (csv module docs).
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, strict=True))
    expect("CSV header", rows[0], COLUMNS)
    expect("CSV row count", len(rows), 7)
    for number, row in enumerate(rows):
        expect(f"CSV row {number} column count", len(row), len(COLUMNS))
    by_name = [dict(zip(COLUMNS, row)) for row in rows[1:]]

    admin, drug, reversal, corrected, hostile, separators = by_name
    for column, value in {
        "batch_id": "7", "visit_id": "12", "revision": "0", "line_number": "1",
        "transaction_id": "V12-R0-L1", "transaction_type": "CG", "reverses": "", "patient_id": "P-1001",
        "patient_name": "Doe, Jane", "patient_birth_date": "1980-04-09", "date_of_service": "2026-03-02",
        "place_of_service": "11", "code": "96369", "code_system": "C4", "units": "1",
        "diagnosis_1": "D80.1", "diagnosis_2": "D83.9", "diagnoses_all": "D80.1;D83.9",
        "rendering_clinician": "rn.smith", "ndc": "", "ndc_qualifier": "",
        "infusion_start": "2026-03-02T09:10:00-05:00", "infusion_stop": "2026-03-02T10:25:00-05:00",
        "description": "SC infusion, initial, up to 1 hour",
    }.items():
        expect(f"CSV admin {column}", admin[column], value)
    for column, value in {
        "code": "J1559", "code_system": "HCPCS", "modifier_1": "JZ", "units": "80", "ndc": "44206045101",
        "ndc_qualifier": "N4", "ndc_unit": "ML", "ndc_quantity": "40",
    }.items():
        expect(f"CSV drug {column}", drug[column], value)
    for column, value in {
        "transaction_id": "V13-R0-L2-CD", "transaction_type": "CD", "reverses": "V13-R0-L2", "revision": "0",
        "units": "-80", "ndc_quantity": "-40", "patient_name": 'Müller-Ström, Zoë "Zo"',
    }.items():
        expect(f"CSV reversal {column}", reversal[column], value)
    for column, value in {
        "transaction_type": "CG", "revision": "1", "units": "85", "ndc_quantity": "42.5",
        "modifier_1": "JZ", "modifier_2": "59", "modifier_3": "XS", "modifier_4": "",
    }.items():
        expect(f"CSV corrected {column}", corrected[column], value)
    for column, value in {
        "patient_name": '\'=HYPERLINK("http://evil.example/?a=1,b=2","Click"), Eve',
        "patient_id": "'@P-1003", "rendering_clinician": "'+dr.who",
        "description": "'-2 hours\r\nsecond line, with comma", "patient_birth_date": "",
        "diagnosis_4": "Z79.899", "diagnoses_all": "D80.1;D83.9;E86.0;Z79.899;R50.9",
        "ndc": "44206045101", "ndc_quantity": "0.5", "modifier_1": "JW",
    }.items():
        expect(f"CSV hostile {column}", hostile[column], value)
    expect("CSV separators name", separators["patient_name"], "Pipe|Caret^Tilde~Amp&Back\\slash, \tTabbed")
    expect("CSV separators description", separators["description"], "line one\nline two")


def messages(path):
    # newline="" keeps CR: in text mode Python would turn the segment ends into LF.
    text = path.open(newline="", encoding="utf-8").read()
    expect("HL7 has no LF", "\n" in text, False)
    expect("HL7 ends with CR", text.endswith("\r"), True)
    current = []
    for segment in text.split("\r")[:-1]:
        if segment.startswith("MSH|") and current:
            yield hl7.parse("\r".join(current))
            current = []
        current.append(segment)
    if current:
        yield hl7.parse("\r".join(current))


def field(msg, segment, field_number, repeat=1, component=1, nth=1):
    return msg.extract_field(segment, nth, field_number, repeat, component)


def check_hl7(path):
    msgs = list(messages(path))
    expect("HL7 message count", len(msgs), 4)
    first, amended, hostile, separators = msgs

    msh = first.segment("MSH")
    expect("MSH-1", str(msh[1]), "|")
    expect("MSH-2", str(msh[2]), "^~\\&")
    expect("MSH-3", field(first, "MSH", 3), "INFUSIONDOC")
    expect("MSH-4", field(first, "MSH", 4), "Sunrise Infusion & Allergy")
    expect("MSH-5", field(first, "MSH", 5), "BILLING")
    expect("MSH-7", field(first, "MSH", 7), "20260303150405+0000")
    expect("MSH-9", [field(first, "MSH", 9, 1, c) for c in (1, 2, 3)], ["DFT", "P03", "DFT_P03"])
    expect("MSH-10", [field(m, "MSH", 10) for m in msgs], ["B7V12", "B7V13", "B7V14", "B7V15"])
    expect("MSH-11", field(first, "MSH", 11), "P")
    expect("MSH-12", field(first, "MSH", 12), "2.5.1")
    expect("MSH-18", field(first, "MSH", 18), "UNICODE UTF-8")
    expect("EVN-1", field(first, "EVN", 1), "P03")
    expect("EVN-2", field(first, "EVN", 2), "20260303150405+0000")
    expect("PID-3.1", field(first, "PID", 3), "P-1001")
    expect("PID-3.4", field(first, "PID", 3, 1, 4), "Sunrise Infusion & Allergy")
    expect("PID-3.5", field(first, "PID", 3, 1, 5), "MR")
    expect("PID-5", [field(first, "PID", 5, 1, c) for c in (1, 2)], ["Doe", "Jane"])
    expect("PID-7", field(first, "PID", 7), "19800409")
    expect("PV1-2", field(first, "PV1", 2), "O")
    expect("PV1-3", field(first, "PV1", 3), "11")
    expect("PV1-7", field(first, "PV1", 7), "rn.smith")
    expect("PV1-19", field(first, "PV1", 19), "12")

    expect("FT1 count", len(first.segments("FT1")), 2)
    for number, value in {
        1: "1", 2: "V12-R0-L1", 3: "7", 5: "20260303150405+0000", 6: "CG", 10: "1", 20: "rn.smith",
    }.items():
        expect(f"FT1-{number}", field(first, "FT1", number), value)
    expect("FT1-4", [field(first, "FT1", 4, 1, c) for c in (1, 2)],
           ["20260302091000-0500", "20260302102500-0500"])
    expect("FT1-7", [field(first, "FT1", 7, 1, c) for c in (1, 2, 3)],
           ["96369", "SC infusion, initial, up to 1 hour", "C4"])
    expect("FT1-19", [(field(first, "FT1", 19, r, 1), field(first, "FT1", 19, r, 3)) for r in (1, 2)],
           [("D80.1", "I10"), ("D83.9", "I10")])
    expect("FT1-23", [field(first, "FT1", 23, 1, c) for c in (1, 2)], ["V12-R0-L1", "INFUSIONDOC"])
    expect("FT1-25", [field(first, "FT1", 25, 1, c) for c in (1, 2, 3)],
           ["96369", "SC infusion, initial, up to 1 hour", "C4"])
    expect("drug FT1-1", field(first, "FT1", 1, nth=2), "2")
    expect("drug FT1-10", field(first, "FT1", 10, nth=2), "80")
    expect("drug FT1-25.3", field(first, "FT1", 25, 1, 3, nth=2), "HCPCS")
    expect("drug FT1-26", field(first, "FT1", 26, nth=2), "JZ")
    expect("drug FT1-29", [field(first, "FT1", 29, 1, c, nth=2) for c in (1, 3)], ["44206045101", "NDC"])
    expect("DG1", [(field(first, "DG1", 1, nth=n), field(first, "DG1", 3, nth=n), field(first, "DG1", 6, nth=n),
                    field(first, "DG1", 15, nth=n)) for n in (1, 2)],
           [("1", "D80.1", "F", "1"), ("2", "D83.9", "F", "2")])

    expect("reversal FT1-2", field(amended, "FT1", 2), "V13-R0-L2-CD")
    expect("reversal FT1-6", field(amended, "FT1", 6), "CD")
    expect("reversal FT1-10", field(amended, "FT1", 10), "-80")
    expect("reversal FT1-23", field(amended, "FT1", 23), "V13-R0-L2")
    expect("corrected FT1-6", field(amended, "FT1", 6, nth=2), "CG")
    expect("corrected FT1-10", field(amended, "FT1", 10, nth=2), "85")
    expect("corrected FT1-26", [field(amended, "FT1", 26, r, nth=2) for r in (1, 2, 3)], ["JZ", "59", "XS"])
    expect("amended PID-5", [field(amended, "PID", 5, 1, c) for c in (1, 2)], ["Müller-Ström", 'Zoë "Zo"'])

    expect("hostile FT1-4", [field(hostile, "FT1", 4, 1, c) for c in (1, 2)], ["20260302", "20260302"])
    expect("hostile FT1-7.2", field(hostile, "FT1", 7, 1, 2), "-2 hours\r\nsecond line, with comma")
    expect("hostile FT1-19", [field(hostile, "FT1", 19, r) for r in range(1, 6)],
           ["D80.1", "D83.9", "E86.0", "Z79.899", "R50.9"])
    expect("hostile DG1 count", len(hostile.segments("DG1")), 5)
    # The family name ends at the first comma (docs/export-hl7.md), even inside this formula.
    expect("hostile PID-5", [field(hostile, "PID", 5, 1, c) for c in (1, 2)],
           ['=HYPERLINK("http://evil.example/?a=1', 'b=2","Click"), Eve'])
    expect("hostile PID-3", field(hostile, "PID", 3), "@P-1003")

    pid = separators.segment("PID")
    expect("separators PID field count", len(pid), 8)
    expect("separators PID-5", [field(separators, "PID", 5, 1, c) for c in (1, 2)],
           ["Pipe|Caret^Tilde~Amp&Back\\slash", "\tTabbed"])
    expect("separators FT1-7.2", field(separators, "FT1", 7, 1, 2), "line one\nline two")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    folder = Path(sys.argv[1])
    check_csv(folder / "charges.csv")
    check_hl7(folder / "charges.hl7")
    for failure in failures:
        print("FAIL", failure)
    print(f"check_exports: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
