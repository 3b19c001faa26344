#include "demo/generator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/calendar.h"
#include "demo/comments.h"
#include "demo/random.h"

namespace peakend::demo {
namespace {

constexpr int kDay = 86400;
constexpr int kEmployeesPerTeam = 10;
constexpr double kGoodTeamBonus = 0.8;         // truth 2
constexpr int kGoodShop = 1;                   // Utrecht, in kShops order
constexpr double kBadEndShare = 0.08;          // truth 3
constexpr double kLifeEventShare = 1.0 / 800;  // truth 4
constexpr double kRepeatContactShare = 0.30;   // truth 6
constexpr double kFollowUpShare = 0.5;         // truth 7
constexpr double kRecoveryBonus = 1.5;         // NPS points, truth 7
constexpr double kEmotionWeight = 1.2, kEaseWeight = 0.35, kEffectivenessWeight = 0.35;  // truth 1
constexpr int kHour = 3600;

// When things happen, in local hours [open, close): shops and the contact centre are open in
// the day and parcels come in the day, where orders, e-mails and survey answers come at any hour.
struct Hours {
  int open, close;
};
constexpr Hours kShopHours{9, 18};
constexpr Hours kContactCentreHours{8, 20};
constexpr Hours kDeliveryHours{8, 21};

struct Shop {
  const char* id;
  const char* name;
  const char* city;
};
constexpr Shop kShops[] = {{"shop-amsterdam", "Amsterdam Kalverstraat", "Amsterdam"},
                           {"shop-utrecht", "Utrecht Hoog Catharijne", "Utrecht"},
                           {"shop-rotterdam", "Rotterdam Lijnbaan", "Rotterdam"},
                           {"shop-den-haag", "Den Haag Grote Marktstraat", "Den Haag"},
                           {"shop-eindhoven", "Eindhoven Demer", "Eindhoven"},
                           {"shop-groningen", "Groningen Herestraat", "Groningen"}};

const std::vector<std::string> kFirstNames = {
    "Sanne", "Daan", "Emma", "Lucas", "Julia", "Sem", "Tess", "Milan", "Fleur", "Thijs", "Lotte", "Bram",
    "Anouk", "Ruben", "Iris", "Jesse", "Noor", "Finn", "Femke", "Luuk", "Sara", "Stijn", "Eva", "Joris",
    "Lisa", "Niels", "Maud", "Tim", "Floor", "Koen", "Yara", "Mohamed", "Fatima", "Ahmed", "Aylin", "Mehmet",
    "Priya", "Kevin", "Naomi", "Rik", "Esther", "Wouter", "Ilse", "Gijs", "Marieke", "Jeroen", "Ingrid",
    "Pieter", "Annemijn", "Hugo", "Zoë", "Olivier", "Chantal", "Dewi", "Siham", "Youssef", "Bart", "Linda",
    "Mark", "Roos", "Hanna", "Jasper", "Kim", "Sophie", "Tom", "Elif", "Bas", "Nina", "Max", "Laura",
    "Rob", "Anna", "Stefan", "Mila", "Dirk", "Vera", "Karin", "Erik", "Petra", "Sven"};
const std::vector<std::string> kLastNames = {
    "de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "El Amrani", "Yilmaz", "Kaya", "Pinas", "Tan", "Nguyen", "Kramer", "van Dijk", "Verhoeven", "Koster"};

struct Team {
  std::string id, location;
  double bonus = 0;
  std::vector<std::string> employees;  // external ids
};

struct Context {
  const DemoOptions& options;
  Random rng;
  Calendar calendar;  // kDemoTimeZone
  std::vector<Team> teams;
  std::map<std::string, std::string> first_name;  // employee id -> first name
  std::vector<bool> customer_dutch;
  std::vector<std::string> customer_segment;
  std::vector<int> followed_up;  // per customer: 1 after a follow-up call on a bad experience
  int interaction_seq = 0, response_seq = 0, journey_seq = 0;
  int interactions = 0, responses = 0;
  WriteRequest chunk;
  Status status;
};

// A moment within `hours` on the local day of `t`.
Timestamp WithinHours(Context& ctx, Timestamp t, Hours hours) {
  int offset = ctx.calendar.OffsetSpans(t, t).front().offset_seconds;
  Timestamp local_midnight = t + offset - (t + offset) % kDay;
  return local_midnight + hours.open * kHour + ctx.rng.Below((hours.close - hours.open) * kHour) - offset;
}

// The hours an interaction of `type` at `location` happens in; nullptr: any hour.
const Hours* OpeningHours(InteractionType type, const std::string& location) {
  switch (type) {
    case InteractionType::kShopVisit: return &kShopHours;
    case InteractionType::kDelivery: return &kDeliveryHours;
    case InteractionType::kReturn: return location == "contact-centre" ? &kContactCentreHours : &kShopHours;
    case InteractionType::kContactPhone:
    case InteractionType::kContactChat: return &kContactCentreHours;
    default: return nullptr;
  }
}

int Clamp(double v, int lo, int hi) { return std::max(lo, std::min(hi, static_cast<int>(std::lround(v)))); }

std::string Seq(const char* prefix, int n, int width = 7) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%0*d", prefix, width, n);
  return buf;
}

Status Flush(Context& ctx, const std::function<Status(WriteRequest&&)>& sink) {
  if (ctx.chunk.record_count() == 0) return Status::Ok();
  Status s = sink(std::move(ctx.chunk));
  ctx.chunk = WriteRequest{};
  return s;
}

// The answers a customer gives for an experience of latent quality q (roughly -2..2).
Response Answer(Context& ctx, double q, bool contact, int customer) {
  Random& rng = ctx.rng;
  Response r;
  double eff = 3.7 + 0.9 * q + rng.Normal(0, 0.6);
  double ease = 3.6 + 0.8 * q + rng.Normal(0, 0.7);
  double emo = 3.5 + 1.0 * q + rng.Normal(0, 0.7);
  int e = Clamp(eff, 1, 5), a = Clamp(ease, 1, 5), m = Clamp(emo, 1, 5);
  double nps = 6.9 + kEffectivenessWeight * (e - 3) + kEaseWeight * (a - 3) + kEmotionWeight * (m - 3) +
               rng.Normal(0, 0.9) + (ctx.followed_up[customer] ? kRecoveryBonus : 0);
  if (rng.Chance(0.92)) r.answers.nps = Clamp(nps, 0, 10);
  if (rng.Chance(0.65)) r.answers.csat = Clamp(3.8 + 0.9 * q + rng.Normal(0, 0.6), 1, 5);
  if (contact && rng.Chance(0.7)) r.answers.ces = Clamp(5.0 + 1.2 * q + rng.Normal(0, 0.9), 1, 7);
  if (rng.Chance(0.6)) {
    r.answers.effectiveness = e;
    r.answers.ease = a;
    r.answers.emotion = m;
  }
  if (r.answers.empty()) r.answers.nps = Clamp(nps, 0, 10);
  return r;
}

// One interaction, with a response at the configured rate; returns the rated quality.
void Emit(Context& ctx, InteractionType type, const char* comment_kind, Timestamp at, int customer,
          const std::string& location, const std::string& employee, const std::string& journey, double q,
          double response_rate, bool life_event_allowed = true) {
  if (const Hours* hours = OpeningHours(type, location)) at = WithinHours(ctx, at, *hours);
  // Journeys run up to the end of the data: what would happen after it has not happened yet.
  if (at >= ctx.options.end) return;
  Random& rng = ctx.rng;
  Interaction x;
  x.external_id = Seq("I", ++ctx.interaction_seq, 8);
  x.type = type;
  x.occurred_at = at;
  x.customer_ref = Seq("C", customer + 1, 6);
  x.location_ref = location;
  x.employee_ref = employee;
  x.journey_id = journey;
  ctx.chunk.interactions.push_back(x);
  ++ctx.interactions;
  if (!rng.Chance(response_rate)) return;
  bool contact = type == InteractionType::kContactPhone || type == InteractionType::kContactChat ||
                 type == InteractionType::kContactEmail;
  Response r = Answer(ctx, q, contact, customer);
  r.external_id = Seq("R", ++ctx.response_seq, 8);
  r.interaction_ref = x.external_id;
  r.submitted_at = at + kHour + rng.Below(2 * kDay);
  if (r.submitted_at >= ctx.options.end) return;  // not answered yet
  r.channel = type == InteractionType::kShopVisit && rng.Chance(0.4) ? ResponseChannel::kKiosk
              : rng.Chance(0.85)                                     ? ResponseChannel::kWeb
                                                                     : ResponseChannel::kApi;
  if (rng.Chance(0.45)) {
    CommentRequest req;
    req.dutch = ctx.customer_dutch[customer] ? !rng.Chance(0.04) : rng.Chance(0.05);
    req.quality = q;
    req.interaction = comment_kind;
    auto it = ctx.first_name.find(employee);
    if (it != ctx.first_name.end() && q > 0.3 && rng.Chance(0.5)) req.employee_first = it->second;
    req.life_event = life_event_allowed && rng.Chance(kLifeEventShare / 0.45);
    r.comment = WriteComment(rng, req);
  }
  ctx.chunk.responses.push_back(std::move(r));
  ++ctx.responses;
  // Truth 7: detractors get a follow-up call half of the time; later answers remember it.
  const auto& last = ctx.chunk.responses.back();
  if (last.answers.nps && *last.answers.nps <= 6 && !ctx.followed_up[customer] && rng.Chance(kFollowUpShare)) {
    ctx.followed_up[customer] = 1;
    Interaction call;
    call.external_id = Seq("I", ++ctx.interaction_seq, 8);
    call.type = InteractionType::kContactPhone;
    // Within the contact centre's hours of a day after the answer, at most two days after it.
    call.occurred_at = WithinHours(ctx, last.submitted_at + kHour + rng.Below(2 * kDay), kContactCentreHours);
    if (call.occurred_at <= last.submitted_at) call.occurred_at += kDay;
    if (call.occurred_at >= ctx.options.end) return;
    call.customer_ref = x.customer_ref;
    call.location_ref = "contact-centre";
    const Team& cc = ctx.teams[7];
    call.employee_ref = cc.employees[1 + rng.Below(kEmployeesPerTeam - 1)];
    call.journey_id = journey;
    ctx.chunk.interactions.push_back(call);
    ++ctx.interactions;
  }
}

std::string Staff(Context& ctx, const Team& team) { return team.employees[1 + ctx.rng.Below(kEmployeesPerTeam - 1)]; }

void WebshopJourney(Context& ctx, int customer, Timestamp start, double base, double rate) {
  Random& rng = ctx.rng;
  std::string journey = Seq("J", ++ctx.journey_seq, 7);
  bool bad_end = rng.Chance(kBadEndShare);
  const Team& web = ctx.teams[6];
  const Team& cc = ctx.teams[7];
  double q_order = bad_end ? 1.3 : base + rng.Normal(0.2, 0.5);
  Emit(ctx, InteractionType::kOrder, "order", start, customer, "webshop", "", journey, q_order, rate);
  Timestamp delivered = start + kDay * (1 + rng.Below(bad_end ? 9 : 4));
  double q_delivery = bad_end ? -0.2 : base + rng.Normal(0.1, 0.7);
  Emit(ctx, InteractionType::kDelivery, "delivery", delivered, customer, "webshop", "", journey, q_delivery, rate);
  if (bad_end || rng.Chance(0.12)) {
    // The rude return of a bad-end journey happens at a shop's return desk (never at one of
    // the two good teams, which would blur truth 2).
    bool in_shop = bad_end || rng.Chance(0.3);
    int shop = rng.Below(6);
    if (bad_end && shop == kGoodShop) shop = (shop + 1) % 6;
    const Team& team = in_shop ? ctx.teams[shop] : cc;
    double q_return = bad_end ? -1.8 : base + team.bonus + rng.Normal(0, 0.7);
    Emit(ctx, InteractionType::kReturn, "return", delivered + kDay * (2 + rng.Below(10)), customer,
         in_shop ? team.location : "contact-centre", Staff(ctx, team), journey, q_return, bad_end ? 0.9 : rate);
  } else if (rng.Chance(0.15)) {
    double q = base + cc.bonus + rng.Normal(-0.1, 0.7);
    Emit(ctx, InteractionType::kContactChat, "contact", delivered + kDay, customer, "contact-centre", Staff(ctx, cc),
         journey, q, rate);
  }
  (void)web;
}

void ShopJourney(Context& ctx, int customer, Timestamp start, double base, double rate) {
  Random& rng = ctx.rng;
  std::string journey = Seq("J", ++ctx.journey_seq, 7);
  const Team& team = ctx.teams[rng.Below(6)];
  double q = base + team.bonus + rng.Normal(0, 0.7);
  Emit(ctx, InteractionType::kShopVisit, "shop_visit", start, customer, team.location, Staff(ctx, team), journey, q, rate);
  if (rng.Chance(0.08)) {
    double qr = base + team.bonus + rng.Normal(-0.2, 0.7);
    Emit(ctx, InteractionType::kReturn, "return", start + kDay * (3 + rng.Below(20)), customer, team.location,
         Staff(ctx, team), journey, qr, rate);
  }
}

void ContactJourney(Context& ctx, int customer, Timestamp start, double base, double rate) {
  Random& rng = ctx.rng;
  std::string journey = Seq("J", ++ctx.journey_seq, 7);
  const Team& cc = ctx.teams[7];
  static const InteractionType kinds[] = {InteractionType::kContactPhone, InteractionType::kContactChat,
                                          InteractionType::kContactEmail};
  bool repeat = rng.Chance(kRepeatContactShare);
  double q = base + cc.bonus + rng.Normal(repeat ? -0.6 : 0, 0.7);
  Emit(ctx, kinds[rng.Below(3)], "contact", start, customer, "contact-centre", Staff(ctx, cc), journey, q, rate);
  if (repeat) {  // truth 6: the same question again within a few days
    Emit(ctx, kinds[rng.Below(3)], "contact", start + kDay * (1 + rng.Below(4)), customer, "contact-centre",
         Staff(ctx, cc), journey, q - 0.5, rate);
  }
}

WriteRequest Organisation(Context& ctx) {
  WriteRequest w;
  w.locations.push_back({0, "webshop", "Webshop huisenhaard.nl", LocationKind::kWebshop, "online", ""});
  for (const auto& s : kShops) w.locations.push_back({0, s.id, s.name, LocationKind::kShop, "in-store", s.city});
  w.locations.push_back({0, "contact-centre", "Klantenservice Zwolle", LocationKind::kContactCentre, "phone", "Zwolle"});
  for (const auto& s : kShops) {
    std::string city = s.city;
    ctx.teams.push_back({"team-" + std::string(s.id).substr(5), s.id, city == "Utrecht" ? kGoodTeamBonus : 0.0, {}});
  }
  ctx.teams.push_back({"team-webshop", "webshop", 0.0, {}});
  ctx.teams.push_back({"team-klantenservice", "contact-centre", kGoodTeamBonus, {}});
  int n = 0;
  for (auto& team : ctx.teams) {
    Team t;
    std::string name = team.id == "team-webshop" ? "Team Webshop"
                       : team.id == "team-klantenservice" ? "Team Klantenservice"
                                                          : "Team " + team.location.substr(5);
    if (name.size() > 5 && name[5] >= 'a' && name[5] <= 'z') name[5] = static_cast<char>(name[5] - 'a' + 'A');
    w.teams.push_back({0, team.id, name, team.location, std::nullopt});
    for (int i = 0; i < kEmployeesPerTeam; ++i, ++n) {
      Employee e;
      e.external_id = Seq("E", n + 1, 3);
      e.first_name = kFirstNames[n % kFirstNames.size()];
      e.last_name = kLastNames[(n * 7) % kLastNames.size()];
      e.email = "medewerker" + std::to_string(n + 1) + "@huisenhaard.example";
      e.role = i == 0 ? Role::kManager : (team.id == "team-webshop" && i < 3 ? Role::kAdmin : Role::kEmployee);
      e.team_ref = team.id;
      e.location_ref = team.location;
      team.employees.push_back(e.external_id);
      ctx.first_name[e.external_id] = e.first_name;
      w.employees.push_back(std::move(e));
    }
  }
  for (int c = 0; c < ctx.options.customers; ++c) {
    Customer cust;
    cust.external_id = Seq("C", c + 1, 6);
    bool dutch = ctx.rng.Chance(0.75);
    ctx.customer_dutch.push_back(dutch);
    cust.language = dutch ? "nl" : "en";
    double s = ctx.rng.Real();
    cust.segment = s < 0.08 ? "gold" : s < 0.30 ? "silver" : "regular";
    ctx.customer_segment.push_back(cust.segment);
    if (ctx.rng.Chance(0.3)) {
      cust.name = ctx.rng.Pick(kFirstNames) + " " + ctx.rng.Pick(kLastNames);
      cust.email = "klant" + std::to_string(c + 1) + "@example.nl";
    }
    w.customers.push_back(std::move(cust));
  }
  ctx.followed_up.assign(ctx.options.customers, 0);
  return w;
}

}  // namespace

Status GenerateDemo(const DemoOptions& options, const std::function<Status(WriteRequest&&)>& sink) {
  if (options.customers < 1 || options.interactions < 1 || options.responses < 0) {
    return Status::InvalidArgument("the demo needs at least one customer and one interaction");
  }
  auto calendar = Calendar::InZone(kDemoTimeZone);
  if (!calendar.ok()) return calendar.status();
  Context ctx{options, Random(options.seed), *calendar, {}, {}, {}, {}, {}, 0, 0, 0, 0, 0, {}, {}};
  PEAKEND_RETURN_IF_ERROR(sink(Organisation(ctx)));
  // About 1.25 interactions per journey answered at this rate gives the responses asked for.
  double rate = std::min(1.0, 1.05 * options.responses / static_cast<double>(options.interactions));
  Timestamp start = options.end - 365LL * kDay;
  while (ctx.interactions < options.interactions) {
    int customer = ctx.rng.Below(options.customers);
    Timestamp at = start + static_cast<Timestamp>(ctx.rng.Real() * 365.0 * kDay);
    double base = ctx.rng.Normal(0.15, 0.5);
    double pick = ctx.rng.Real();
    if (pick < 0.5) WebshopJourney(ctx, customer, at, base, rate);
    else if (pick < 0.8) ShopJourney(ctx, customer, at, base, rate);
    else ContactJourney(ctx, customer, at, base, rate);
    if (ctx.chunk.record_count() >= options.chunk_records) PEAKEND_RETURN_IF_ERROR(Flush(ctx, sink));
  }
  return Flush(ctx, sink);
}

std::string DescribeTruths() {
  char buf[1600];
  std::snprintf(buf, sizeof buf,
                "Truths built into the demo data:\n"
                "1. Emotion drives loyalty: NPS weighs Emotion %.2f per point, Ease %.2f, Effectiveness %.2f.\n"
                "2. Team Utrecht and Team Klantenservice serve with +%.1f latent quality.\n"
                "3. %.0f%% of webshop journeys: great order, late delivery, rude return (bad end).\n"
                "4. About 1 in %.0f comments mentions a life event, often with a circumstance.\n"
                "5. Promoters who hit a bad-end journey fall to detractor.\n"
                "6. %.0f%% of contact-centre journeys have a repeat contact within 1-4 days.\n"
                "7. %.0f%% of detractors get a follow-up call; their later NPS is +%.1f points higher.\n",
                kEmotionWeight, kEaseWeight, kEffectivenessWeight, kGoodTeamBonus, kBadEndShare * 100,
                1 / kLifeEventShare, kRepeatContactShare * 100, kFollowUpShare * 100, kRecoveryBonus);
  return buf;
}

}  // namespace peakend::demo
