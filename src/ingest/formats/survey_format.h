// Exports of other survey tools — Qualtrics (current and legacy), Formbricks, Google Forms,
// SurveyMonkey, LimeSurvey, Typeform, Microsoft Forms — and Peakend's own (generic): recognising which one a file is from
// its first rows, and proposing which column feeds which Peakend field.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace peakend::ingest {

// The first rows of a file: its header rows and some data rows.
struct ExportSample {
  std::vector<std::vector<std::string>> rows;
};

enum class DateOrder { kIso, kDayFirst, kMonthFirst };

// What to do with each column of an export, and how to read its values. Saved as JSON with
// --save-mapping and reused with --mapping for next month's export.
// Header rows an export may have before its data (Qualtrics has three); a mapping file asking
// for more is a typo.
inline constexpr std::size_t kMaxHeaderRows = 10;

struct SurveyMapping {
  std::string format;             // "qualtrics", "formbricks", ...
  std::size_t header_rows = 1;    // rows before the data; the first holds the column names
  std::string time_zone;          // of timestamps without an offset ("" = UTC)
  // time_zone is the organisation's, taken because the tool writes local times and the export
  // does not say which (AssumeTimeZone); not saved with the mapping, which then names it.
  bool time_zone_assumed = false;
  DateOrder date_order = DateOrder::kIso;
  // Slash dates whose sample never shows a day above 12 (01/03/2024): read in date_order, which
  // is then the format's habit, not something the file showed; not saved with the mapping.
  bool date_order_guessed = false;
  // Why date_order was chosen when the sample left it open and the rest of the file settled it
  // (a later date that can be read one way only, or the order of the rows); said with the
  // mapping, not saved.
  std::string date_order_reason;
  struct Column {
    std::string header;    // column name (row 1)
    std::string question;  // question text, where the export has one
    std::string field;     // Peakend field, "attr:<name>", or "" to drop
  };
  std::vector<Column> columns;
  double confidence = 0;  // of the detection, 0..1
  // What the proposal could not settle, for the person importing (a question left an attribute
  // and how to map it); not saved.
  std::vector<std::string> notes;
  // The column whose value names the customer of rows where the customer column is empty
  // (Qualtrics: ExternalReference when RecipientEmail is empty); "" for none.
  std::string customer_fallback;
  // Put before every response id: tools that number responses 1, 2, 3 per form (Microsoft
  // Forms, LimeSurvey) give two forms the same ids, which would otherwise be one response.
  std::string id_prefix;
};

// The longest id prefix accepted (a form's name or code).
inline constexpr std::size_t kMaxIdPrefixBytes = 64;

// The formats Peakend recognises, for --from and error messages.
const std::vector<std::string>& KnownFormats();

// Detects the format (`from` = "auto") or takes the named one, and proposes the mapping.
Result<SurveyMapping> ProposeMapping(const ExportSample& sample, const std::string& from);

// Whether the tool `format` numbers the responses of each form 1, 2, 3 (see id_prefix).
bool IdsCountPerForm(const std::string& format);

// Whether the tool `format` writes timestamps without a zone in local time (the survey owner's,
// the form's sheet's or its server's) rather than in UTC as Typeform and Peakend's own do.
bool WritesLocalTimes(const std::string& format);

// OK when `prefix` can be put before response ids (short, one line); else names the bound.
Status CheckIdPrefix(const std::string& prefix);

// The column mapped to submitted_at, if any.
std::optional<std::size_t> TimeColumn(const SurveyMapping& mapping);

// Settles the order of slash dates (01/03/2024) that the sample left open (date_order_guessed),
// from the time column's values through the rest of the file, read once before anything is
// stored: the first date with a part above 12 decides; when none does, the order under which the
// rows are in time order (exports list responses as they came in) wins; when both or neither
// are, the format's habit stays.
class DateOrderEvidence {
 public:
  // Takes the next value of the time column (`line`: where it is in the file); true once a value
  // has decided the order, when no more need be read.
  bool Add(const std::string& value, std::uint64_t line);
  // Sets date_order, date_order_guessed and date_order_reason of `mapping` from the values seen.
  void Settle(SurveyMapping& mapping) const;

 private:
  struct Reading {
    std::optional<long long> last;  // the previous date read this way, in seconds
    bool ascending = true;          // no date read this way before an earlier one
  };
  void Follow(Reading& reading, const std::string& value, DateOrder order);

  std::optional<DateOrder> decided_;
  std::string decided_by_;  // the value that decided, and its line
  std::uint64_t dates_ = 0;  // slash dates seen
  Reading day_first_, month_first_;
};

nlohmann::json ToJson(const SurveyMapping& mapping);
Result<SurveyMapping> MappingFromJson(const nlohmann::json& json);

// The column of an export whose value says a row is no customer's answer (SkipReason), if the
// export has one: Qualtrics exports the responses its survey owners made in preview or test
// mode, and those it marked as spam, with the real ones, and its Status column says which.
std::optional<std::size_t> SkipColumn(const SurveyMapping& mapping);
// Why a row whose SkipColumn holds `status` is no customer's answer, "" when it is one:
// "Survey Preview", "Survey Test", "Spam", or Qualtrics' numbers for them (1, 2, 8, 9, 12, 17).
std::string SkipReason(std::string_view status);

// The column whose empty cell marks a response never submitted, if the export has one:
// LimeSurvey exports the responses people began and left with the others, their submit date
// empty. Those are no answers to count.
std::optional<std::size_t> IncompleteColumn(const SurveyMapping& mapping);

// Rewrites one data row in place as Peakend reads it: answer labels ("10 - Extremely likely",
// "Zeer tevreden") to numbers, "not applicable" and "don't know" to no answer, timestamps to UTC
// ISO 8601. Errors name the column.
Status NormalizeRow(const SurveyMapping& mapping, std::vector<std::string>& fields);

}  // namespace peakend::ingest
