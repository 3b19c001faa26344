// The domain model: what Peakend stores about an organisation, its customers, their
// interactions and the feedback they give. Plain structs shared by every module; the store
// persists them, ingest builds them, scores/text/moments read them.
//
// Ids: every stored record has an internal `id` (int64, stable, assigned by the store) and an
// optional `external_id` chosen by the source system. External ids make ingest idempotent:
// writing a record whose external id is already stored returns the stored record's id instead
// of a second copy. Organisation records (locations, teams, employees) and customers written
// again take the fields sent and keep those left out (empty or absent), under the same id, so
// the source system's renames and moves reach Peakend. Records refer to each other by external
// id on the way in (`*_ref`), and the store resolves those to internal ids.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"

namespace peakend {

using Id = std::int64_t;

enum class LocationKind { kShop, kWebshop, kContactCentre, kFuelStation, kHotel, kOther };
enum class Role { kEmployee, kManager, kAdmin };
enum class InteractionType {
  kOrder, kDelivery, kReturn, kContactPhone, kContactChat, kContactEmail, kContactVisit, kShopVisit, kOther
};
// How a response reached Peakend.
enum class ResponseChannel { kWeb, kKiosk, kApi, kImport };

// Stable lower-case names used in JSON, CSV and the database ("contact_phone", "kiosk", ...).
std::string_view ToString(LocationKind v);
std::string_view ToString(Role v);
std::string_view ToString(InteractionType v);
std::string_view ToString(ResponseChannel v);
std::optional<LocationKind> ParseLocationKind(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<InteractionType> ParseInteractionType(std::string_view s);  // also accepts "phone", "chat", ...
std::optional<ResponseChannel> ParseResponseChannel(std::string_view s);
// The names accepted, comma separated, for error messages.
std::string InteractionTypeNames();
// What a new location or employee is when the write leaves kind or role out.
inline constexpr LocationKind kDefaultLocationKind = LocationKind::kShop;
inline constexpr Role kDefaultRole = Role::kEmployee;
// The answer scales of CSAT (1-5) and CES (1-7); a mean and its interval stay within them.
inline constexpr int kCsatLowest = 1, kCsatHighest = 5, kCesLowest = 1, kCesHighest = 7;

// The organisation's days, weeks and months are those of the time_zone setting (core/calendar.h).
struct Organisation {
  std::string name = "Peakend";
  std::string default_language = "nl";
};

// A touchpoint: a shop, the webshop, a contact centre, a fuel station.
struct Location {
  Id id = 0;
  std::string external_id;  // e.g. "shop-utrecht"
  std::string name;
  // Absent in a write: a new location is kDefaultLocationKind, a known one keeps its kind.
  // Always set when read from the store.
  std::optional<LocationKind> kind;
  std::string channel;  // "in-store", "online", "phone", ...
  std::string city;
  // In a write: the fields to empty (channel, city). The `{}` lets brace initialisers that stop
  // before it leave it out without a warning, here and in the records below.
  std::vector<std::string> cleared{};
};

struct Team {
  Id id = 0;
  std::string external_id;
  std::string name;
  std::string location_ref;  // external id of its location (may be empty)
  std::optional<Id> location_id;
  std::vector<std::string> cleared{};  // in a write: the fields to empty (location)
};

struct Employee {
  Id id = 0;
  std::string external_id;
  std::string first_name;
  std::string last_name;
  std::string email;
  // Absent in a write: a new employee gets kDefaultRole, a known one keeps their role. Always
  // set when read from the store.
  std::optional<Role> role;
  std::string team_ref;
  std::string location_ref;
  std::optional<Id> team_id;
  std::optional<Id> location_id;
  std::vector<std::string> cleared{};  // in a write: the fields to empty (last_name, email, team, location)
};

struct Customer {
  Id id = 0;
  std::string external_id;  // pseudonymous id from the source system
  std::string name;
  std::string email;
  std::string phone;
  std::string language;  // "nl", "en" or empty
  std::string segment;   // value segment, e.g. "gold", "regular"
  std::vector<std::string> cleared{};  // in a write: the fields to empty (name, email, phone, language, segment)
};

// Something that happened between customer and organisation.
struct Interaction {
  Id id = 0;
  std::string external_id;
  InteractionType type = InteractionType::kOther;
  Timestamp occurred_at = 0;
  std::string customer_ref;
  std::string location_ref;
  std::string employee_ref;
  std::string journey_id;  // groups interactions of one customer about one need
  std::optional<Id> customer_id;
  std::optional<Id> location_id;
  std::optional<Id> team_id;  // derived from the employee
  std::optional<Id> employee_id;
};

// The six survey answers Peakend understands. Every one is optional; a response has >= 1.
struct Answers {
  std::optional<int> nps;            // 0..10
  std::optional<int> csat;           // 1..5
  std::optional<int> ces;            // 1..7, 7 = very easy
  std::optional<int> effectiveness;  // 1..5
  std::optional<int> ease;           // 1..5
  std::optional<int> emotion;        // 1..5
  bool empty() const { return !nps && !csat && !ces && !effectiveness && !ease && !emotion; }
};

// A label the text module attached to a response: an aspect with its sentiment, a topic, an
// emotion, a life event, an employee mention. Stored per response so scores can be filtered
// and rolled up by them.
struct Tag {
  std::string kind;   // "aspect", "topic", "emotion", "life_event", "circumstance", "mention"
  std::string name;   // "delivery", "joy", "illness", employee external id, ...
  double score = 0;   // sentiment or confidence, -1..+1 / 0..1
  std::string phrase; // the words it came from, when meaningful
};

// A survey answer set, tied to an interaction or standalone.
struct Response {
  Id id = 0;
  std::string external_id;
  std::string interaction_ref;
  std::string customer_ref;
  std::string location_ref;
  std::string employee_ref;
  std::string journey_id;
  Answers answers;
  std::string comment;
  std::string language;  // "nl", "en" or empty (unknown)
  Timestamp submitted_at = 0;
  // False when the sender gave no time and the time of receipt stands in: resent, such a
  // response does not differ from the stored one in its time.
  bool submitted_at_given = true;
  ResponseChannel channel = ResponseChannel::kApi;
  std::vector<std::pair<std::string, std::string>> attributes;  // custom attributes, name -> value

  // Filled by the text module on ingest (empty when the comment is empty).
  std::optional<double> sentiment;  // -1..+1
  std::string sentiment_label;      // "negative", "neutral", "positive"
  std::vector<Tag> tags;
  std::string analysis_json;        // the full analysis, as served by the API

  // Resolved by the store (refs above -> internal ids; location/employee/customer/journey are
  // taken from the interaction when the response does not name them).
  std::optional<Id> interaction_id;
  std::optional<Id> customer_id;
  std::optional<Id> location_id;
  std::optional<Id> team_id;
  std::optional<Id> employee_id;
  std::optional<InteractionType> interaction_type;
};

// The counts every score of a set of answers is computed from (scores::ScoresOf): NPS, CSAT,
// CES and the three E's with their intervals. Tallies add up, so a store can keep them per group
// and day and scores over a million answers need not read each one.
struct AnswerTally {
  // The answers on a scale (CSAT 1-5, CES 1-7) that lie on it: their count, sum and sum of
  // squares (mean and spread), and how many lie at its top (CSAT 4-5, CES 5-7) and bottom (CES
  // 1-3); answers outside it are counted apart.
  struct Scale {
    std::int64_t n = 0, sum = 0, sum_sq = 0, top = 0, bottom = 0, out_of_range = 0;
    void Add(int value, int low, int high, int top_from, int bottom_to);
    void Add(const Scale& other);
  };
  std::int64_t responses = 0;
  std::int64_t nps[3] = {0, 0, 0};  // detractors (0-6), passives (7-8), promoters (9-10)
  std::int64_t nps_out_of_range = 0;
  Scale csat, ces;
  std::int64_t e[3][3] = {};  // effectiveness, ease, emotion: bottom (1-2), middle (3), top (4-5)
  std::int64_t cx_n = 0;      // answers with at least one of the E's

  void Add(const Answers& a);
  void Add(const AnswerTally& other);
};

// What a store's tallies of answers are grouped by (scores::GroupBy maps onto it).
enum class TallyGroup { kNone, kLocation, kTeam, kEmployee, kChannel, kInteractionType };

// The answers of one group on one of the organisation's days.
struct DayTally {
  // The internal id as text (location, team, employee), the channel or the interaction type;
  // "" when the response has none, or for TallyGroup::kNone.
  std::string group_key;
  std::int64_t local_day = 0;  // Calendar::LocalDay; 0 when tallied over all days
  AnswerTally tally;
};

// The tags of one name (an aspect, a topic) on one of the organisation's days.
struct TagDayTally {
  std::string name;
  std::int64_t local_day = 0;  // Calendar::LocalDay
  std::int64_t volume = 0, positive = 0, negative = 0;  // positive/negative: beyond the polarity threshold
  double score_sum = 0;
};

// The minimum needed to compute scores for a response, with everything it can be grouped by.
struct ScoreRow {
  Id response_id = 0;
  Timestamp submitted_at = 0;
  std::optional<Id> location_id, team_id, employee_id, customer_id;
  ResponseChannel channel = ResponseChannel::kApi;
  std::optional<InteractionType> interaction_type;
  Answers answers;
  std::optional<double> sentiment;
};

// An aspect's sentiment beyond ±this counts as a positive or negative mention of it, in the
// aspect trend and in filters on an aspect's sentiment alike.
inline constexpr double kAspectPolarityThreshold = 0.05;

// One tag of a response's analysis (an aspect, topic or emotion) with its score.
struct TagRow {
  Timestamp submitted_at = 0;
  std::string name;
  double score = 0;
};

}  // namespace peakend
