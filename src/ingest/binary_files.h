// Files given to `peakend import` that are no text at all: a spreadsheet workbook saved as it
// is, an archive a survey tool downloads, a PDF report. Read as CSV they would give an error per
// "row" about UTF-8 and field counts that says nothing of the cause; they are named by their
// first bytes instead, once, with how to get CSV from them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/status.h"

namespace peakend::ingest {

// The first bytes of a file CheckNotBinary needs: a ZIP archive names its first entries (an
// Excel workbook's "[Content_Types].xml", "xl/...") within them.
inline constexpr std::size_t kBinarySignatureBytes = 4096;

// OK when `head`, the first bytes of the file `path`, is not the start of a known binary format;
// else an error naming what the file is and how to get CSV from it.
[[nodiscard]] Status CheckNotBinary(std::string_view head, const std::string& path);

}  // namespace peakend::ingest
