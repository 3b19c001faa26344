// XlsxWriter: a single-sheet Excel workbook (Office Open XML) of text cells, written as a
// deflated ZIP, so exports open in Excel, LibreOffice and Numbers without a CSV dialog.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace peakend::ingest {

class XlsxWriter {
 public:
  void Row(const std::vector<std::string>& cells);
  // Writes the workbook; cells that look like numbers are stored as numbers.
  Status Save(const std::string& path) const;

 private:
  std::string sheet_rows_;
  std::size_t rows_ = 0;
  std::size_t columns_ = 0;  // the widest row, for the sheet's dimension
};

}  // namespace peakend::ingest
