#include "ingest/formats/survey_format.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "core/strings.h"
#include "core/time.h"
#include "ingest/field_mapping.h"
#include "core/time_zones.h"
#include "ingest/validation.h"

namespace peakend::ingest {
namespace {

constexpr double kDetectThreshold = 0.5;
// Slash dates: a first part of four digits from this year on is the year (2024/03/24); a last
// part of two digits is a year of this century (3/1/24).
constexpr int kFirstYear = 1970, kShortYearDigits = 2, kShortYearCentury = 2000;
constexpr int kMaxZoneOffsetHours = 14;  // UTC+14 (Kiribati) is the furthest any zone is
constexpr std::size_t kMaxQuotedValueBytes = 40;  // of a value quoted in an error message
constexpr int kMonthsPerYear = 12;  // a part of a slash date above it is the day
constexpr std::string_view kQualtricsUnanswered = "-99";

bool Contains(const std::string& haystack, const char* needle) { return AsciiLower(haystack).find(needle) != std::string::npos; }

bool RowHas(const std::vector<std::string>& row, const char* cell) {
  return std::any_of(row.begin(), row.end(), [&](const std::string& c) { return AsciiLower(c) == AsciiLower(cell); });
}

const std::vector<std::string>& Row(const ExportSample& s, std::size_t i) {
  static const std::vector<std::string> empty;
  return i < s.rows.size() ? s.rows[i] : empty;
}

// Leading integer of a cell: "7", "10 - Extremely likely", "5 = Zeer tevreden".
std::optional<int> LeadingNumber(const std::string& cell) {
  std::size_t i = 0;
  while (i < cell.size() && std::isspace(static_cast<unsigned char>(cell[i]))) ++i;
  std::size_t start = i;
  while (i < cell.size() && std::isdigit(static_cast<unsigned char>(cell[i]))) ++i;
  if (i == start || i - start > 3) return std::nullopt;
  std::string rest = cell.substr(i);
  // 7.5 (or 7,5 from a Dutch spreadsheet) is not an answer label: it is left for validation.
  if (!rest.empty() && (rest[0] == '.' || rest[0] == ',')) return std::nullopt;
  return std::stoi(cell.substr(start, i - start));
}

// Answer labels in Dutch and English that carry no number, by field: "nps", "ces", and the
// five-point scales (CSAT and the others).
const std::map<std::string, int>& LabelTable(const std::string& field) {
  static const std::map<std::string, int> five = {
      {"zeer ontevreden", 1}, {"heel ontevreden", 1}, {"ontevreden", 2}, {"niet tevreden", 2}, {"neutraal", 3},
      {"tevreden", 4}, {"zeer tevreden", 5}, {"heel tevreden", 5},
      {"very dissatisfied", 1}, {"dissatisfied", 2}, {"neither satisfied nor dissatisfied", 3}, {"neutral", 3},
      {"satisfied", 4}, {"very satisfied", 5}, {"extremely dissatisfied", 1}, {"extremely satisfied", 5},
      {"somewhat dissatisfied", 2}, {"somewhat satisfied", 4}, {"very unsatisfied", 1}, {"unsatisfied", 2},
      // A satisfaction statement on a five-point agreement scale ("I am satisfied with ...").
      {"strongly disagree", 1}, {"disagree", 2}, {"neither agree nor disagree", 3}, {"agree", 4},
      {"strongly agree", 5}, {"helemaal mee oneens", 1}, {"mee oneens", 2}, {"niet mee eens, niet mee oneens", 3},
      {"mee eens", 4}, {"helemaal mee eens", 5},
      // SurveyMonkey's and Qualtrics' Dutch wording of the same scale.
      {"enigszins ontevreden", 2}, {"enigszins tevreden", 4}, {"niet tevreden en niet ontevreden", 3},
      {"niet tevreden, niet ontevreden", 3}, {"niet ontevreden en niet tevreden", 3}, {"erg ontevreden", 1},
      {"erg tevreden", 5}, {"heel erg tevreden", 5}, {"heel erg ontevreden", 1}, {"uiterst tevreden", 5},
      {"uiterst ontevreden", 1}, {"extreem tevreden", 5}, {"extreem ontevreden", 1},
      {"neither dissatisfied nor satisfied", 3}, {"mostly satisfied", 4}, {"mostly dissatisfied", 2}};
  static const std::map<std::string, int> seven = {
      {"very difficult", 1}, {"difficult", 2}, {"somewhat difficult", 3}, {"neither easy nor difficult", 4},
      {"somewhat easy", 5}, {"easy", 6}, {"very easy", 7}, {"zeer moeilijk", 1}, {"heel moeilijk", 1}, {"moeilijk", 2},
      {"enigszins moeilijk", 3}, {"neutraal", 4}, {"enigszins makkelijk", 5}, {"makkelijk", 6}, {"zeer makkelijk", 7},
      {"heel makkelijk", 7}, {"enigszins gemakkelijk", 5}, {"gemakkelijk", 6}, {"zeer gemakkelijk", 7},
      {"heel gemakkelijk", 7},
      // CES 2.0 asks for agreement with "The company made it easy for me to handle my issue".
      {"strongly disagree", 1}, {"disagree", 2}, {"somewhat disagree", 3}, {"neither agree nor disagree", 4},
      {"somewhat agree", 5}, {"agree", 6}, {"strongly agree", 7}, {"helemaal mee oneens", 1}, {"mee oneens", 2},
      {"enigszins mee oneens", 3}, {"niet mee eens, niet mee oneens", 4}, {"enigszins mee eens", 5}, {"mee eens", 6},
      {"helemaal mee eens", 7},
      // Qualtrics' easy/difficult preset, the neutral midpoint, Dutch intensities.
      {"extremely difficult", 1}, {"extremely easy", 7}, {"neutral", 4}, {"erg moeilijk", 1}, {"erg makkelijk", 7},
      {"erg gemakkelijk", 7}, {"extreem moeilijk", 1}, {"extreem makkelijk", 7}, {"uiterst moeilijk", 1},
      {"uiterst makkelijk", 7}, {"niet makkelijk en niet moeilijk", 4}, {"niet moeilijk en niet makkelijk", 4},
      // The effort wording of the first CES question ("How much effort did you have to put in?"):
      // the least effort is the easiest.
      {"very low effort", 7}, {"low effort", 6}, {"moderate effort", 4}, {"neither high nor low effort", 4},
      {"high effort", 2}, {"very high effort", 1}, {"heel weinig moeite", 7}, {"zeer weinig moeite", 7},
      {"weinig moeite", 6}, {"niet veel en niet weinig moeite", 4}, {"veel moeite", 2}, {"heel veel moeite", 1},
      {"zeer veel moeite", 1}, {"geen moeite", 7}};
  static const std::map<std::string, int> nps = {
      {"not at all likely", 0}, {"not likely at all", 0}, {"extremely unlikely", 0}, {"extremely likely", 10},
      {"zeer onwaarschijnlijk", 0}, {"helemaal niet waarschijnlijk", 0}, {"zeer waarschijnlijk", 10},
      {"extreem waarschijnlijk", 10}, {"heel onwaarschijnlijk", 0},
      {"heel waarschijnlijk", 10}, {"extremely likely to recommend", 10}, {"not at all likely to recommend", 0}};
  return field == "nps" ? nps : field == "ces" ? seven : five;
}

// A number that is the whole answer, or opens its label ("10 - Extremely likely", "5 = Zeer
// tevreden", "9 (zeer waarschijnlijk)"); not one that opens a sentence ("2 weken gewacht", "3x
// gebeld"), which is the respondent's own text.
std::optional<int> AnswerNumber(const std::string& cell) {
  auto n = LeadingNumber(cell);
  if (!n) return std::nullopt;
  std::size_t rest = cell.find_first_not_of(" \t0123456789", cell.find_first_of("0123456789"));
  if (rest == std::string::npos) return n;
  unsigned char next = static_cast<unsigned char>(cell[rest]);
  if (std::isalpha(next) || next >= 0x80) return std::nullopt;
  return n;
}

// An answer label as the tables hold it: lower case, single spaces, without what a respondent
// or a spreadsheet added at its end ("Tevreden.", "Zeer tevreden 😀").
std::string LabelKey(const std::string& cell) {
  std::string key;
  for (char ch : AsciiLower(std::string(TrimSpace(cell)))) {
    if (std::isspace(static_cast<unsigned char>(ch))) {
      if (!key.empty() && key.back() != ' ') key += ' ';
    } else {
      key += ch;
    }
  }
  // Trailing marks, and emoji (four-byte sequences and the variation selector U+FE0F).
  for (;;) {
    if (!key.empty() && (key.back() == ' ' || key.back() == '.' || key.back() == '!')) {
      key.pop_back();
    } else if (key.size() >= 4 && static_cast<unsigned char>(key[key.size() - 4]) >= 0xF0) {
      key.resize(key.size() - 4);
    } else if (key.size() >= 3 && key.compare(key.size() - 3, 3, "\xEF\xB8\x8F") == 0) {
      key.resize(key.size() - 3);
    } else {
      return key;
    }
  }
}

std::optional<int> LabelValue(const std::string& field, const std::string& cell) {
  const auto& table = LabelTable(field);
  auto it = table.find(LabelKey(cell));
  if (it == table.end()) return std::nullopt;
  return it->second;
}

// "'Heel blij' is no answer Peakend knows for csat; ..." with the ends of the scale in English and
// Dutch (the whole list would be repeated for every row it rejects).
Status UnknownLabel(const std::string& field, const std::string& value, const std::string& column) {
  Scale scale = *ScaleOf(field);
  std::string lowest_en, highest_en, lowest_nl, highest_nl;
  for (const auto& [label, number] : LabelTable(field)) {
    bool dutch = label.find("tevreden") != std::string::npos || label.find("makkelijk") != std::string::npos ||
                 label.find("moeilijk") != std::string::npos || label.find("waarschijnlijk") != std::string::npos;
    // The first in the table's (alphabetical) order of each kind.
    auto take = [&](std::string& slot, bool wanted) { if (wanted && slot.empty()) slot = label; };
    take(lowest_en, number == scale.min && label.rfind("very ", 0) == 0 && !dutch);
    take(highest_en, number == scale.max && label.rfind("very ", 0) == 0 && !dutch);
    take(lowest_nl, number == scale.min && label.rfind("zeer ", 0) == 0);
    take(highest_nl, number == scale.max && label.rfind("zeer ", 0) == 0);
  }
  std::string min = std::to_string(scale.min), max = std::to_string(scale.max);
  std::string examples;
  if (!lowest_en.empty() && !highest_en.empty()) examples += " '" + lowest_en + "' (" + min + ") to '" + highest_en + "' (" + max + ")";
  if (!lowest_nl.empty() && !highest_nl.empty()) {
    examples += (examples.empty() ? " '" : ", '") + lowest_nl + "' (" + min + ") to '" + highest_nl + "' (" + max + ")";
  }
  return Status::InvalidArgument("'" + value.substr(0, kMaxQuotedValueBytes) + "' is no answer Peakend knows for " +
                                     field + "; use a number " + min + "-" + max +
                                     (examples.empty() ? "" : " or a label such as" + examples) +
                                     ", or keep the column as an attribute: --map \"" + column + "=attr:" + column + "\"",
                                 column);
}

// Answers that say the respondent gave none: "not applicable", "don't know", a dash, and
// Qualtrics' code for a question seen but left unanswered.
bool IsNoAnswer(const std::string& cell) {
  static const std::set<std::string> codes = {
      "n/a", "na", "n.a.", "nvt", "n.v.t", "n.v.t.", "niet van toepassing", "not applicable", "weet ik niet",
      "weet niet", "geen mening", "geen idee", "don't know", "dont know", "do not know", "no opinion",
      "prefer not to say", "zeg ik liever niet", "-", "--", "\xE2\x80\x93", "-99"};
  return codes.count(LabelKey(cell)) > 0;
}

struct ColumnStats {
  int numeric = 0, text = 0, empty = 0;
  int prose = 0;  // values that read as sentences (a space, or long), not codes like "A1"
  int min = 1000, max = -1000;
  int in_csat_scale = 0;  // numbers from 1 to 5
  int distinct = 0;       // different text values
  int words = 0;          // in all text values
  int times = 0;          // text values that are a date or time
};

std::optional<std::string> SlashDateToIso(const std::string& text, DateOrder order);

// A date or time as exports write them: "2024-03-01 10:20:01", "03/01/2024 10:20:13 AM",
// "01-03-2024 10:20".
bool IsTime(const std::string& value) {
  return SlashDateToIso(value, DateOrder::kDayFirst).has_value() || ParseTime("", value).ok();
}

int WordCount(const std::string& text) {
  int words = 0;
  bool in_word = false;
  for (unsigned char ch : text) {
    bool space = std::isspace(ch) != 0;
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

ColumnStats Stats(const ExportSample& s, std::size_t data_start, std::size_t col) {
  static const Scale kCsat = *ScaleOf("csat");
  ColumnStats st;
  std::set<std::string> texts;
  for (std::size_t r = data_start; r < s.rows.size(); ++r) {
    const auto& row = s.rows[r];
    if (col >= row.size() || row[col].empty()) {
      ++st.empty;
      continue;
    }
    auto n = AnswerNumber(row[col]);
    bool digits = row[col].find_first_not_of("0123456789") == std::string::npos;
    if (digits && !n) {
      ++st.numeric;  // an id or count, not an answer
      st.max = std::max(st.max, 1000);
    } else if (n && row[col].find_first_of("/:") == std::string::npos) {
      ++st.numeric;
      st.min = std::min(st.min, *n);
      st.max = std::max(st.max, *n);
      if (*n >= kCsat.min && *n <= kCsat.max) ++st.in_csat_scale;
    } else {
      ++st.text;
      if (row[col].find(' ') != std::string::npos || row[col].size() > 15) ++st.prose;
      if (texts.insert(row[col]).second) ++st.distinct;
      st.words += WordCount(row[col]);
      if (IsTime(row[col])) ++st.times;
    }
  }
  return st;
}

std::string FieldOfMetadata(const std::string& header, const std::string& format) {
  std::string h = AsciiLower(header);
  if (h == "responseid" || h == "response id" || h == "respondent id" || h == "respondent-id" || h == "id" || h == "v1" ||
      h == "response_id" || (format == "typeform" && h == "#")) {
    return "external_id";
  }
  if (h == "recordeddate" || h == "enddate" || h == "end date" || h == "submitdate" || h == "timestamp" ||
      h == "tijdstempel" || h == "v9" || h == "submit date (utc)" || h == "completion time" ||
      h == "tijd van voltooien" || h == "einddatum" || (format == "limesurvey" && h == "date submitted")) {
    return "submitted_at";
  }
  if (h == "recipientemail" || h == "emailaddress" || h == "email address" || h == "e-mailadres" ||
      h == "email" || h == "e-mail" || h == "externalreference" ||
      h == "externaldatareference" || h == "user id" || h == "v5") {
    return "customer";
  }
  if (h == "userlanguage" || h == "startlanguage" || h == "language" || h == "start language") return "language";
  return "";
}

bool AsksSatisfaction(const std::string& question) { return Contains(question, "satisf") || Contains(question, "tevreden"); }

// Whether the sampled numbers of a satisfaction question are answers on CSAT's 1-5 scale. A
// few off it (an 11 typed by hand) are bad rows, rejected on import; more are another scale (a
// 0-10 satisfaction question), kept as an attribute.
bool OnCsatScale(const ColumnStats& st) {
  constexpr int kOffScaleShareDivisor = 5;  // at most a fifth of the answers off the scale
  return (st.numeric - st.in_csat_scale) * kOffScaleShareDivisor <= st.numeric;
}

// Question texts that ask the NPS, CSAT or CES question. The wording decides; values outside
// the scale in the data are rejected row by row on import rather than hiding the question.
std::string FieldOfQuestion(const std::string& question, const ColumnStats& st) {
  // Dutch puts the verb at the end of the clause, conjugated: "... dat u ons aanbeveelt?".
  for (const char* word : {"recommend", "aanbevel", "aanbeveel", "aanbevol", "aanraad", "aanrad", "recommand", "empfehl"}) {
    if (Contains(question, word)) return "nps";
  }
  for (const char* word : {"easy", "gemakkelijk", "makkelijk", "effort", "moeite"}) {
    if (Contains(question, word)) return "ces";
  }
  if (AsksSatisfaction(question) && OnCsatScale(st)) return "csat";
  return "";
}

// Words of an open question, whose answer is the respondent's own text: the reason for a score,
// a remark, a suggestion.
bool AsksForText(const std::string& question) {
  static const char* const words[] = {
      "why", "reason", "explain", "comment", "feedback", "remark", "tell us", "anything else", "suggest", "improve",
      "better", "waarom", " reden", "toelicht", "opmerking", "uitleg", "vertel", "verbeter", "beter", "suggestie",
      "nog iets"};
  // A space before the question lets " reden" match its first word and not "tevreden".
  std::string text = " " + question;
  return std::any_of(std::begin(words), std::end(words), [&](const char* w) { return Contains(text, w); });
}

// How strongly a free-text column reads as the open question ("What is the main reason for your
// score?") rather than a choice ("Which store did you visit?"): by its wording, and by values
// that are sentences and differ from row to row. Short values that repeat are the options of a
// choice. Above zero: a candidate for the comment; the highest is taken.
int CommentScore(const std::string& question, const ColumnStats& st) {
  constexpr int kWording = 3, kSentences = 2, kRepeatingChoices = -2;
  // Three words on average: "Snel en vriendelijk geholpen" reads as a remark, "Amsterdam
  // Centrum" as a name.
  constexpr int kSentenceWords = 3;
  // Repetition says little until a few answers are seen; then a third of them repeating an
  // earlier one marks a choice.
  constexpr int kMinAnswersForRepetition = 3, kRepeatShareDivisor = 3;
  int score = AsksForText(question) ? kWording : 0;
  bool sentences = st.words >= kSentenceWords * st.text;
  if (sentences) score += kSentences;
  bool repeating = st.text >= kMinAnswersForRepetition && (st.text - st.distinct) * kRepeatShareDivisor >= st.text;
  if (repeating && !sentences) score += kRepeatingChoices;
  // Without either, prose values (a space or a long word) are still the likeliest comment.
  if (score == 0 && st.prose > 0 && !repeating) score = 1;
  return score;
}

// Columns the tool fills in itself. Their values can read as prose (Formbricks writes
// "Completed ✅", pages have long URLs), but they are never the respondent's comment.
bool ToolMetadata(const std::string& header) {
  static const char* const names[] = {
      "finished", "status", "progress", "tags", "notes", "url", "network id", "ip address", "ipaddress", "ip-adres",
      "distributionchannel", "source", "action", "country", "response type", "ending", "name", "naam",
      // When the respondent started, who they are, and the survey owner's own data: SurveyMonkey
      // (in English and Dutch), Typeform, Qualtrics, Microsoft Forms.
      "start date", "start date (utc)", "startdate", "stage date (utc)", "begindatum", "einddatum", "start time",
      "begintijd", "first name", "last name", "voornaam", "achternaam", "recipientfirstname", "recipientlastname",
      "locationlatitude", "locationlongitude", "collector id", "collector-id", "verzamelaar-id",
      // LimeSurvey's own, headed by code or by text.
      "lastpage", "last page", "seed", "datestamp", "date last action", "date started", "refurl", "referrer url",
      "token", "ipaddr"};
  std::string h = AsciiLower(header);
  if (h.rfind("useragent", 0) == 0 || h.rfind("custom data", 0) == 0 || h.rfind("aangepaste gegevens", 0) == 0) {
    return true;
  }
  return std::any_of(std::begin(names), std::end(names), [&](const char* n) { return h == n; });
}

bool Skippable(const std::string& header) {
  std::string h = AsciiLower(header);
  return h.empty() || h.find("_nps_group") != std::string::npos || h.find(" - option id") != std::string::npos;
}

struct FormatRule {
  const char* name;
  std::size_t header_rows;
  std::size_t question_row;  // row holding question texts (0 = the header itself)
  DateOrder date_order;
  double (*detect)(const ExportSample&);
  bool ids_count_per_form = false;  // response ids 1, 2, 3 in every form's export
  // Timestamps without a zone are local time (the survey owner's, the form's sheet's or the
  // server's), not UTC.
  bool local_times = false;
};

double DetectQualtrics(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  const auto& r2 = Row(s, 2);
  bool ids = RowHas(r0, "ResponseId") && RowHas(r0, "StartDate");
  bool import_ids = std::any_of(r2.begin(), r2.end(), [](const std::string& c) { return c.find("\"ImportId\"") != std::string::npos; });
  return ids && import_ids ? 1.0 : ids ? 0.7 : 0.0;
}
double DetectQualtricsLegacy(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  const auto& r1 = Row(s, 1);
  bool v = !r0.empty() && r0[0] == "V1" && RowHas(r0, "V10");
  bool labels = RowHas(r1, "ResponseID") && RowHas(r1, "ResponseSet");
  return v && labels ? 1.0 : labels ? 0.8 : 0.0;
}
double DetectFormbricks(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  bool core = RowHas(r0, "Response ID") && RowHas(r0, "Timestamp");
  bool own = RowHas(r0, "Formbricks ID (internal)") || RowHas(r0, "Survey ID");
  return core && own ? 1.0 : 0.0;
}
double DetectSurveyMonkey(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  // In English, and as its Dutch interface names them.
  bool english = RowHas(r0, "Respondent ID") && RowHas(r0, "Collector ID");
  bool dutch = RowHas(r0, "Respondent-ID") && (RowHas(r0, "Verzamelaar-ID") || RowHas(r0, "Collector-ID"));
  return english || dutch ? 1.0 : 0.0;
}
double DetectLimeSurvey(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  // Headed by question code, or by full question text ("Date submitted", "Last page").
  int codes = RowHas(r0, "id") + RowHas(r0, "submitdate") + RowHas(r0, "lastpage") + RowHas(r0, "startlanguage") +
              RowHas(r0, "seed") + RowHas(r0, "datestamp");
  int texts = RowHas(r0, "Response ID") + RowHas(r0, "Date submitted") + RowHas(r0, "Last page") +
              RowHas(r0, "Start language") + RowHas(r0, "Seed") + RowHas(r0, "Date last action") +
              RowHas(r0, "Date started");
  return codes >= 3 || texts >= 3 ? 0.9 : 0.0;
}
double DetectGoogleForms(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  if (r0.empty()) return 0;
  std::string first = AsciiLower(r0[0]);
  return first == "timestamp" || first == "tijdstempel" ? 0.8 : 0.0;
}
double DetectTypeform(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  return RowHas(r0, "Submit Date (UTC)") && RowHas(r0, "Network ID") ? 1.0 : 0.0;
}
double DetectMicrosoftForms(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  bool english = RowHas(r0, "Start time") && RowHas(r0, "Completion time");
  bool dutch = RowHas(r0, "Begintijd") && RowHas(r0, "Tijd van voltooien");
  return english || dutch ? 0.9 : 0.0;
}
double DetectGeneric(const ExportSample& s) {
  const auto& r0 = Row(s, 0);
  int hits = 0;
  for (const auto& c : r0) hits += IsField(RecordKind::kResponse, c);
  return hits >= 2 ? 0.6 : 0.0;
}

const std::vector<FormatRule>& Rules() {
  static const std::vector<FormatRule> rules = {
      {"qualtrics", 3, 1, DateOrder::kIso, DetectQualtrics, false, true},
      {"qualtrics-legacy", 2, 1, DateOrder::kIso, DetectQualtricsLegacy, false, true},
      {"formbricks", 1, 0, DateOrder::kIso, DetectFormbricks},
      {"surveymonkey", 2, 0, DateOrder::kMonthFirst, DetectSurveyMonkey, false, true},
      {"limesurvey", 1, 0, DateOrder::kIso, DetectLimeSurvey, true, true},
      {"google-forms", 1, 0, DateOrder::kMonthFirst, DetectGoogleForms, false, true},
      {"typeform", 1, 0, DateOrder::kIso, DetectTypeform},  // "Submit Date (UTC)"
      {"microsoft-forms", 1, 0, DateOrder::kMonthFirst, DetectMicrosoftForms, true, true},
      {"generic", 1, 0, DateOrder::kIso, DetectGeneric},
  };
  return rules;
}

// Slash dates: day first if any first part exceeds 12, month first if any second part does;
// nothing when no slash date of the sample tells (`seen`: whether it has any).
std::optional<DateOrder> GuessSlashOrder(const ExportSample& s, std::size_t start, std::size_t col, bool& seen) {
  for (std::size_t r = start; r < s.rows.size(); ++r) {
    if (col >= s.rows[r].size()) continue;
    int a = 0, b = 0;
    if (std::sscanf(s.rows[r][col].c_str(), "%d/%d/", &a, &b) == 2 && a < kFirstYear) {  // not 2024/03/24
      seen = true;
      if (a > 12) return DateOrder::kDayFirst;
      if (b > 12) return DateOrder::kMonthFirst;
    }
  }
  return std::nullopt;
}

std::string QuestionOf(const ExportSample& s, const FormatRule& rule, std::size_t col) {
  const auto& row = Row(s, rule.question_row);
  std::string q = col < row.size() ? row[col] : "";
  // Formbricks titles columns "1. How likely ..."; Qualtrics legacy puts labels in row 2.
  return q;
}

// SurveyMonkey heads a question with several answer columns (multiple choice, "Other (please
// specify)") once, above the first of them, and names each column's option in its second
// header row. Those columns are kept as "<question> - <option>" instead of being dropped for
// their empty header; other columns keep their header.
std::vector<std::string> AttributeNames(const ExportSample& s, const std::string& format) {
  std::vector<std::string> names = Row(s, 0);
  if (format != "surveymonkey") return names;
  const auto& headers = Row(s, 0);
  const auto& options = Row(s, 1);
  std::string question;
  for (std::size_t c = 0; c < headers.size(); ++c) {
    if (!headers[c].empty()) question = headers[c];
    bool opens_group = !headers[c].empty() && c + 1 < headers.size() && headers[c + 1].empty();
    std::string option = c < options.size() ? options[c] : "";
    if ((headers[c].empty() || opens_group) && !question.empty() && !option.empty()) names[c] = question + " - " + option;
  }
  return names;
}

// The zone a tool prints after a local time ("GMT+1", "UTC-05:30", "GMT", "CET", "EST"), in
// minutes east of UTC; nothing for text that is not one.
std::optional<int> ZoneOffsetMinutes(const std::string& text) {
  static const std::map<std::string, int> zones = {
      {"gmt", 0},     {"utc", 0},     {"z", 0},       {"wet", 0},     {"west", 60},   {"bst", 60},
      {"cet", 60},    {"cest", 120},  {"eet", 120},   {"eest", 180},  {"est", -300},  {"edt", -240},
      {"cst", -360},  {"cdt", -300},  {"mst", -420},  {"mdt", -360},  {"pst", -480},  {"pdt", -420}};
  std::string t = AsciiLower(text);
  std::size_t sign = t.find_first_of("+-");
  auto zone = zones.find(t.substr(0, sign));
  if (zone == zones.end()) return std::nullopt;
  if (sign == std::string::npos) return zone->second;
  if (zone->second != 0) return std::nullopt;  // an offset follows GMT or UTC only
  int hours = 0, minutes = 0, used = 0;
  std::string offset = t.substr(sign + 1);
  int parts = std::sscanf(offset.c_str(), "%2d%n:%2d%n", &hours, &used, &minutes, &used);
  if (parts < 1 || static_cast<std::size_t>(used) != offset.size() || hours > kMaxZoneOffsetHours || minutes > 59) {
    return std::nullopt;
  }
  return (t[sign] == '-' ? -1 : 1) * (hours * 60 + minutes);
}

// Slash dates as tools write them — "03/01/2024 10:15:22 AM" (SurveyMonkey), "3/1/24 14:05"
// (Microsoft Forms), "2024/03/24 2:05:09 p.m. GMT+1" (Google Forms) — as ISO 8601, with an offset
// when the text names its zone. Nothing when the text is not one; the caller then says why.
std::optional<std::string> SlashDateToIso(const std::string& text, DateOrder order) {
  int a = 0, b = 0, c = 0, end_a = 0, end_b = 0, end_c = 0;  // end_*: where each part ends
  if (std::sscanf(text.c_str(), " %d%n/%d%n/%d%n", &a, &end_a, &b, &end_b, &c, &end_c) != 3) return std::nullopt;
  int year = 0, month = 0, day = 0;
  if (a >= kFirstYear) {
    year = a, month = b, day = c;  // year first
  } else {
    year = c;
    // Two-digit years are this century's (Microsoft Forms writes 3/1/24).
    if (end_c - end_b - 1 == kShortYearDigits) year += kShortYearCentury;
    day = order == DateOrder::kMonthFirst ? b : a;
    month = order == DateOrder::kMonthFirst ? a : b;
  }
  if (year < kFirstYear) return std::nullopt;
  int hour = 0, minute = 0, second = 0;
  std::optional<int> offset;
  std::istringstream rest(text.substr(static_cast<std::size_t>(end_c)));
  std::string token;
  bool has_time = false, has_half = false;
  while (rest >> token) {
    std::string t = AsciiLower(token);
    if (!has_time && std::sscanf(t.c_str(), "%d:%d:%d", &hour, &minute, &second) >= 2) {
      has_time = true;
    } else if (has_time && !has_half && !offset && (t == "am" || t == "a.m." || t == "pm" || t == "p.m.")) {
      if (hour < 1 || hour > 12) return std::nullopt;
      has_half = true;
      if (t[0] == 'p' && hour < 12) hour += 12;
      if (t[0] == 'a' && hour == 12) hour = 0;
    } else if (has_time && !offset && (offset = ZoneOffsetMinutes(token))) {
      continue;
    } else {
      return std::nullopt;
    }
  }
  char iso[48];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second);
  std::string out = iso;
  if (offset) {
    int o = std::abs(*offset);
    std::snprintf(iso, sizeof iso, "%c%02d:%02d", *offset < 0 ? '-' : '+', o / 60, o % 60);
    out += iso;
  }
  return out;
}

bool NamesEmail(const SurveyMapping::Column& c) { return Contains(c.header, "mail") || Contains(c.question, "mail"); }

// The customer is named by e-mail where a row has one, and by the survey owner's reference only
// where it is empty, whichever column comes first: Qualtrics' legacy export puts the reference
// (V4) before the e-mail (V5), its current one the e-mail first, and one person must not become
// two customers when an account moves from one export to the other.
void PreferEmailForCustomer(SurveyMapping& m) {
  if (m.customer_fallback.empty()) return;
  for (auto& customer : m.columns) {
    if (customer.field != "customer" || NamesEmail(customer)) continue;
    for (auto& fallback : m.columns) {
      if (fallback.header != m.customer_fallback || !NamesEmail(fallback)) continue;
      fallback.field = "customer";
      customer.field = "attr:" + customer.header;
      m.customer_fallback = customer.header;
      return;
    }
  }
}

// A spreadsheet column taken for a reference by its name ("Winkel" for location) only works when
// its values are the external ids of records already stored: say so before the rows are refused.
void NoteGuessedReferences(SurveyMapping& m) {
  if (m.format != "generic") return;
  for (const auto& c : m.columns) {
    if ((c.field == "location" || c.field == "employee" || c.field == "interaction") && AsciiLower(c.header) != c.field) {
      m.notes.push_back("'" + c.header + "' maps to " + c.field + ": its values must be the external ids of " + c.field +
                        "s already stored (create them with the API or `peakend import organisation`). To keep it as "
                        "plain information, import with --map \"" + c.header + "=attr:" + c.header + "\".");
    }
  }
}

}  // namespace

std::optional<std::size_t> TimeColumn(const SurveyMapping& m) {
  for (std::size_t c = 0; c < m.columns.size(); ++c) {
    if (m.columns[c].field == "submitted_at") return c;
  }
  return std::nullopt;
}

bool DateOrderEvidence::Add(const std::string& value, std::uint64_t line) {
  if (decided_) return true;
  int a = 0, b = 0;
  if (std::sscanf(value.c_str(), "%d/%d/", &a, &b) != 2 || a >= kFirstYear) return false;  // not 2024/03/24
  ++dates_;
  if (a > kMonthsPerYear || b > kMonthsPerYear) {
    decided_ = a > kMonthsPerYear ? DateOrder::kDayFirst : DateOrder::kMonthFirst;
    decided_by_ = "line " + std::to_string(line) + " has '" + value.substr(0, kMaxQuotedValueBytes) + "'";
    return true;
  }
  Follow(day_first_, value, DateOrder::kDayFirst);
  Follow(month_first_, value, DateOrder::kMonthFirst);
  return false;
}

void DateOrderEvidence::Follow(Reading& reading, const std::string& value, DateOrder order) {
  auto iso = SlashDateToIso(value, order);
  auto t = iso ? ParseTimestamp(*iso) : std::nullopt;
  if (!t) return;  // unreadable either way: the import names it
  if (reading.last && *t < *reading.last) reading.ascending = false;
  reading.last = *t;
}

void DateOrderEvidence::Settle(SurveyMapping& m) const {
  if (dates_ == 0) return;
  auto name = [](DateOrder order) {
    return order == DateOrder::kDayFirst ? "day-first" : "month-first";
  };
  if (decided_) {
    m.date_order = *decided_;
    m.date_order_guessed = false;
    m.date_order_reason = decided_by_ + ", which can only be read " + name(*decided_) +
                          " (no date in the first rows tells)";
    return;
  }
  // Only a day and a month both up to 12 throughout: rows of an export are in the order they
  // came in, so a reading that puts them out of time order is the wrong one.
  if (day_first_.ascending != month_first_.ascending) {
    m.date_order = day_first_.ascending ? DateOrder::kDayFirst : DateOrder::kMonthFirst;
    m.date_order_guessed = false;
    m.date_order_reason = std::string("no date in the file has a day above 12, and only read ") + name(m.date_order) +
                          " are its rows in time order";
    return;
  }
  m.date_order_guessed = true;
}

const std::vector<std::string>& KnownFormats() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& r : Rules()) n.push_back(r.name);
    return n;
  }();
  return names;
}

Result<SurveyMapping> ProposeMapping(const ExportSample& sample, const std::string& from) {
  const FormatRule* rule = nullptr;
  double confidence = 0;
  std::string wanted = from == "qualtrics" && DetectQualtricsLegacy(sample) > DetectQualtrics(sample)
                           ? "qualtrics-legacy" : from;
  for (const auto& r : Rules()) {
    double c = r.detect(sample);
    if (wanted == "auto" ? c > confidence : wanted == r.name) {
      rule = &r;
      confidence = c;
    }
  }
  std::string known;
  for (const auto& n : KnownFormats()) known += (known.empty() ? "" : ", ") + n;
  if (!rule && wanted != "auto") {
    return Status::InvalidArgument("unknown format '" + from + "'; use auto or one of: " + known, "from");
  }
  if (!rule || (wanted == "auto" && confidence < kDetectThreshold)) {
    return Status::InvalidArgument(
        "the file does not look like an export Peakend knows (" + known +
            "). Import it with --from generic and name its columns: --map \"Column=nps\" --map \"Text=comment\" "
            "(fields: " + FieldList(RecordKind::kResponse) + "), or give a saved mapping with --mapping FILE",
        "from");
  }
  SurveyMapping m;
  m.format = rule->name;
  m.header_rows = rule->header_rows;
  m.date_order = rule->date_order;
  m.confidence = confidence;
  const auto& headers = Row(sample, 0);
  std::size_t data_start = rule->header_rows;
  // Qualtrics states the time zone of its timestamps in the import-id row.
  if (m.format == "qualtrics") {
    for (const auto& cell : Row(sample, 2)) {
      auto j = nlohmann::json::parse(cell, nullptr, false);
      if (j.is_object() && j.contains("timeZone") && j["timeZone"].is_string()) m.time_zone = CanonicalZoneName(j["timeZone"].get<std::string>());
    }
  }
  bool taken_nps = false, taken_comment = false, after_nps = false;
  std::map<std::string, bool> used;
  const std::vector<std::string> names = AttributeNames(sample, m.format);
  // The comment is chosen once every column is seen: the open question may come before a
  // choice that reads as text, or have none of the NPS question before it.
  std::optional<std::size_t> comment;
  int comment_score = 0;
  for (std::size_t c = 0; c < headers.size(); ++c) {
    SurveyMapping::Column col{headers[c], QuestionOf(sample, *rule, c), ""};
    ColumnStats st = Stats(sample, data_start, c);
    if (Skippable(headers[c])) {
      col.field = names[c].empty() ? "" : "attr:" + names[c];
      m.columns.push_back(col);
      continue;
    }
    std::string metadata = FieldOfMetadata(headers[c], m.format);
    std::string field = m.format == "generic" ? (IsField(RecordKind::kResponse, headers[c]) ? headers[c] : GuessField(RecordKind::kResponse, headers[c]))
                                              : metadata;
    if (field.empty() && !col.question.empty() && m.format == "qualtrics-legacy") field = FieldOfMetadata(col.question, m.format);
    const std::string& question = col.question.empty() ? headers[c] : col.question;
    if (field.empty()) field = FieldOfQuestion(question, st);
    if (field.empty()) {
      // Codes that name the field themselves ("NPS", "Opmerking"), but not Peakend's metadata.
      std::string guess = GuessField(RecordKind::kResponse, headers[c]);
      if (ScaleOf(guess) || guess == "comment") field = guess;
    }
    if (field.empty() && AsksSatisfaction(question) && st.numeric > 0) {
      m.notes.push_back("'" + headers[c] + "' asks about satisfaction, but its answers run to " + std::to_string(st.max) +
                        ", beyond CSAT's 1-5: kept as an attribute. To read it as CSAT and reject the answers off "
                        "that scale, import with --map \"" + headers[c] + "=csat\".");
    }
    if (field == "nps" && taken_nps) field.clear();
    // Qualtrics' own columns come before its questions (Q1, Q2_TEXT); one after the NPS question
    // is the survey's, whatever its name.
    // A few answers that are only a number ("8", typed as the reason) leave it the respondent's text.
    constexpr int kTextsPerNumber = 4;
    bool free_text = st.text > 0 && st.numeric * kTextsPerNumber <= st.text && st.times * 2 <= st.text && !ToolMetadata(headers[c]) &&
                     metadata.empty() && (m.format != "qualtrics" || headers[c].rfind("Q", 0) == 0 || after_nps);
    if (IsRecordField(field) && used[field]) {
      // Qualtrics has both RecipientEmail and ExternalReference: the second names the customer
      // of the rows where the first is empty.
      if (field == "customer" && m.customer_fallback.empty()) m.customer_fallback = headers[c];
      field.clear();
    }
    if (field.empty()) {
      field = "attr:" + names[c];
      // The first among equals after the NPS question: the reason for the score.
      int score = free_text && !taken_comment ? CommentScore(question, st) + (after_nps ? 1 : 0) : 0;
      if (score > comment_score) {
        comment = c;
        comment_score = score;
      }
    }
    if (field == "nps") taken_nps = after_nps = true;
    if (field == "comment") taken_comment = true;
    if (field == "submitted_at") {
      bool slash_dates = false;
      if (auto order = GuessSlashOrder(sample, data_start, c, slash_dates)) m.date_order = *order;
      else m.date_order_guessed = slash_dates;
    }
    used[field] = true;
    m.columns.push_back(col);
    m.columns.back().field = field;
  }
  if (!taken_comment && comment) m.columns[*comment].field = "comment";
  PreferEmailForCustomer(m);
  NoteGuessedReferences(m);
  return m;
}

nlohmann::json ToJson(const SurveyMapping& m) {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& c : m.columns) {
    nlohmann::json col = {{"header", c.header}, {"field", c.field}};
    if (!c.question.empty() && c.question != c.header) col["question"] = c.question;
    columns.push_back(std::move(col));
  }
  const char* order = m.date_order == DateOrder::kDayFirst ? "day-first" : m.date_order == DateOrder::kMonthFirst ? "month-first" : "iso";
  nlohmann::json j = {{"format", m.format}, {"header_rows", m.header_rows}, {"time_zone", m.time_zone},
                      {"date_order", order}, {"columns", columns}};
  if (!m.id_prefix.empty()) j["id_prefix"] = m.id_prefix;
  if (!m.customer_fallback.empty()) j["customer_fallback"] = m.customer_fallback;
  return j;
}

Result<SurveyMapping> MappingFromJson(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("columns") || !j["columns"].is_array()) {
    return Status::InvalidArgument("a mapping file is a JSON object with \"columns\": [{\"header\", \"field\"}, ...]");
  }
  SurveyMapping m;
  try {
    m.format = j.value("format", "generic");
    if (j.contains("header_rows")) {
      const auto& rows = j["header_rows"];
      // Checked before converting: -1 would otherwise become a count of 2^64 - 1 rows to skip.
      if (!rows.is_number_integer() || rows.get<long long>() < 1 ||
          rows.get<long long>() > static_cast<long long>(kMaxHeaderRows)) {
        return Status::InvalidArgument("header_rows must be a whole number from 1 to " + std::to_string(kMaxHeaderRows) +
                                           ", the rows above the first response, not " + rows.dump(),
                                       "header_rows");
      }
      m.header_rows = rows.get<std::size_t>();
    }
    m.time_zone = CanonicalZoneName(j.value("time_zone", ""));
    m.id_prefix = j.value("id_prefix", "");
    m.customer_fallback = j.value("customer_fallback", "");
    std::string order = j.value("date_order", "iso");
    if (order != "iso" && order != "day-first" && order != "month-first") {
      return Status::InvalidArgument("date_order must be iso, day-first or month-first", "date_order");
    }
    m.date_order = order == "day-first" ? DateOrder::kDayFirst : order == "month-first" ? DateOrder::kMonthFirst : DateOrder::kIso;
    for (const auto& c : j["columns"]) {
      m.columns.push_back({c.at("header").get<std::string>(), c.value("question", ""), c.value("field", "")});
      const std::string& f = m.columns.back().field;
      if (!f.empty() && !IsField(RecordKind::kResponse, f)) {
        return Status::InvalidArgument("column '" + m.columns.back().header + "' maps to unknown field '" + f +
                                       "'; use one of " + FieldList(RecordKind::kResponse), "columns");
      }
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::InvalidArgument(std::string("the mapping file is malformed: ") + e.what());
  }
  if (m.header_rows < 1) return Status::InvalidArgument("header_rows must be at least 1", "header_rows");
  PEAKEND_RETURN_IF_ERROR(CheckIdPrefix(m.id_prefix));
  if (!m.time_zone.empty() && !UtcOffsetMinutes(m.time_zone, 0)) {
    return Status::InvalidArgument("time zone '" + m.time_zone + "' is not known; use a zone such as Europe/Amsterdam, "
                                   "America/New_York or UTC", "time_zone");
  }
  return m;
}

bool IdsCountPerForm(const std::string& format) {
  const auto& rules = Rules();
  return std::any_of(rules.begin(), rules.end(),
                     [&](const FormatRule& rule) { return rule.ids_count_per_form && format == rule.name; });
}

bool WritesLocalTimes(const std::string& format) {
  const auto& rules = Rules();
  return std::any_of(rules.begin(), rules.end(), [&](const FormatRule& rule) { return rule.local_times && format == rule.name; });
}

Status CheckIdPrefix(const std::string& prefix) {
  if (prefix.size() > kMaxIdPrefixBytes || prefix.find_first_of("\r\n\t") != std::string::npos) {
    return Status::InvalidArgument("the id prefix is a short name of the form (at most " + std::to_string(kMaxIdPrefixBytes) +
                                       " bytes, one line), such as 'klantonderzoek-2024-'",
                                   "id_prefix");
  }
  return Status::Ok();
}

std::optional<std::size_t> SkipColumn(const SurveyMapping& m) {
  if (m.format != "qualtrics" && m.format != "qualtrics-legacy") return std::nullopt;
  for (std::size_t c = 0; c < m.columns.size(); ++c) {
    // Legacy exports name it in their second header row.
    if (AsciiLower(m.columns[c].header) == "status" || AsciiLower(m.columns[c].question) == "status") return c;
  }
  return std::nullopt;
}

std::optional<std::size_t> IncompleteColumn(const SurveyMapping& m) {
  return m.format == "limesurvey" ? TimeColumn(m) : std::nullopt;
}

std::string SkipReason(std::string_view value) {
  // Choice text or Qualtrics' numbers for the response type: 0 IP address (a respondent),
  // 1 survey preview, 2 survey test, 4 imported, 8 spam, 9 spam preview, 12 imported spam,
  // 16 offline app, 17 offline preview.
  std::string status = AsciiLower(std::string(TrimSpace(value)));
  if (status == "survey preview" || status == "offline survey preview" || status == "1" || status == "17") {
    return "survey previews";
  }
  if (status == "survey test" || status == "2") return "survey tests";
  if (status.find("spam") != std::string::npos || status == "8" || status == "9" || status == "12") return "marked as spam";
  return "";
}

Status NormalizeRow(const SurveyMapping& m, std::vector<std::string>& fields) {
  if (!m.customer_fallback.empty()) {
    std::optional<std::size_t> customer, fallback;
    for (std::size_t c = 0; c < m.columns.size() && c < fields.size(); ++c) {
      if (m.columns[c].field == "customer") customer = c;
      else if (m.columns[c].header == m.customer_fallback) fallback = c;
    }
    if (customer && fallback && fields[*customer].empty()) fields[*customer] = fields[*fallback];
  }
  for (std::size_t c = 0; c < m.columns.size() && c < fields.size(); ++c) {
    const std::string& field = m.columns[c].field;
    std::string& v = fields[c];
    if (v.empty()) continue;
    if (field == "external_id") {
      v.insert(0, m.id_prefix);
      continue;
    }
    if (ScaleOf(field) && IsNoAnswer(v)) {
      v.clear();
      continue;
    }
    // Qualtrics writes -99 for an open question seen and left empty, when asked to.
    if (field == "comment" && v == kQualtricsUnanswered && m.format.rfind("qualtrics", 0) == 0) {
      v.clear();
      continue;
    }
    if (ScaleOf(field)) {
      if (auto n = LeadingNumber(v)) {
        if (v.find_first_not_of("0123456789 ") != std::string::npos) v = std::to_string(*n);
      } else if (auto label = LabelValue(field, v)) {
        v = std::to_string(*label);
      } else if (std::any_of(v.begin(), v.end(), [](unsigned char ch) { return std::isalpha(ch) || ch >= 0x80; })) {
        // Words, not a number validation could name ("7,5", "-1"): a label of another wording.
        return UnknownLabel(field, v, m.columns[c].header);
      }
      continue;
    }
    // Microsoft Forms names a respondent who did not sign in "anonymous": that is no customer,
    // and one made of it would join every anonymous response into one person's history.
    if (field == "customer" && (AsciiLower(v) == "anonymous" || AsciiLower(v) == "anoniem")) {
      v.clear();
      continue;
    }
    if (field != "submitted_at") continue;
    std::string text = SlashDateToIso(v, m.date_order).value_or(v);
    auto local = ParseTime(field, text);
    if (!local.ok()) {
      // Said of the value as the file has it, not of its ISO rewriting.
      if (text == v) return Status(local.status().code(), local.status().message(), m.columns[c].header);
      // 31/02/2024 is no date whichever way it is read: saying so beats suggesting the other order.
      DateOrder other = m.date_order == DateOrder::kMonthFirst ? DateOrder::kDayFirst : DateOrder::kMonthFirst;
      auto other_text = SlashDateToIso(v, other);
      int year = 0, month = 0, day = 0;
      if ((!other_text || !ParseTime(field, *other_text).ok()) &&
          std::sscanf(text.c_str(), "%d-%d-%d", &year, &month, &day) == 3) {
        if (std::string why = WhyNoSuchDay(year, month, day); !why.empty()) {
          return Status::InvalidArgument("'" + v.substr(0, kMaxQuotedValueBytes) + "' is a date that does not exist: " + why,
                                         m.columns[c].header);
        }
      }
      bool month_first = m.date_order == DateOrder::kMonthFirst;
      return Status::InvalidArgument("'" + v.substr(0, kMaxQuotedValueBytes) + "' is not a date read " +
                                         (month_first ? "month-first" : "day-first") +
                                         "; if the file writes dates the other way, import with --date-order " +
                                         (month_first ? "day-first" : "month-first"),
                                     m.columns[c].header);
    }
    Timestamp t = *local;
    bool has_offset = text.find('Z') != std::string::npos || text.find('+') != std::string::npos ||
                      (text.size() > 19 && text.find('-', 19) != std::string::npos);
    if (!m.time_zone.empty() && !has_offset) {
      auto offset = UtcOffsetMinutes(m.time_zone, t);
      if (!offset) return Status::InvalidArgument("unknown time zone '" + m.time_zone + "'", m.columns[c].header);
      t -= static_cast<Timestamp>(*offset) * 60;
    }
    v = FormatTimestamp(t);
  }
  return Status::Ok();
}

}  // namespace peakend::ingest
