// Labeled comments for training and evaluating text models: a CSV with a text column and a
// label column, as people export them from spreadsheets and other tools ("Text;Sentiment",
// "comment,label", a byte order mark, labels written "Positive", "neg" or "positief").
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "text/classifier.h"

namespace peakend::ingest {

struct LabeledCsvOptions {
  // Column names; empty: the first header matching a common name ("text", "comment",
  // "feedback", "opmerking" ...; "label", "sentiment", "class" ...), in any case.
  std::string text_column;
  std::string label_column;
};

struct LabeledCsv {
  std::vector<text::LabeledText> rows;
  std::size_t skipped = 0;  // rows without a label or too short for its column
};

// Sentiment labels in any usual spelling become "negative", "neutral" or "positive"
// ("Positive", "pos", "positief", "NEG"); any other label stays as written, trimmed.
std::string NormalizeLabel(const std::string& label);

[[nodiscard]] Result<LabeledCsv> ReadLabeledCsv(const std::string& path, const LabeledCsvOptions& options = {});

}  // namespace peakend::ingest
