// Exports of other survey tools, written after their documented layouts with their awkward
// parts: detection, proposed mapping, and the rows as Peakend stores them.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <sstream>
#include <map>

#include "core/limits.h"
#include "ingest/formats/survey_import.h"
#include "temp_file.h"

namespace peakend::ingest {
namespace {

std::string File(const std::string& name) { return std::string(PEAKEND_TEST_DATA_DIR) + "/formats/" + name; }

// The store's answer to a write, ready at once.
std::future<WriteResult> Ready(WriteResult result) {
  std::promise<WriteResult> p;
  p.set_value(std::move(result));
  return p.get_future();
}

// The store's answer when every record of `w` is new (numbered from *next when given).
std::future<WriteResult> AllCreated(const WriteRequest& w, Id* next = nullptr) {
  WriteResult r;
  for (std::size_t i = 0; i < w.responses.size(); ++i) {
    r.responses.push_back({next ? (*next)++ : 1, true, Status::Ok(), false, {}});
  }
  for (std::size_t i = 0; i < w.interactions.size(); ++i) r.interactions.push_back({1, true, Status::Ok(), false, {}});
  return Ready(std::move(r));
}

// Runs the import with a sink that keeps the records instead of storing them.
std::vector<Response> Import(const std::string& file, const SurveyMapping& mapping, ImportSummary* summary = nullptr) {
  ImportOptions options;
  ApplyMapping(mapping, options);
  std::vector<Response> out;
  auto result = ImportFile(file.starts_with("/") ? file : File(file), options, [&](WriteRequest&& w) {
    out.insert(out.end(), w.responses.begin(), w.responses.end());
    return AllCreated(w);
  });
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  if (summary && result.ok()) *summary = *result;
  return out;
}

std::map<std::string, std::string> Fields(const SurveyMapping& m) {
  std::map<std::string, std::string> out;
  for (const auto& c : m.columns) out[c.header] = c.field;
  return out;
}

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rows of a small CSV, each field as written (quotes kept), line breaks in quotes too.
std::vector<std::vector<std::string>> SplitCsv(const std::string& csv) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row{""};
  bool quoted = false;
  for (char ch : csv) {
    if (ch == '"') quoted = !quoted;
    if (ch == ',' && !quoted) {
      row.emplace_back();
    } else if (ch == '\n' && !quoted) {
      rows.push_back(row);
      row = {""};
    } else if (ch != '\r' || quoted) {
      row.back() += ch;
    }
  }
  if (row.size() > 1 || !row[0].empty()) rows.push_back(row);
  return rows;
}

std::string JoinCsv(const std::vector<std::vector<std::string>>& rows) {
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out += (i ? "," : "") + row[i];
    out += "\n";
  }
  return out;
}

// The CSV with the columns headed `a` and `b` swapped in every row.
std::string SwapColumns(const std::string& csv, const std::string& a, const std::string& b) {
  auto rows = SplitCsv(csv);
  auto at = [&](const std::string& h) { return std::find(rows[0].begin(), rows[0].end(), h) - rows[0].begin(); };
  auto i = at(a), j = at(b);
  for (auto& row : rows) {
    if (static_cast<std::ptrdiff_t>(row.size()) > std::max(i, j)) std::swap(row[i], row[j]);
  }
  return JoinCsv(rows);
}

// The CSV with the headers `first` and `second` (in this order in the file) renamed `x` and `y`.
std::string RenameColumn(const std::string& csv, const std::string& first, const std::string& x, const std::string& y) {
  auto rows = SplitCsv(csv);
  bool one = false;
  for (auto& h : rows[0]) {
    if (!one && h == first) { h = x; one = true; }
    else if (one && h == x) { h = y; break; }
  }
  return JoinCsv(rows);
}

// The CSV with a column added at its end: the header, the question row's text (Qualtrics), and
// the same value in every data row.
std::string AddColumn(const std::string& csv, const std::string& header, const std::string& question, const std::string& value) {
  auto rows = SplitCsv(csv);
  for (std::size_t r = 0; r < rows.size(); ++r) rows[r].push_back(r == 0 ? header : r == 1 ? question : r == 2 ? "{}" : value);
  return JoinCsv(rows);
}

struct FormatCase {
  const char* file;
  const char* format;
  std::map<std::string, std::string> fields;  // header -> field the mapping must propose
  const char* first_external_id;
  const char* first_submitted_at;
  std::optional<int> first_nps;
  const char* first_comment;
};

TEST(SurveyFormats, EachExportIsRecognisedMappedAndRead) {
  std::vector<FormatCase> cases = {
      {"qualtrics.csv", "qualtrics",
       {{"ResponseId", "external_id"}, {"EndDate", "submitted_at"}, {"RecipientEmail", "customer"},
        {"UserLanguage", "language"}, {"Q1", "nps"}, {"Q2_TEXT", "comment"}, {"Q3", "csat"}, {"Q4", "ces"},
        {"Q1_NPS_GROUP", "attr:Q1_NPS_GROUP"}, {"IPAddress", "attr:IPAddress"}},
       // 09:05:40 in Denver in March (MST, UTC-7) is 16:05:40 UTC.
       "R_1abcDEF234", "2024-03-01T16:05:40Z", 9, "Fast delivery, friendly driver"},
      {"qualtrics_legacy.csv", "qualtrics-legacy",
       // The e-mail names the customer, the reference only where it is empty, as in the current export.
       {{"V1", "external_id"}, {"V9", "submitted_at"}, {"Q1", "nps"}, {"Q2", "comment"}, {"Q3", "csat"},
        {"V5", "customer"}, {"V4", "attr:V4"}},
       "R_9zz", "2019-11-01T08:51:12Z", 10, "Super snel geholpen"},
      {"formbricks.csv", "formbricks",
       {{"Response ID", "external_id"}, {"Timestamp", "submitted_at"}, {"User ID", "customer"},
        {"1. How likely are you to recommend us to a friend?", "nps"}, {"2. What could we do better?", "comment"},
        {"3. How satisfied are you with your order?", "csat"}, {"orderId", "attr:orderId"}},
       "clx1a2b3c", "2024-05-02T08:15:30Z", 8, "Levering kon sneller"},
      {"google_forms.csv", "google-forms",
       {{"Timestamp", "submitted_at"}, {"Email Address", "customer"},
        {"How likely is it that you would recommend our shop to a friend?", "nps"},
        {"How easy was it to find what you needed?", "ces"}, {"Anything else you want to tell us?", "comment"}},
       "", "2019-11-01T08:51:12Z", 9, "The staff in Utrecht were lovely"},
      {"surveymonkey.csv", "surveymonkey",
       {{"Respondent ID", "external_id"}, {"End Date", "submitted_at"}, {"Email Address", "customer"},
        {"Hoe waarschijnlijk is het dat u ons aanraadt aan anderen?", "nps"}, {"Hoe tevreden bent u?", "csat"},
        {"Toelichting", "comment"}, {"Collector ID", "attr:Collector ID"}},
       "114389521", "2024-03-01T10:15:22Z", 7, "Vriendelijk; snel"},
      {"limesurvey.csv", "limesurvey",
       {{"id", "external_id"}, {"submitdate", "submitted_at"}, {"startlanguage", "language"}, {"NPS", "nps"},
        {"Opmerking", "comment"}, {"Q2[SQ001]", "attr:Q2[SQ001]"}},
       "12", "2024-02-10T12:00:00Z", 9, "Goede service"},
      // Dutch question wording ("... dat u ons aanbeveelt"), answers exported as choice text.
      {"qualtrics_choice_text.csv", "qualtrics",
       {{"Q1", "nps"}, {"Q2", "comment"}, {"Q3", "csat"}, {"Q4", "ces"}, {"Q5_4_TEXT", "attr:Q5_4_TEXT"}},
       "R_3aBcD1", "2024-03-01T13:05:09Z", 10, "Heel snel geholpen,\nbedankt!"},
      // "Download responses (.csv)": year first, 12-hour clock and the form's zone.
      {"google_forms_download.csv", "google-forms",
       {{"Timestamp", "submitted_at"}, {"How likely is it that you would recommend us to a friend?", "nps"},
        {"How satisfied were you with your visit?", "csat"}, {"Anything else?", "comment"}},
       "", "2024-03-24T13:05:09Z", 9, "Nice shop, friendly staff"},
      // Saved again by Dutch Excel: ';', CRLF, ="0012345" for leading zeros, empty trailing columns.
      {"google_forms_nl.csv", "google-forms",
       {{"Tijdstempel", "submitted_at"}, {"E-mailadres", "customer"}, {"Klantnummer", "attr:Klantnummer"},
        {"Hoe waarschijnlijk is het dat u ons aanbeveelt bij vrienden of familie?", "nps"},
        {"Klanttevredenheid", "csat"}, {"Opmerking", "comment"}},
       "", "2024-03-24T14:05:09Z", 9, "Prima geholpen"},
      // No NPS question: the comment is the open question, not "Finished" ("Completed ✅") or the URL.
      {"formbricks_nl.csv", "formbricks",
       {{"Finished", "attr:Finished"}, {"url", "attr:url"}, {"Hoe tevreden bent u over uw bestelling?", "csat"},
        {"Wat kunnen we beter doen?", "comment"}},
       "cm1a", "2024-03-01T14:05:09Z", std::nullopt, "Niets; alles ging goed"},
      {"typeform.csv", "typeform",
       {{"#", "external_id"}, {"Submit Date (UTC)", "submitted_at"}, {"email", "customer"},
        {"How likely are you to recommend Huis & Haard to a friend?", "nps"},
        {"What's the main reason for your score?", "comment"}, {"order_id", "attr:order_id"},
        {"Network ID", "attr:Network ID"}},
       "k3l9x0a8b7c6d5e4", "2024-03-01T14:05:09Z", 10, "Fast, and the driver was friendly"},
      {"microsoft_forms.csv", "microsoft-forms",
       {{"ID", "external_id"}, {"Completion time", "submitted_at"}, {"Email", "customer"}, {"Name", "attr:Name"},
        {"How likely are you to recommend Huis & Haard to a friend?", "nps"},
        {"How satisfied are you with our service?", "csat"}, {"Comments", "comment"}},
       "1", "2024-03-01T14:05:09Z", 9, "Good service and quick"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    auto mapping = LoadOrProposeMapping(File(c.file), "auto", "");
    ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
    EXPECT_EQ(mapping->format, c.format);
    auto fields = Fields(*mapping);
    for (const auto& [header, field] : c.fields) EXPECT_EQ(fields[header], field) << header;
    auto rows = Import(c.file, *mapping);
    ASSERT_FALSE(rows.empty());
    if (*c.first_external_id) {
      EXPECT_EQ(rows[0].external_id, c.first_external_id);
    } else {  // no response id column: one made from the row's content
      EXPECT_TRUE(rows[0].external_id.starts_with(kContentIdPrefix)) << rows[0].external_id;
    }
    EXPECT_EQ(FormatTimestamp(rows[0].submitted_at), c.first_submitted_at);
    EXPECT_EQ(rows[0].answers.nps, c.first_nps);
    EXPECT_EQ(rows[0].comment, c.first_comment);
  }
}

TEST(SurveyFormats, LabelsBecomeNumbersAndBadValuesAreRejectedByRow) {
  auto sm = LoadOrProposeMapping(File("surveymonkey.csv"), "auto", "");
  ASSERT_TRUE(sm.ok());
  auto rows = Import("surveymonkey.csv", *sm);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].answers.csat, 5);  // "Zeer tevreden"
  EXPECT_EQ(rows[1].answers.csat, 1);  // "Zeer ontevreden"
  EXPECT_EQ(FormatTimestamp(rows[1].submitted_at), "2024-03-02T13:12:45Z");  // 01:12:45 PM
  auto fb = LoadOrProposeMapping(File("formbricks.csv"), "auto", "");
  auto fb_rows = Import("formbricks.csv", *fb);
  EXPECT_EQ(fb_rows[1].answers.csat, 5);  // "Very satisfied"
  auto q = LoadOrProposeMapping(File("qualtrics.csv"), "auto", "");
  ImportSummary summary;
  auto q_rows = Import("qualtrics.csv", *q, &summary);
  EXPECT_EQ(q_rows.size(), 2u);
  ASSERT_EQ(summary.errors.size(), 1u);  // the third response answered 11
  EXPECT_EQ(summary.errors[0].column, "Q1");
  EXPECT_EQ(summary.errors[0].line, 7u);  // physical line: the question text spans two lines
  // Summer time in Denver: 14:31:02 MDT is 20:31:02 UTC.
  EXPECT_EQ(FormatTimestamp(q_rows[1].submitted_at), "2024-07-15T20:31:02Z");
}

// Microsoft Forms writes "anonymous" for a respondent who did not sign in: no customer.
TEST(SurveyFormats, AnonymousRespondentsAreNoCustomer) {
  auto m = LoadOrProposeMapping(File("microsoft_forms.csv"), "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto rows = Import("microsoft_forms.csv", *m);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].customer_ref, "");
  EXPECT_EQ(rows[1].customer_ref, "jan@example.nl");
  EXPECT_EQ(FormatTimestamp(rows[1].submitted_at), "2024-03-13T10:05:09Z");
}

// Microsoft Forms, LimeSurvey, SurveyMonkey, Google Forms and Qualtrics write local times without
// a zone: read in the organisation's time zone unless the export or --time-zone names one.
// Typeform's and Peakend's own are UTC.
TEST(SurveyFormats, LocalTimesAreReadInTheOrganisationsTimeZone) {
  for (const char* local : {"microsoft-forms", "limesurvey", "surveymonkey", "google-forms", "qualtrics", "qualtrics-legacy"}) {
    EXPECT_TRUE(WritesLocalTimes(local)) << local;
  }
  for (const char* utc : {"typeform", "generic", "formbricks", "no-such-tool"}) EXPECT_FALSE(WritesLocalTimes(utc)) << utc;

  auto m = LoadOrProposeMapping(File("microsoft_forms.csv"), "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  SurveyMapping winter = *m;
  ASSERT_TRUE(SetTimeZone("", "Europe/Amsterdam", winter).ok());
  EXPECT_EQ(winter.time_zone, "Europe/Amsterdam");
  EXPECT_TRUE(winter.time_zone_assumed);
  auto rows = Import("microsoft_forms.csv", winter);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(FormatTimestamp(rows[1].submitted_at), "2024-03-13T09:05:09Z");  // 10:05:09 CET
  EXPECT_NE(DescribeMapping(winter).find("read in Europe/Amsterdam, the organisation's time zone"), std::string::npos);

  SurveyMapping chosen = *m;
  ASSERT_TRUE(SetTimeZone("UTC", "Europe/Amsterdam", chosen).ok());
  EXPECT_FALSE(chosen.time_zone_assumed);
  EXPECT_EQ(FormatTimestamp(Import("microsoft_forms.csv", chosen)[1].submitted_at), "2024-03-13T10:05:09Z");

  // A zone the export states (Qualtrics' import-id row) is kept; Typeform's times stay UTC.
  auto q = LoadOrProposeMapping(File("qualtrics.csv"), "auto", "");
  ASSERT_TRUE(q.ok()) << q.status().ToString();
  std::string stated = q->time_zone;
  ASSERT_FALSE(stated.empty());
  ASSERT_TRUE(SetTimeZone("", "Asia/Tokyo", *q).ok());
  EXPECT_EQ(q->time_zone, stated);
  EXPECT_FALSE(q->time_zone_assumed);
  // An export made in UTC names it "Z"; a zone Peakend does not know is refused once, for the
  // file, with the way out.
  std::string qualtrics = ReadFileOrEmpty(File("qualtrics.csv"));
  auto stating = [&](const std::string& zone) {
    std::string text = qualtrics;
    for (std::size_t at = text.find(stated); at != std::string::npos; at = text.find(stated, at + zone.size())) {
      text.replace(at, stated.size(), zone);
    }
    return text;
  };
  auto zulu_file = TempFile("peakend_zulu.csv", stating("Z"));
  auto zulu = LoadOrProposeMapping(zulu_file, "auto", "");
  ASSERT_TRUE(zulu.ok()) << zulu.status().ToString();
  EXPECT_EQ(zulu->time_zone, "UTC");
  EXPECT_EQ(FormatTimestamp(Import(zulu_file, *zulu)[0].submitted_at), "2024-03-01T09:05:40Z");
  auto mars_file = TempFile("peakend_mars.csv", stating("Mars/Olympus"));
  auto mars = LoadOrProposeMapping(mars_file, "auto", "");
  ASSERT_TRUE(mars.ok()) << mars.status().ToString();
  Status unknown_zone = SetTimeZone("", "Europe/Amsterdam", *mars);
  ASSERT_FALSE(unknown_zone.ok());
  EXPECT_NE(unknown_zone.message().find("'Mars/Olympus'"), std::string::npos) << unknown_zone.message();
  EXPECT_NE(unknown_zone.message().find("--time-zone"), std::string::npos) << unknown_zone.message();
  EXPECT_TRUE(SetTimeZone("UTC", "Europe/Amsterdam", *mars).ok());
  std::remove(zulu_file.c_str());
  std::remove(mars_file.c_str());
  auto t = LoadOrProposeMapping(File("typeform.csv"), "auto", "");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_TRUE(SetTimeZone("", "Europe/Amsterdam", *t).ok());
  EXPECT_EQ(t->time_zone, "");

  Status unknown = SetTimeZone("Europe/Utrecht", "Europe/Amsterdam", chosen);
  EXPECT_FALSE(unknown.ok());
  EXPECT_NE(unknown.ToString().find("'Europe/Utrecht' is not known"), std::string::npos) << unknown.ToString();
  SurveyMapping fresh = *m;
  Status bad_setting = SetTimeZone("", "Mars/Olympus", fresh);
  EXPECT_NE(bad_setting.ToString().find("set time_zone"), std::string::npos) << bad_setting.ToString();
}

// Qualtrics "Use choice text": answer labels in Dutch and English, CES as agreement with a
// statement (CES 2.0), a partial response (Finished False) kept with the answers it has.
TEST(SurveyFormats, ChoiceTextAnswersBecomeNumbers) {
  auto m = LoadOrProposeMapping(File("qualtrics_choice_text.csv"), "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ImportSummary summary;
  auto rows = Import("qualtrics_choice_text.csv", *m, &summary);
  EXPECT_TRUE(summary.errors.empty()) << summary.errors[0].column << ": " << summary.errors[0].reason;
  ASSERT_EQ(rows.size(), 4u);
  std::vector<std::optional<int>> nps, csat, ces;
  for (const auto& r : rows) {
    nps.push_back(r.answers.nps);
    csat.push_back(r.answers.csat);
    ces.push_back(r.answers.ces);
  }
  EXPECT_EQ(nps, (std::vector<std::optional<int>>{10, 0, 10, 7}));
  EXPECT_EQ(csat, (std::vector<std::optional<int>>{5, 1, 5, 4}));
  EXPECT_EQ(ces, (std::vector<std::optional<int>>{7, 1, 7, 5}));
}

// Qualtrics exports its owners' previews and tests, and what it marked as spam, with the real
// responses: those are no customer's answers and stay out of every score. Imported responses
// are real ones.
TEST(SurveyFormats, QualtricsPreviewsTestsAndSpamAreLeftOut) {
  auto m = LoadOrProposeMapping(File("qualtrics_previews.csv"), "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ImportSummary summary;
  auto rows = Import("qualtrics_previews.csv", *m, &summary);
  EXPECT_TRUE(summary.errors.empty()) << summary.errors[0].column << ": " << summary.errors[0].reason;
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].external_id, "R_3aBcD1");
  EXPECT_EQ(rows[1].external_id, "R_3aBcD9");
  EXPECT_EQ(summary.rows_read, 5u);
  EXPECT_EQ(summary.skipped, (std::map<std::string, std::uint64_t>{{"marked as spam", 1}, {"survey previews", 1}, {"survey tests", 1}}));
  EXPECT_EQ(DescribeSkipped(summary),
            "Left out, as the export marks them as no customer's answer: 1 marked as spam, 1 survey previews, 1 survey tests\n");
  // Qualtrics' numbers for the same, and the second header row of its legacy export.
  for (auto [status, reason] : std::vector<std::pair<std::string, std::string>>{
           {"1", "survey previews"}, {"17", "survey previews"}, {"2", "survey tests"}, {"8", "marked as spam"},
           {"9", "marked as spam"}, {"12", "marked as spam"}, {"0", ""}, {"4", ""}, {"16", ""}, {"IP Address", ""},
           {" survey preview ", "survey previews"}}) {
    EXPECT_EQ(SkipReason(status), reason) << status;
  }
  EXPECT_EQ(SkipColumn(*m), std::optional<std::size_t>{2});  // Status
  auto legacy = LoadOrProposeMapping(File("qualtrics_legacy.csv"), "auto", "");
  ASSERT_TRUE(legacy.ok());
  EXPECT_EQ(SkipColumn(*legacy), std::optional<std::size_t>{6});  // V7, "Status" in the second header row
  auto other = LoadOrProposeMapping(File("formbricks.csv"), "auto", "");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(SkipColumn(*other), std::nullopt);  // its own Status-like columns say nothing of the kind
}

// Timestamps with a 12-hour clock and a zone name: midnight is 12:00 AM, and the zone is the
// form's, not the mapping's.
TEST(SurveyFormats, GoogleFormsDownloadTimestampsKeepTheirZone) {
  auto m = LoadOrProposeMapping(File("google_forms_download.csv"), "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ImportSummary summary;
  auto rows = Import("google_forms_download.csv", *m, &summary);
  EXPECT_EQ(summary.rejected, 0u);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(FormatTimestamp(rows[1].submitted_at), "2024-03-24T23:15:00Z");  // 12:15 AM GMT+1
  EXPECT_EQ(FormatTimestamp(rows[2].submitted_at), "2024-07-25T19:15:00Z");  // 9:15 p.m. GMT+2
  EXPECT_EQ(FormatTimestamp(rows[3].submitted_at), "2024-11-05T15:00:00Z");  // 10:00 AM EST
  // Microsoft Forms writes two-digit years, month first.
  SurveyMapping forms;
  forms.date_order = DateOrder::kMonthFirst;
  forms.columns = {{"Completion time", "", "submitted_at"}};
  std::vector<std::string> row = {"3/13/24 10:05:09"};
  ASSERT_TRUE(NormalizeRow(forms, row).ok());
  EXPECT_EQ(row[0], "2024-03-13T10:05:09Z");
  // A date that is none in the order read names the value as written and the way out.
  std::vector<std::string> bad = {"13/03/2024 10:05"};
  Status refused = NormalizeRow(forms, bad);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.field(), "Completion time");
  EXPECT_NE(refused.message().find("'13/03/2024 10:05'"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("--date-order day-first"), std::string::npos) << refused.message();
}

// Excel artefacts: ="0012345" keeps a code's leading zeros, rows of empty cells at the end are
// not responses, and a comment keeps its line break.
TEST(SurveyFormats, ExcelArtefactsAreRead) {
  auto m = LoadOrProposeMapping(File("google_forms_nl.csv"), "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ImportSummary summary;
  auto rows = Import("google_forms_nl.csv", *m, &summary);
  EXPECT_EQ(summary.rejected, 0u) << summary.errors[0].reason;
  ASSERT_EQ(rows.size(), 2u);
  std::map<std::string, std::string> first(rows[0].attributes.begin(), rows[0].attributes.end());
  std::map<std::string, std::string> second(rows[1].attributes.begin(), rows[1].attributes.end());
  EXPECT_EQ(first["Klantnummer"], "0012345");
  EXPECT_EQ(second["Klantnummer"], "0099");
  EXPECT_EQ(rows[1].comment, "Regel een\r\nregel twee");
  EXPECT_EQ(rows[1].answers.csat, 4);  // "Tevreden"
}

// SurveyMonkey heads a question with several answer columns (multiple choice, "Other (please
// specify)") once, above the first; the second header row names each column's option. Every
// column is kept, named by question and option.
TEST(SurveyFormats, SurveyMonkeyMultipleChoiceColumnsAreKept) {
  auto m = LoadOrProposeMapping(File("surveymonkey_multiple_choice.csv"), "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, "surveymonkey");
  std::vector<std::string> fields;
  for (const auto& c : m->columns) fields.push_back(c.field);
  ASSERT_EQ(fields.size(), 14u);
  EXPECT_EQ(fields[9], "nps");
  EXPECT_EQ(fields[10], "attr:Which products did you buy? - Shoes");
  EXPECT_EQ(fields[11], "attr:Which products did you buy? - Bags");
  EXPECT_EQ(fields[12], "attr:Which products did you buy? - Other (please specify)");
  EXPECT_EQ(fields[13], "comment");
  auto rows = Import("surveymonkey_multiple_choice.csv", *m);
  ASSERT_EQ(rows.size(), 2u);
  std::map<std::string, std::string> first(rows[0].attributes.begin(), rows[0].attributes.end());
  EXPECT_EQ(first["Which products did you buy? - Bags"], "Bags");
  EXPECT_EQ(first["Which products did you buy? - Other (please specify)"], "a red scarf");
  EXPECT_EQ(rows[0].comment, "Great shop");
}

// A survey export saved again by Dutch Excel: ';' and decimal commas. 8,0 is 8; 7,5 is not an
// answer on the scale and is rejected, not cut to 7.
TEST(SurveyFormats, DecimalCommasAreNotCutToWholeNumbers) {
  SurveyMapping m;
  m.format = "generic";
  m.columns = {{"id", "", "external_id"}, {"score", "", "nps"}};
  std::vector<std::string> whole = {"A1", "8,0"};
  ASSERT_TRUE(NormalizeRow(m, whole).ok());
  std::vector<std::string> half = {"A2", "7,5"};
  ASSERT_TRUE(NormalizeRow(m, half).ok());
  EXPECT_EQ(half[1], "7,5");  // left for validation to refuse by row
  std::vector<std::string> label = {"A3", "10 - Extremely likely"};
  ASSERT_TRUE(NormalizeRow(m, label).ok());
  EXPECT_EQ(label[1], "10");
}

// 01/03/2024 and 02/03/2024 could be January or March: the import says which it chose and how
// to choose the other; a day above 12 in the sample settles it.
TEST(SurveyFormats, AmbiguousSlashDatesAreNamedNotSilentlyGuessed) {
  std::string path = ::testing::TempDir() + "/peakend_ambiguous_dates.csv";
  for (const char* second_date : {"02/03/2024 11:00:00", "25/03/2024 11:00:00"}) {
    FILE* f = std::fopen(path.c_str(), "w");
    std::fprintf(f, "Timestamp,Email Address,How likely is it that you would recommend us to a friend?\n"
                    "01/03/2024 10:15:22,anna@example.com,9\n%s,piet@example.nl,4\n", second_date);
    std::fclose(f);
    auto m = LoadOrProposeMapping(path, "auto", "");
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    bool ambiguous = std::string(second_date).starts_with("02");
    EXPECT_EQ(m->date_order_guessed, ambiguous) << second_date;
    EXPECT_EQ(DescribeMapping(*m).find("--date-order day-first") != std::string::npos, ambiguous) << DescribeMapping(*m);
    if (!ambiguous) {
      EXPECT_EQ(m->date_order, DateOrder::kDayFirst);
    }
  }
  std::remove(path.c_str());
}

// A UK Google Forms export from 1 March on: its first 40 rows never have a day above 12. The
// rest of the file's time column is read before anything is stored, and its first 13/03 decides
// the order for every row; a file that never decides is settled by the order of its rows.
TEST(SurveyFormats, SlashDateOrderIsSettledByTheWholeFile) {
  std::string path = ::testing::TempDir() + "/peakend_uk_dates.csv";
  constexpr int kRows = 120, kHoursApart = 4;
  FILE* f = std::fopen(path.c_str(), "w");
  std::fprintf(f, "Timestamp,Email address,How likely are you to recommend us to a friend?,What is the main reason?\n");
  for (int i = 0; i < kRows; ++i) {
    int hours = 9 + i * kHoursApart;
    std::fprintf(f, "%02d/03/2024 %02d:00:00,p%d@example.co.uk,%d,Reason %d\n", 1 + hours / 24, hours % 24, i, i % 11, i);
  }
  std::fclose(f);
  auto m = LoadOrProposeMapping(path, "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->date_order, DateOrder::kDayFirst);
  EXPECT_FALSE(m->date_order_guessed);
  EXPECT_NE(DescribeMapping(*m).find("Dates: read day-first (01/03/2026 is 1 March): line 72 has '13/03/2024 01:00:00'"),
            std::string::npos) << DescribeMapping(*m);
  ImportSummary summary;
  std::vector<Response> rows;
  {
    ImportOptions options;
    ApplyMapping(*m, options);
    auto result = ImportFile(path, options, [&](WriteRequest&& w) {
      rows.insert(rows.end(), w.responses.begin(), w.responses.end());
      return AllCreated(w);
    });
    ASSERT_TRUE(result.ok()) << result.status().ToString();
    summary = *result;
  }
  EXPECT_EQ(summary.rejected, 0u);
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(kRows));
  EXPECT_EQ(FormatTimestamp(rows[4].submitted_at), "2024-03-02T01:00:00Z");
  EXPECT_EQ(FormatTimestamp(rows[kRows - 1].submitted_at), "2024-03-21T05:00:00Z");

  // Never a day above 12: the reading under which the rows are in time order wins.
  for (auto [dates, order] : std::vector<std::pair<std::vector<const char*>, DateOrder>>{
           {{"05/02/2024 10:00:00", "10/02/2024 10:00:00", "03/03/2024 10:00:00", "08/03/2024 10:00:00"}, DateOrder::kDayFirst},
           {{"02/05/2024 10:00:00", "02/10/2024 10:00:00", "03/03/2024 10:00:00", "03/08/2024 10:00:00"}, DateOrder::kMonthFirst}}) {
    f = std::fopen(path.c_str(), "w");
    std::fprintf(f, "Timestamp,How likely are you to recommend us to a friend?\n");
    for (const char* date : dates) std::fprintf(f, "%s,9\n", date);
    std::fclose(f);
    auto settled = LoadOrProposeMapping(path, "auto", "");
    ASSERT_TRUE(settled.ok()) << settled.status().ToString();
    EXPECT_EQ(settled->date_order, order) << dates[0];
    EXPECT_FALSE(settled->date_order_guessed);
    EXPECT_NE(DescribeMapping(*settled).find("in time order"), std::string::npos) << DescribeMapping(*settled);
  }
  std::remove(path.c_str());
}

// Google Forms and spreadsheets have no response id: each row gets one from its content, the
// same in the same or a grown export (also after a question was added), with the id prefix
// before it; identical rows stay two responses.
TEST(SurveyFormats, RowsWithoutAnIdGetOneFromTheirContent) {
  std::string path;
  auto write = [&](const std::string& text) { path = TempFile("peakend_no_ids.csv", text); };
  const std::string header = "Timestamp,How likely are you to recommend us to a friend?,Why?";
  const std::string rows = "2024-03-01 10:00:00,9,Fast\n2024-03-01 11:00:00,3,Slow\n2024-03-01 11:00:00,3,Slow\n";
  auto ids_of = [&](const std::string& prefix) {
    auto m = LoadOrProposeMapping(path, "google-forms", "");
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    m->id_prefix = prefix;
    EXPECT_NE(DescribeMapping(*m).find("each row gets one made from its content"), std::string::npos)
        << DescribeMapping(*m);
    std::vector<std::string> ids;
    for (const auto& r : Import(path, *m)) ids.push_back(r.external_id);
    return ids;
  };
  auto imported = [&](const std::string& text, const std::string& prefix = "") {
    write(text);
    return ids_of(prefix);
  };
  auto first = imported(header + "\n" + rows);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_TRUE(first[0].starts_with("row-")) << first[0];
  EXPECT_NE(first[0], first[1]);
  EXPECT_EQ(first[2], first[1] + "-2");  // the same answers twice: two responses
  auto grown = imported(header + "\n" + rows + "2024-03-02 09:00:00,10,Great\n");
  ASSERT_EQ(grown.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(grown.begin(), grown.begin() + 3), first);
  // A question added to the form: an empty cell in the old rows changes nothing.
  auto added = imported(header + ",New question\n" + "2024-03-01 10:00:00,9,Fast,\n");
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(added[0], first[0]);
  // A column moved in a spreadsheet: the same rows, the same ids.
  auto reordered = imported("Why?,Timestamp,How likely are you to recommend us to a friend?\n"
                            "Fast,2024-03-01 10:00:00,9\nSlow,2024-03-01 11:00:00,3\n");
  ASSERT_EQ(reordered.size(), 2u);
  EXPECT_EQ(reordered[0], first[0]);
  EXPECT_EQ(reordered[1], first[1]);
  auto prefixed = imported(header + "\n" + rows, "winkel-");
  EXPECT_EQ(prefixed[0], "winkel-" + first[0]);
  // Peakend's own columns without external_id, and interactions, the same way.
  write("nps,comment\n9,Top\n9,Top\n");
  std::vector<std::string> generic;
  ImportOptions options;
  auto summary = ImportFile(path, options, [&](WriteRequest&& w) {
    for (auto& x : w.responses) generic.push_back(x.external_id);
    return AllCreated(w);
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(summary->content_ids);
  ASSERT_EQ(generic.size(), 2u);
  EXPECT_EQ(generic[1], generic[0] + "-2");
  write("type,customer,occurred_at\ndelivery,K1,2024-03-01T10:00:00Z\n");
  options.kind = RecordKind::kInteraction;
  std::string interaction_id;
  summary = ImportFile(path, options, [&](WriteRequest&& w) {
    for (auto& x : w.interactions) interaction_id = x.external_id;
    return AllCreated(w);
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_TRUE(interaction_id.starts_with("row-")) << interaction_id;
  std::remove(path.c_str());
}

// The comment is the open question, found by its wording and by answers that are sentences;
// short answers that repeat are a choice, and dates and the tool's own columns are never it.
TEST(SurveyFormats, TheCommentIsTheOpenQuestionNotAChoiceOrADate) {
  auto typeform = TempFile("peakend_tf_order.csv",
      "#,How likely are you to recommend us to a friend?,Which store did you visit?,What is the main reason for your score?,"
      "Start Date (UTC),Submit Date (UTC),Network ID\n"
      "tok1,9,Amsterdam Centrum,The staff helped me find the right size,2024-03-01 10:20:01,2024-03-01 10:22:13,abc\n"
      "tok2,3,Utrecht Hoog Catharijne,Long queue at the checkout and nobody helped,2024-03-02 10:20:01,2024-03-02 10:22:13,abd\n"
      "tok3,10,Amsterdam Centrum,Great,2024-03-02 10:20:01,2024-03-02 10:22:13,abd\n");
  auto m = LoadOrProposeMapping(typeform, "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto fields = Fields(*m);
  EXPECT_EQ(fields["What is the main reason for your score?"], "comment");
  EXPECT_EQ(fields["Which store did you visit?"], "attr:Which store did you visit?");
  EXPECT_EQ(fields["Start Date (UTC)"], "attr:Start Date (UTC)");
  // Comments that open with a number are still sentences: "3 days late", "2 weken gewacht".
  auto digits = TempFile("peakend_tf_digits.csv",
      "#,How likely are you to recommend us to a friend?,What is the main reason for your score?,"
      "Submit Date (UTC),Network ID\n"
      "tok1,2,3 days late and the box was damaged,2024-03-01 10:22:13,abc\n"
      "tok2,9,Friendly driver,2024-03-02 10:22:13,abd\n"
      "tok3,4,2 weken gewacht op antwoord,2024-03-02 11:22:13,abe\n"
      "tok4,10,8,2024-03-02 12:22:13,abf\n"
      "tok5,8,Helped me choose the right size,2024-03-02 13:22:13,abg\n"
      "tok6,7,Good but pricey,2024-03-02 14:22:13,abh\n");
  auto with_digits = LoadOrProposeMapping(digits, "auto", "");
  ASSERT_TRUE(with_digits.ok()) << with_digits.status().ToString();
  EXPECT_EQ(Fields(*with_digits)["What is the main reason for your score?"], "comment") << DescribeMapping(*with_digits);
  std::remove(digits.c_str());

  // Without an open question there is no comment: not "Start Date", not a name.
  auto no_open_typeform = TempFile("peakend_tf_nocomment.csv",
      "#,How likely are you to recommend us to a friend?,How satisfied are you with delivery?,Start Date (UTC),"
      "Submit Date (UTC),Network ID\n"
      "tok1,9,4,2024-03-01 10:20:01,2024-03-01 10:22:13,abc\ntok2,3,2,2024-03-02 10:20:01,2024-03-02 10:22:13,abd\n");
  auto no_open_monkey = TempFile("peakend_sm_nocomment.csv",
      "Respondent ID,Collector ID,Start Date,End Date,IP Address,Email Address,First Name,Last Name,Custom Data 1,"
      "How likely is it that you would recommend us to a friend or colleague?,\"Overall, how satisfied are you?\"\n"
      ",,,,,,,,,Response,Response\n"
      "114277653511,431234567,03/01/2024 10:20:13 AM,03/01/2024 10:22:13 AM,85.1.2.3,jan@example.nl,Jan,de Vries,LOC-AMS,9,Very satisfied\n"
      "114277653512,431234567,03/02/2024 10:20:13 AM,03/02/2024 10:22:13 AM,85.1.2.4,,Piet,Jansen,LOC-UTR,3,Somewhat dissatisfied\n");
  for (const auto& path : {no_open_typeform, no_open_monkey}) {
    auto none = LoadOrProposeMapping(path, "auto", "");
    ASSERT_TRUE(none.ok()) << none.status().ToString();
    for (const auto& c : none->columns) EXPECT_NE(c.field, "comment") << path << ": " << c.header;
  }
  std::remove(typeform.c_str());
  std::remove(no_open_typeform.c_str());
  std::remove(no_open_monkey.c_str());
}

// LimeSurvey exports the responses people began and left, their submit date empty, with the
// others, under headings by question code or by full text: those are left out and counted.
TEST(SurveyFormats, LimeSurveyResponsesNeverSubmittedAreLeftOut) {
  const std::string rows =
      "12,2024-02-10 12:00:00,3,nl,2024-02-10 11:58:00,9,Goede service\n"
      "13,,1,nl,2024-02-11 09:28:00,0,\n"
      "14,2024-02-11 09:30:00,3,en,2024-02-11 09:28:00,5,Slow reply\n";
  for (const char* header : {"id,submitdate,lastpage,startlanguage,startdate,NPS,Opmerking\n",
                             "Response ID,Date submitted,Last page,Start language,Date started,NPS,Opmerking\n"}) {
    auto path = TempFile("peakend_lime.csv", header + rows);
    auto m = LoadOrProposeMapping(path, "auto", "");
    ASSERT_TRUE(m.ok()) << header << m.status().ToString();
    EXPECT_EQ(m->format, "limesurvey") << header;
    auto fields = Fields(*m);
    EXPECT_EQ(fields[m->columns[1].header], "submitted_at") << header;
    EXPECT_EQ(fields[m->columns[3].header], "language") << header;
    EXPECT_EQ(fields["Opmerking"], "comment") << header;
    ImportSummary summary;
    auto stored = Import(path, *m, &summary);
    ASSERT_EQ(stored.size(), 2u) << header;
    EXPECT_EQ(stored[1].external_id, "14");
    EXPECT_EQ(summary.skipped["started but never submitted"], 1u) << header;
    std::remove(path.c_str());
  }
}

// An 11 or a 7 typed into a CSAT question is that row's mistake: the question is CSAT by its
// wording and only the row is rejected. A satisfaction question on a 0-10 scale is another
// scale: kept as an attribute, and the mapping says how to read it as CSAT.
TEST(SurveyFormats, AnOffScaleCsatAnswerRejectsItsRowNotTheColumn) {
  std::string text = "Response ID,Timestamp,Survey ID,How likely are you to recommend us?,How satisfied were you?,"
                     "How satisfied were you with the price?\n";
  const char* rows[] = {"5,8", "4,9", "5,10", "7,7", "4,2", "3,6", "5,9", "4,1"};
  for (int i = 0; i < 8; ++i) {
    text += "r" + std::to_string(i) + ",2024-03-01T10:0" + std::to_string(i) + ":00Z,s1,9," + rows[i] + "\n";
  }
  auto path = TempFile("peakend_csat_off_scale.csv", text);
  auto m = LoadOrProposeMapping(path, "formbricks", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto fields = Fields(*m);
  EXPECT_EQ(fields["How satisfied were you?"], "csat");
  EXPECT_EQ(fields["How satisfied were you with the price?"], "attr:How satisfied were you with the price?");
  EXPECT_NE(DescribeMapping(*m).find("--map \"How satisfied were you with the price?=csat\""), std::string::npos)
      << DescribeMapping(*m);
  ImportSummary summary;
  auto stored = Import(path, *m, &summary);
  EXPECT_EQ(stored.size(), 7u);
  ASSERT_EQ(summary.errors.size(), 1u);
  EXPECT_EQ(summary.errors[0].line, 5u);
  EXPECT_EQ(summary.errors[0].column, "How satisfied were you?");
  std::remove(path.c_str());
}

// Qualtrics: RecipientEmail where it is filled in, else ExternalReference, row by row; saved
// with the mapping.
TEST(SurveyFormats, TheCustomerFallsBackToTheExternalReference) {
  auto path = TempFile("peakend_q_customer.csv",
      "StartDate,EndDate,Status,ResponseId,RecipientEmail,ExternalReference,Q1,Q2\n"
      "Start Date,End Date,Response Type,Response ID,Recipient Email,External Data Reference,"
      "How likely is it that you would recommend us?,Why?\n"
      "\"{\"\"ImportId\"\":\"\"startDate\"\"}\",\"{\"\"ImportId\"\":\"\"endDate\"\"}\",\"{\"\"ImportId\"\":\"\"status\"\"}\","
      "\"{\"\"ImportId\"\":\"\"_recordId\"\"}\",\"{\"\"ImportId\"\":\"\"recipientEmail\"\"}\","
      "\"{\"\"ImportId\"\":\"\"externalDataReference\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"QID2_TEXT\"\"}\"\n"
      "2024-03-01 10:00:00,2024-03-01 10:02:00,0,R_1,,K-100,9,Good\n"
      "2024-03-01 11:00:00,2024-03-01 11:02:00,0,R_2,an@example.nl,K-101,3,Slow\n"
      "2024-03-01 12:00:00,2024-03-01 12:02:00,0,R_3,,,7,Fine\n");
  auto m = LoadOrProposeMapping(path, "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(Fields(*m)["RecipientEmail"], "customer");
  EXPECT_EQ(m->customer_fallback, "ExternalReference");
  EXPECT_NE(DescribeMapping(*m).find("Customers: RecipientEmail, or ExternalReference where RecipientEmail is empty"),
            std::string::npos) << DescribeMapping(*m);
  auto reused = MappingFromJson(ToJson(*m));
  ASSERT_TRUE(reused.ok());
  for (const auto& mapping : {*m, *reused}) {
    auto rows = Import(path, mapping);
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].customer_ref, "K-100");
    EXPECT_EQ(rows[1].customer_ref, "an@example.nl");
    EXPECT_EQ(rows[2].customer_ref, "");
  }
  std::remove(path.c_str());
}

// A download cut off inside a quoted field within the rows read to detect the format: the
// format is still detected, and the import stores the complete rows and names the cut one.
TEST(SurveyFormats, AFileCutOffWithinTheSampleIsStillImported) {
  auto path = TempFile("peakend_sm_cut.csv",
      "Respondent ID,Collector ID,Start Date,End Date,How likely is it that you would recommend us?,Why?\n"
      ",,,,Response,Open-Ended Response\n"
      "114277653511,431234567,03/01/2024 10:20:13 AM,03/01/2024 10:22:13 AM,9,\"Fast, friendly\"\n"
      "114277653512,431234567,03/13/2024 11:59:00 PM,03/14/2024 12:05:00 AM,2,\"Broken on arrival.\n\nAnd");
  auto m = LoadOrProposeMapping(path, "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->format, "surveymonkey");
  ImportSummary summary;
  auto rows = Import(path, *m, &summary);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].comment, "Fast, friendly");
  ASSERT_EQ(summary.errors.size(), 1u);
  EXPECT_NE(summary.errors[0].reason.find("not read past this row"), std::string::npos) << summary.errors[0].reason;
  // A file whose very header is cut off has nothing to detect.
  auto header_cut = TempFile("peakend_header_cut.csv", "Respondent ID,\"Collector");
  EXPECT_FALSE(LoadOrProposeMapping(header_cut, "auto", "").ok());
  std::remove(path.c_str());
  std::remove(header_cut.c_str());
}

// CSAT and CES labels in English and Dutch become numbers; a label Peakend does not know is
// refused with the ones it does.
TEST(SurveyFormats, CommonSatisfactionAndEffortLabelsAreKnown) {
  SurveyMapping m;
  m.format = "google-forms";
  m.columns = {{"Satisfaction", "", "csat"}, {"Effort", "", "ces"}, {"Recommend", "", "nps"}};
  std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> cases = {
      {{"Very unsatisfied", "Very difficult", "Not likely at all"}, {"1", "1", "0"}},
      {{"Unsatisfied", "Difficult", "5"}, {"2", "2", "5"}},
      {{"Neutral", "Neither easy nor difficult", "5"}, {"3", "4", "5"}},
      {{"Satisfied", "Easy", "5"}, {"4", "6", "5"}},
      {{"Very satisfied", "Very easy", "5"}, {"5", "7", "5"}},
      {{"Very dissatisfied", "Zeer moeilijk", "5"}, {"1", "1", "5"}},
      {{"Dissatisfied", "Zeer makkelijk", "5"}, {"2", "7", "5"}},
      {{"Zeer ontevreden", "Zeer gemakkelijk", "5"}, {"1", "7", "5"}},
      {{"Ontevreden", "Gemakkelijk", "5"}, {"2", "6", "5"}},
      {{"Niet tevreden", "Heel makkelijk", "5"}, {"2", "7", "5"}},
      {{"Neutraal", "Neutraal", "5"}, {"3", "4", "5"}},
      {{"Tevreden", "Makkelijk", "5"}, {"4", "6", "5"}},
      {{"Heel tevreden", "Moeilijk", "5"}, {"5", "2", "5"}},
      {{"Zeer tevreden", "Heel moeilijk", "5"}, {"5", "1", "5"}},
      // SurveyMonkey's Dutch, Qualtrics' easy/difficult preset, the effort wording, and what a
      // respondent or spreadsheet adds at the end of a label.
      {{"Enigszins tevreden", "Extremely easy", "5"}, {"4", "7", "5"}},
      {{"Niet tevreden en niet ontevreden", "Extremely difficult", "5"}, {"3", "1", "5"}},
      {{"Enigszins ontevreden", "Neutral", "5"}, {"2", "4", "5"}},
      {{"Erg tevreden", "Very low effort", "5"}, {"5", "7", "5"}},
      {{"Tevreden.", "Heel veel moeite", "5"}, {"4", "1", "5"}},
      {{"Zeer tevreden \xF0\x9F\x98\x80", "weinig  moeite", "5"}, {"5", "6", "5"}},
  };
  for (auto [row, expected] : cases) {
    std::string label = row[0] + " / " + row[1];
    ASSERT_TRUE(NormalizeRow(m, row).ok()) << label;
    EXPECT_EQ(row, expected) << label;
  }
  std::vector<std::string> unknown = {"Heel blij", "Easy", "9"};
  Status refused = NormalizeRow(m, unknown);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.field(), "Satisfaction");
  for (const char* must : {"'Heel blij'", "1-5", "'very dissatisfied' (1)", "'zeer tevreden' (5)",
                           "--map \"Satisfaction=attr:Satisfaction\""}) {
    EXPECT_NE(refused.message().find(must), std::string::npos) << must << " in " << refused.message();
  }
}

// "Not applicable", "don't know", a dash and Qualtrics' -99 (seen, left unanswered) are no
// answer: the row keeps its other answers instead of being refused for them.
TEST(SurveyFormats, NoAnswerCodesLeaveTheAnswerEmpty) {
  SurveyMapping m;
  m.format = "qualtrics";
  m.columns = {{"Q1", "", "nps"}, {"Q2", "", "csat"}, {"Q3", "", "ces"}, {"Q4", "", "comment"}};
  std::vector<std::vector<std::string>> rows = {{"N/A", "n.v.t.", "Weet ik niet", "-99"},
                                                {"-99", "-", "Don't know", "Te laat"},
                                                {"nvt", "Niet van toepassing", "-99", "n/a"}};
  std::vector<std::vector<std::string>> expected = {{"", "", "", ""}, {"", "", "", "Te laat"}, {"", "", "", "n/a"}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_TRUE(NormalizeRow(m, rows[i]).ok()) << i;
    EXPECT_EQ(rows[i], expected[i]) << i;
  }
  // -99 is a comment of its own in other tools' exports.
  m.format = "google-forms";
  std::vector<std::string> row = {"8", "", "", "-99"};
  ASSERT_TRUE(NormalizeRow(m, row).ok());
  EXPECT_EQ(row[3], "-99");
}

// Without a time column every response is stored as submitted at the import: the mapping says
// so and how to map one, and the import counts them and tells them apart for detection.
// SurveyMonkey's Dutch headers are known.
TEST(SurveyFormats, RowsWithoutATimeAreNamed) {
  auto path = TempFile("peakend_no_time.csv", "Antwoord ID;NPS;Opmerking\nA1;3;Slecht geholpen\nA2;10;Top\n");
  auto m = LoadOrProposeMapping(path, "generic", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_NE(DescribeMapping(*m).find("--map \"Column=submitted_at\""), std::string::npos) << DescribeMapping(*m);
  ImportOptions options;
  ApplyMapping(*m, options);
  std::vector<bool> timed;
  options.on_created = [&](Id, Timestamp, bool has_time) { timed.push_back(has_time); };
  Id next = 1;
  auto summary = ImportFile(path, options, [&](WriteRequest&& w) { return AllCreated(w, &next); });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->untimed, 2u);
  EXPECT_EQ(timed, (std::vector<bool>{false, false}));

  auto dutch = TempFile("peakend_sm_nl.csv",
      "Respondent-ID,Verzamelaar-ID,Begindatum,Einddatum,IP-adres,E-mailadres,"
      "Hoe waarschijnlijk is het dat u ons zou aanbevelen aan een vriend of collega?,Wat is de belangrijkste reden voor uw score?\n"
      ",,,,,,Antwoord,Open antwoord\n"
      "114277653511,431234567,01-03-2024 10:20:13,01-03-2024 10:22:13,85.1.2.3,jan@example.nl,9,Snelle levering\n");
  auto sm = LoadOrProposeMapping(dutch, "auto", "");
  ASSERT_TRUE(sm.ok()) << sm.status().ToString();
  EXPECT_EQ(sm->format, "surveymonkey");
  auto fields = Fields(*sm);
  EXPECT_EQ(fields["Respondent-ID"], "external_id");
  EXPECT_EQ(fields["Einddatum"], "submitted_at");
  EXPECT_EQ(fields["Begindatum"], "attr:Begindatum");
  EXPECT_EQ(fields["Wat is de belangrijkste reden voor uw score?"], "comment");
  auto rows = Import(dutch, *sm);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(FormatTimestamp(rows[0].submitted_at), "2024-03-01T10:22:13Z");
  std::remove(path.c_str());
  std::remove(dutch.c_str());
}

// The rejection report quotes the cell a date error is about, says a date that the calendar
// does not have does not exist, and names the file's column where --map gave it a field.
TEST(Import, RejectionsNameTheFilesColumnAndValue) {
  SurveyMapping m;
  m.format = "qualtrics";
  m.columns = {{"ResponseId", "", "external_id"}, {"EndDate", "", "submitted_at"}, {"Q1", "", "nps"}, {"Winkel", "", "location"}};
  auto path = TempFile("peakend_report.csv", "ResponseId,EndDate,Q1,Winkel\nR1,2024-02-30 10:22:13,8,W1\n"
                                             "R2,31/04/2024 10:00,8,W1\nR3,2024-03-01 10:00:00,8,W9\n");
  m.date_order = DateOrder::kDayFirst;
  ImportOptions options;
  ApplyMapping(m, options);
  auto summary = ImportFile(path, options, [&](WriteRequest&& w) {
    WriteResult r;
    for (std::size_t i = 0; i < w.responses.size(); ++i) {
      r.responses.push_back({0, false, Status::NotFound("responses[0]: unknown location 'W9'", "location"), false, {}});
    }
    return Ready(std::move(r));
  });
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  ASSERT_EQ(summary->errors.size(), 3u);
  EXPECT_EQ(summary->errors[0].column, "EndDate");
  EXPECT_EQ(summary->errors[0].value, "2024-02-30 10:22:13");
  EXPECT_NE(summary->errors[0].reason.find("does not exist: February 2024 has 29 days"), std::string::npos)
      << summary->errors[0].reason;
  EXPECT_EQ(summary->errors[1].value, "31/04/2024 10:00");
  EXPECT_NE(summary->errors[1].reason.find("does not exist: April 2024 has 30 days"), std::string::npos)
      << summary->errors[1].reason;
  EXPECT_EQ(summary->errors[2].column, "Winkel");
  std::remove(path.c_str());
}

TEST(SurveyFormats, MappingSavedAndReusedGivesTheSameRows) {
  auto proposed = LoadOrProposeMapping(File("formbricks.csv"), "auto", "");
  ASSERT_TRUE(proposed.ok());
  std::string path = ::testing::TempDir() + "/peakend_mapping.json";
  ASSERT_TRUE(SaveMapping(*proposed, path).ok());
  auto reused = LoadOrProposeMapping(File("formbricks.csv"), "auto", path);
  ASSERT_TRUE(reused.ok()) << reused.status().ToString();
  auto a = Import("formbricks.csv", *proposed);
  auto b = Import("formbricks.csv", *reused);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].external_id, b[i].external_id);
    EXPECT_EQ(a[i].answers.nps, b[i].answers.nps);
    EXPECT_EQ(a[i].attributes, b[i].attributes);
  }
  // Next month's export with its columns in another order, one question renumbered and one
  // added: each column keeps its field by header and question, not by place.
  auto mapping_of = [&](const std::string& name, const std::string& csv) {
    auto file = TempFile(name, csv);
    auto m = LoadOrProposeMapping(file, "auto", path);
    std::remove(file.c_str());
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return m.ok() ? *m : SurveyMapping{};
  };
  ASSERT_TRUE(SaveMapping(*LoadOrProposeMapping(File("qualtrics.csv"), "auto", ""), path).ok());
  std::string qualtrics = ReadFileOrEmpty(File("qualtrics.csv"));
  auto moved = mapping_of("peakend_moved.csv", SwapColumns(qualtrics, "Q3", "Q4"));
  auto moved_fields = Fields(moved);
  EXPECT_EQ(moved_fields["Q3"], "csat");
  EXPECT_EQ(moved_fields["Q4"], "ces");
  EXPECT_EQ(moved.columns[20].header, "Q4");  // the file's own headers, in its order
  auto renumbered = mapping_of("peakend_renumbered.csv", RenameColumn(SwapColumns(qualtrics, "Q3", "Q4"), "Q4", "Q3", "Q4"));
  // The question once called Q3 (satisfaction) is now Q4: its question text says so.
  auto renumbered_fields = Fields(renumbered);
  EXPECT_EQ(renumbered_fields["Q4"], "csat");
  EXPECT_EQ(renumbered_fields["Q3"], "ces");
  auto added = mapping_of("peakend_added.csv", AddColumn(qualtrics, "Winkel", "Which shop?", "Utrecht"));
  EXPECT_EQ(Fields(added)["Winkel"], "attr:Winkel");
  EXPECT_EQ(Fields(added)["Q3"], "csat");
  bool noted = std::any_of(added.notes.begin(), added.notes.end(),
                           [](const std::string& n) { return n.find("'Winkel' is not in the saved mapping") != std::string::npos; });
  EXPECT_TRUE(noted) << DescribeMapping(added);
  EXPECT_FALSE(MappingFromJson(nlohmann::json{{"columns", {{{"header", "x"}, {"field", "score"}}}}}).ok());
  EXPECT_FALSE(MappingFromJson(nlohmann::json{{"columns", nlohmann::json::array()}, {"time_zone", "Mars/Base"}}).ok());
  // A hand-edited header_rows: -1 read as a huge count once skipped rows forever.
  for (const nlohmann::json& rows : {nlohmann::json(-1), nlohmann::json(0), nlohmann::json(1000000), nlohmann::json(2.5),
                                     nlohmann::json("2")}) {
    auto bad = MappingFromJson(nlohmann::json{{"columns", nlohmann::json::array()}, {"header_rows", rows}});
    ASSERT_FALSE(bad.ok()) << rows;
    EXPECT_EQ(bad.status().field(), "header_rows") << rows << " -> " << bad.status().ToString();
  }
  EXPECT_TRUE(MappingFromJson(nlohmann::json{{"columns", nlohmann::json::array()}, {"header_rows", 3}}).ok());
  // More header rows than the file has lines: an empty import, not a loop past the end.
  auto all_headers = *proposed;
  all_headers.header_rows = 50;
  ImportSummary summary;
  auto none = Import("formbricks.csv", all_headers, &summary);
  EXPECT_TRUE(none.empty());
  EXPECT_EQ(summary.rows_read, 0u);
}

// --map works with --from as without it: the named column gets the field, the column that had
// it is kept as an attribute.
TEST(SurveyFormats, MapOverridesTheProposedMapping) {
  auto m = LoadOrProposeMapping(File("qualtrics.csv"), "auto", "");
  ASSERT_TRUE(m.ok());
  ASSERT_TRUE(OverrideColumns({"Q4=csat", "IPAddress=ignore"}, *m).ok());
  auto fields = Fields(*m);
  EXPECT_EQ(fields["Q4"], "csat");
  EXPECT_EQ(fields["Q3"], "attr:Q3");
  EXPECT_EQ(fields["IPAddress"], "");
  auto missing = OverrideColumns({"Q99=nps"}, *m);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.message().find("ResponseId"), std::string::npos) << missing.message();  // lists the columns
}

// A spreadsheet column read as a reference by its name works only with stored ids: the mapping
// says so, and how to keep it as information instead.
TEST(SurveyFormats, ReferencesGuessedFromAHeaderAreNamed) {
  auto path = TempFile("peakend_winkel.csv", "Datum,NPS,Winkel,Opmerking\n2026-12-01,9,Utrecht,Prima\n");
  auto m = LoadOrProposeMapping(path, "generic", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(Fields(*m)["Winkel"], "location");
  std::string described = DescribeMapping(*m);
  EXPECT_NE(described.find("'Winkel' maps to location"), std::string::npos) << described;
  EXPECT_NE(described.find("--map \"Winkel=attr:Winkel\""), std::string::npos) << described;
  std::remove(path.c_str());
}

TEST(SurveyFormats, UnknownExportsExplainTheWayOut) {
  auto unknown = LoadOrProposeMapping(File("unknown.csv"), "auto", "");
  ASSERT_FALSE(unknown.ok());
  for (const char* must : {"qualtrics", "formbricks", "google-forms", "surveymonkey", "limesurvey", "--from generic",
                           "--map", "--mapping"}) {
    EXPECT_NE(unknown.status().message().find(must), std::string::npos) << must;
  }
  EXPECT_FALSE(LoadOrProposeMapping(File("qualtrics.csv"), "medallia", "").ok());
}

TEST(DryRun, ShowsMappingCountsAndSamples) {
  auto m = LoadOrProposeMapping(File("qualtrics.csv"), "auto", "");
  ASSERT_TRUE(m.ok());
  auto report = DryRun(File("qualtrics.csv"), *m, ImportOptions{});
  ASSERT_TRUE(report.ok());
  EXPECT_NE(report->find("Format: qualtrics"), std::string::npos);
  EXPECT_NE(report->find("America/Denver"), std::string::npos);
  EXPECT_NE(report->find("3 read, 2 would be imported, 1 rejected"), std::string::npos) << *report;
  EXPECT_NE(report->find("R_1abcDEF234"), std::string::npos);
}

// A download that stopped early leaves a short last row without a line break: the row is refused
// saying so, and the rows before it are stored.
TEST(Import, ACutOffLastRowSaysTheFileWasCutShort) {
  for (bool cut : {true, false}) {
    std::string path = TempFile("peakend_cut_short.csv", std::string("external_id,nps,comment\nA1,9,Goed\nA2,8") + (cut ? "" : "\n"));
    std::size_t stored = 0;
    auto summary = ImportFile(path, ImportOptions{}, [&](WriteRequest&& w) {
      stored += w.responses.size();
      return AllCreated(w);
    });
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_EQ(stored, 1u);
    ASSERT_EQ(summary->errors.size(), 1u);
    EXPECT_EQ(summary->errors[0].line, 3u);
    EXPECT_EQ(summary->errors[0].reason.find("cut short") != std::string::npos, cut) << summary->errors[0].reason;
    std::remove(path.c_str());
  }
}

// Wide exports (hundreds of embedded-data columns): the refusal says which columns to leave out.
TEST(Import, WideExportsSayWhatToLeaveOut) {
  for (std::size_t columns : {limits::kMaxAttributeCount + 10, limits::kMaxCsvColumns + 1}) {
    std::string header = "external_id,nps", row = "W1,9";
    for (std::size_t i = 0; i < columns; ++i) {
      header += ",E" + std::to_string(i);
      row += ",x";
    }
    std::string path = TempFile("peakend_wide.csv", header + "\n" + row + "\n");
    auto summary = ImportFile(path, ImportOptions{}, [](WriteRequest&&) { return Ready(WriteResult{}); });
    if (columns > limits::kMaxCsvColumns) {
      ASSERT_FALSE(summary.ok());
      EXPECT_NE(summary.status().message().find(path), std::string::npos) << summary.status().message();
      EXPECT_NE(summary.status().message().find("export only the columns you need"), std::string::npos) << summary.status().message();
    } else {
      ASSERT_TRUE(summary.ok()) << summary.status().ToString();
      ASSERT_EQ(summary->errors.size(), 1u);
      EXPECT_EQ(summary->errors[0].column, "attributes");
      EXPECT_NE(summary->errors[0].reason.find("Column=ignore"), std::string::npos) << summary->errors[0].reason;
    }
    std::remove(path.c_str());
  }
}

// Exports repeat a response when it was edited after it was sent; the import stores it once, and
// the dry run says so rather than counting it twice.
TEST(DryRun, CountsAResponseRepeatedInTheFileOnce) {
  std::string path = TempFile("peakend_repeated_response.csv",
                              "Response ID,Timestamp,Finished,Survey ID,Formbricks ID (internal),How likely are you to recommend us?\n"
                              "cm1,2024-03-01T14:05:09.123Z,Completed,s1,fb1,9\n"
                              "cm1,2024-03-01T14:05:09.123Z,Completed,s1,fb1,9\n");
  auto m = LoadOrProposeMapping(path, "auto", "");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  auto report = DryRun(path, *m, ImportOptions{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_NE(report->find("2 read, 1 would be imported, 1 repeat a response id earlier in the file, 0 rejected"),
            std::string::npos)
      << *report;
  std::remove(path.c_str());
}

// Spreadsheets pad cells: a file's ids and references are read without the spaces around them
// (the API refuses such ids, as a client's mistake).
TEST(Import, PaddedIdsAndReferencesInAFileAreTrimmed) {
  auto path = TempFile("peakend_padded_ids.csv",
                       "external_id,customer,nps,submitted_at\n\"R1 \", K1 ,9,2026-01-01T10:00:00Z\n");
  SurveyMapping generic;
  auto rows = Import(path, generic);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].external_id, "R1");
  EXPECT_EQ(rows[0].customer_ref, "K1");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace peakend::ingest
