#pragma once
// HL7 v2.5.1 DFT^P03 (post detail financial transaction), one message per visit (billing-formats.md
// section 2; segments and fields in docs/export-hl7.md).
//
// A batch file is the messages back to back: each segment ends with CR, nothing separates messages
// and there is no MLLP framing or FHS/BHS envelope (an interface engine adds those when it sends).
#include "export/charge.hpp"

#include <iosfwd>

namespace infusion::exporting {

// Writes MSH, EVN, PID, PV1, one FT1 per line (reversals first, as the visit gives them) and one DG1 per
// distinct diagnosis. `message_number` is the message's 1-based place in the batch: it names the message
// in errors and is not written (MSH-13 would switch the receiver to the sequence number protocol).
// Throws ExportError, writing nothing, when the visit has no lines, its lines disagree on batch, visit or
// patient, a line is not a correct charge, or a timestamp is not ISO 8601; also when the stream fails.
void write_hl7_message(std::ostream& out, const BatchHeader& header, const VisitCharges& visit, int message_number);

}  // namespace infusion::exporting
