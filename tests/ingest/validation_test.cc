#include "ingest/validation.h"

#include <gtest/gtest.h>

#include "core/limits.h"
#include "core/time.h"
#include "ingest/field_mapping.h"
#include "ingest/fields.h"

namespace peakend::ingest {
namespace {

TEST(ParseAnswer, WholeNumbersOnTheFieldsScale) {
  EXPECT_EQ(*ParseAnswer("nps", "7"), 7);
  EXPECT_EQ(*ParseAnswer("nps", " 10 "), 10);
  EXPECT_EQ(*ParseAnswer("csat", "4.0"), 4);
  EXPECT_EQ(*ParseAnswer("nps", "8,0"), 8);  // Dutch Excel writes decimal commas
  EXPECT_EQ(*ParseAnswer("nps", "0"), 0);
  struct Bad {
    const char* field;
    const char* text;
    const char* says;
  };
  for (const Bad& b : {Bad{"nps", "11", "0..10"}, Bad{"nps", "-1", "0..10"}, Bad{"csat", "0", "1..5"},
                       Bad{"ces", "8", "1..7"}, Bad{"emotion", "6", "1..5"}, Bad{"nps", "7.5", "whole number"}, Bad{"nps", "7,5", "'7,5' is not a whole number"},
                       Bad{"nps", "1,2,3", "not a number"},
                       Bad{"nps", "seven", "not a number"}, Bad{"nps", "", "not a number"},
                       // Beyond what an integer holds: named as out of the scale, not wrapped round.
                       Bad{"nps", "99999999999999999999", "99999999999999999999 is outside the nps scale 0..10"},
                       Bad{"nps", "1e300", "1e300 is outside"}, Bad{"csat", "-1e300", "-1e300 is outside the csat scale"},
                       Bad{"nps", "inf", "inf is outside"}}) {
    auto r = ParseAnswer(b.field, b.text);
    ASSERT_FALSE(r.ok()) << b.field << "=" << b.text;
    EXPECT_EQ(r.status().field(), b.field);
    EXPECT_NE(r.status().message().find(b.says), std::string::npos) << r.status().message();
  }
}

TEST(ParseTime, IsoAndDayFirstDutchForms) {
  EXPECT_EQ(*ParseTime("t", "2026-03-01T10:15:00Z"), 1772360100);
  EXPECT_EQ(*ParseTime("t", "01-03-2026 10:15"), 1772360100);
  EXPECT_EQ(*ParseTime("t", "01/03/2026 10:15:00"), 1772360100);
  EXPECT_EQ(*ParseTime("t", "1-3-2026"), 1772323200);
  EXPECT_FALSE(ParseTime("t", "31-02-2026").ok());
  EXPECT_FALSE(ParseTime("t", "gisteren").ok());
  EXPECT_NE(ParseTime("t", "x").status().message().find("ISO 8601"), std::string::npos);
}

TEST(ParseTime, ADateIsTheStartOfTheOrganisationsDay) {
  auto amsterdam = Calendar::InZone("Europe/Amsterdam");
  auto new_york = Calendar::InZone("America/New_York");
  ASSERT_TRUE(amsterdam.ok() && new_york.ok());
  Timestamp utc_midnight = *ParseTimestamp("2026-06-01T00:00:00Z");
  EXPECT_EQ(*ParseTime("t", "2026-06-01"), utc_midnight);  // without a calendar: UTC
  EXPECT_EQ(*ParseTime("t", "2026-06-01", &*amsterdam), utc_midnight - 2 * 3600);  // summer time, UTC+2
  EXPECT_EQ(*ParseTime("t", " 01-06-2026 ", &*amsterdam), utc_midnight - 2 * 3600);
  EXPECT_EQ(*ParseTime("t", "2026-06-01", &*new_york), utc_midnight + 4 * 3600);
  EXPECT_EQ(*ParseTime("t", "1/1/2026", &*amsterdam), *ParseTimestamp("2025-12-31T23:00:00Z"));  // winter, UTC+1
  // A time of day, or a stated offset, is read as before.
  EXPECT_EQ(*ParseTime("t", "2026-06-01T10:00:00Z", &*amsterdam), utc_midnight + 10 * 3600);
  EXPECT_EQ(*ParseTime("t", "2026-06-01 10:00", &*amsterdam), utc_midnight + 10 * 3600);
  EXPECT_FALSE(ParseTime("t", "2026-02-30", &*amsterdam).ok());
}

TEST(NormalizeLanguage, CommonSpellings) {
  for (const char* nl : {"nl", "NL", "nl-BE", "nl_NL", "Dutch", "Nederlands"}) EXPECT_EQ(*NormalizeLanguage(nl), "nl") << nl;
  for (const char* en : {"en", "EN-gb", "English", "Engels"}) EXPECT_EQ(*NormalizeLanguage(en), "en") << en;
  EXPECT_EQ(*NormalizeLanguage(""), "");
  // Other languages are kept by their code: a multilingual survey loses no answers.
  const std::pair<const char*, const char*> kOther[] = {{"fr", "fr"},    {"DE", "de"},   {"fr-CA", "fr"},
                                                          {"pt_BR", "pt"}, {"zh-S", "zh"}, {"deu", "deu"}};
  for (const auto& [code, base] : kOther) EXPECT_EQ(*NormalizeLanguage(code), base) << code;
  for (const char* bad : {"français", "x", "german language", "12", "e-n", "abcd"}) EXPECT_FALSE(NormalizeLanguage(bad).ok()) << bad;
}

TEST(IsValidUtf8, RejectsBrokenAndOverlongSequences) {
  EXPECT_TRUE(IsValidUtf8("Prima service 😊 café"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));        // Latin-1 é
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));       // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));   // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));   // cut short
}

// PostgreSQL takes text up to its first NUL character, so an id "R1\0x" would be stored as
// "R1" (and match another record). A NUL in any text is refused, on every store.
TEST(ValidateResponse, RefusesNulCharacters) {
  Response r;
  r.answers.nps = 8;
  r.comment = std::string("a\0b", 3);
  auto s = ValidateResponse(r);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.field(), "comment");
  EXPECT_NE(s.message().find("NUL"), std::string::npos) << s.message();
  r.comment = "ok";
  r.attributes.emplace_back("Regio", std::string("N\0", 2));
  EXPECT_EQ(ValidateResponse(r).field(), "attributes.Regio");
  Interaction x;
  x.occurred_at = 1;
  x.external_id = std::string("I\0", 2);
  EXPECT_EQ(ValidateInteraction(x).field(), "external_id");
}

TEST(ValidateResponse, NeedsAnAnswerAndBoundedText) {
  Response r;
  EXPECT_FALSE(ValidateResponse(r).ok());
  r.answers.ces = 5;
  EXPECT_TRUE(ValidateResponse(r).ok());
  r.answers.ces.reset();
  r.comment = " \t\r\n";  // white space says nothing
  EXPECT_NE(ValidateResponse(r).message().find("has no answer (nps, csat, ces, effectiveness, ease or emotion) and no "
                                               "comment"),
            std::string::npos)
      << ValidateResponse(r).message();
  // A respondent who skipped the scores and wrote why.
  r.comment = "De bezorging was te laat";
  EXPECT_TRUE(ValidateResponse(r).ok()) << ValidateResponse(r).message();
  r.comment.clear();
  r.answers.ces = 5;
  EXPECT_TRUE(ValidateResponse(r).ok());
  r.comment = std::string(20001, 'x');
  EXPECT_EQ(ValidateResponse(r).field(), "comment");
  r.comment = "ok";
  r.external_id = std::string(201, 'x');
  EXPECT_EQ(ValidateResponse(r).field(), "external_id");
}

TEST(Fields, SetFromTextNamesTheField) {
  Response r;
  EXPECT_TRUE(SetResponseField(r, "attr:store_code", "U-01").ok());
  ASSERT_EQ(r.attributes.size(), 1u);
  EXPECT_EQ(r.attributes[0].first, "store_code");
  EXPECT_EQ(SetResponseField(r, "channel", "fax").field(), "channel");
  EXPECT_EQ(SetResponseField(r, "planet", "x").field(), "planet");
  Interaction x;
  EXPECT_TRUE(SetInteractionField(x, "type", "phone").ok());
  EXPECT_EQ(x.type, InteractionType::kContactPhone);
  auto bad = SetInteractionField(x, "type", "telepathy");
  EXPECT_NE(bad.message().find("contact_phone"), std::string::npos);
}

TEST(FieldMapping, GuessesDutchAndEnglishHeadersAndKeepsTheRest) {
  auto m = FieldMapping::Build(RecordKind::kResponse, {"Klantnummer", "NPS score", "Opmerking", "Datum", "Regio"}, {});
  ASSERT_TRUE(m.ok());
  const auto& c = m->columns();
  EXPECT_EQ(c[0].field, "customer");
  EXPECT_EQ(c[1].field, "nps");
  EXPECT_EQ(c[2].field, "comment");
  EXPECT_EQ(c[3].field, "submitted_at");
  EXPECT_EQ(c[4].field, "attr:Regio");  // kept, not dropped
  // A Dutch Google Sheet of form responses, imported without --from.
  auto sheet = FieldMapping::Build(RecordKind::kResponse, {"Tijdstempel", "E-mailadres", "NPS"}, {});
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(sheet->columns()[0].field, "submitted_at");
  EXPECT_EQ(sheet->columns()[1].field, "customer");
}

// Exports repeat headers (two "Regio" columns, a second "Opmerking"); each column keeps its own
// attribute, since two values under one name would show only one of them.
TEST(FieldMapping, RepeatedHeadersBecomeAttributesOfTheirOwn) {
  auto m = FieldMapping::Build(RecordKind::kResponse, {"nps", "Regio", "Regio", "comment", "comment", "Regio (2)", "Regio"},
                               {});
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  std::vector<std::string> fields;
  for (const auto& c : m->columns()) fields.push_back(c.field);
  // "Regio (2)" is a header of its own, so the repeats number on past it.
  EXPECT_EQ(fields, (std::vector<std::string>{"nps", "attr:Regio", "attr:Regio (3)", "comment", "attr:comment",
                                              "attr:Regio (2)", "attr:Regio (4)"}));
  auto fixed = FieldMapping::Fixed(RecordKind::kResponse, {"Q1", "Q2", "Q2"}, {"nps", "attr:Q2", "attr:Q2"});
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->columns()[2].field, "attr:Q2 (2)");
}

TEST(FieldMapping, OverridesByNameOrNumber) {
  auto m = FieldMapping::Build(RecordKind::kResponse, {"Score", "Text", "Opmerking"}, {"Score=nps", "2=comment"});
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->columns()[0].field, "nps");
  EXPECT_EQ(m->columns()[1].field, "comment");
  EXPECT_EQ(m->columns()[2].field, "attr:Opmerking");  // lost "comment" to the explicit mapping
  auto unknown_column = FieldMapping::Build(RecordKind::kResponse, {"Score"}, {"Scroe=nps"});
  ASSERT_FALSE(unknown_column.ok());
  EXPECT_NE(unknown_column.status().message().find("Score"), std::string::npos);
  EXPECT_FALSE(FieldMapping::Build(RecordKind::kResponse, {"Score"}, {"Score=grade"}).ok());
  EXPECT_FALSE(FieldMapping::Build(RecordKind::kResponse, {"Score"}, {"nps"}).ok());
}

// A repeated attribute is numbered as it is stored, skipping a name another column has.
TEST(FieldMapping, RepeatedAttributesAreNumberedAsStored) {
  EXPECT_EQ(FieldsAsStored({"nps", "attr:Regio", "attr:Regio (2)", "attr:Regio", "", "attr:Regio"}),
            (std::vector<std::string>{"nps", "attr:Regio", "attr:Regio (2)", "attr:Regio (3)", "", "attr:Regio (4)"}));
}

}  // namespace
}  // namespace peakend::ingest

namespace peakend::ingest {
namespace {

// A response dated after now (a device's wrong clock, a date read month-first) is refused naming
// submitted_at; within a day of now it is kept, for clocks and date-only times.
TEST(ValidateResponse, AResponseFromTheFutureIsRefused) {
  Response r;
  r.answers.nps = 9;
  r.submitted_at = NowUtc() + limits::kMaxResponseFutureSeconds - 60;
  EXPECT_TRUE(ValidateResponse(r).ok());
  r.submitted_at = NowUtc() + limits::kMaxResponseFutureSeconds + 60;
  Status refused = ValidateResponse(r);
  EXPECT_EQ(refused.field(), "submitted_at");
  EXPECT_NE(refused.message().find("cannot be submitted in the future"), std::string::npos) << refused.message();
}


// A comment of no-break or ideographic spaces (pasted from a web page) says nothing: without an
// answer the response is refused as one of ASCII spaces is.
TEST(ValidateResponse, ACommentOfUnicodeSpacesIsNoComment) {
  Response r;
  r.submitted_at = NowUtc();
  r.comment = "\u00a0\u2003\u3000";
  EXPECT_NE(ValidateResponse(r).message().find("has no answer"), std::string::npos);
  r.comment = "\u00a0Top!";
  EXPECT_TRUE(ValidateResponse(r).ok());
}

}  // namespace
}  // namespace peakend::ingest
