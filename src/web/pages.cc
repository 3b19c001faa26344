#include "web/pages.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include "app/group_names.h"
#include "app/score_queries.h"
#include "core/time.h"
#include "scores/aspect_trend.h"
#include "scores/grouping.h"
#include "scores/metrics.h"
#include "web/html.h"

namespace peakend::web {
namespace {

constexpr int kChartWidth = 720;
constexpr int kChartHeight = 220;
constexpr int kChartPadding = 36;
// Month labels under the chart: at most this many, so that a long history stays readable.
constexpr std::size_t kMaxChartLabels = 12;
// The page runs no script of its own and loads nothing but what it calls on its own API: its
// policy says so, and no other site may frame it.
constexpr const char* kPagePolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

const char* kStyle = R"css(
  :root { --ink:#1d2733; --muted:#5d6b7a; --line:#e3e8ee; --accent:#0b6e4f; --bad:#b3261e; }
  body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0; background:#f7f9fb; }
  header { background: var(--ink); color: #fff; padding: 14px 28px; }
  header h1 { margin: 0; font-size: 20px; } header p { margin: 2px 0 0; color: #c9d3dd; font-size: 13px; }
  main { padding: 20px 28px; max-width: 1100px; }
  .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin-bottom: 22px; }
  .tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; }
  .tile .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
  .tile .value { font-size: 26px; font-weight: 600; } .tile .sub { color: var(--muted); font-size: 12px; }
  table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
  th, td { padding: 8px 10px; border-bottom: 1px solid var(--line); text-align: right; }
  th:first-child, td:first-child { text-align: left; } th { color: var(--muted); font-weight: 600; font-size: 13px; }
  .low { color: var(--muted); font-style: italic; } .neg { color: var(--bad); } .pos { color: var(--accent); }
  caption { text-align: left; color: var(--muted); font-size: 13px; padding: 0 0 6px; }
  section { margin-bottom: 28px; } h2 { font-size: 17px; margin: 0 0 10px; }
  svg { max-width: 100%; height: auto; } svg text { font-size: 11px; fill: var(--muted); }
  td:first-child { overflow-wrap: anywhere; } .wide { overflow-x: auto; }
  @media (max-width: 600px) { main { padding: 14px 10px; } header { padding: 12px 14px; } th, td { padding: 6px 5px; } }
)css";

std::string NpsClass(const scores::NpsResult& nps) {
  if (nps.n == 0) return "";
  if (nps.low_confidence) return "low";
  return nps.value < 0 ? "neg" : "pos";
}

// A value only where there were answers; "—" otherwise, never a misleading zero.
std::optional<double> When(std::int64_t n, double value) { return n > 0 ? std::optional<double>(value) : std::nullopt; }

std::string Tile(const std::string& label, const std::string& value, const std::string& sub, const std::string& id) {
  return "<div class=\"tile\" data-testid=\"" + id + "\"><div class=\"label\">" + Escape(label) +
         "</div><div class=\"value\">" + value + "</div><div class=\"sub\">" + sub + "</div></div>";
}

// A line chart of monthly NPS with its confidence band, as inline SVG (no script needed).
std::string TrendChart(const std::vector<scores::GroupScores>& months) {
  std::ostringstream svg;
  svg << "<svg role=\"img\" aria-label=\"NPS per month\" width=\"" << kChartWidth << "\" height=\"" << kChartHeight
      << "\" viewBox=\"0 0 " << kChartWidth << ' ' << kChartHeight << "\">";
  std::vector<const scores::GroupScores*> points;
  for (const auto& m : months)
    if (m.scores.nps.n > 0) points.push_back(&m);
  if (points.empty()) {
    return "<p class=\"low\">No NPS answers yet.</p>";
  }
  double lo = -100, hi = 100;
  auto y = [&](double v) { return kChartHeight - kChartPadding - (v - lo) / (hi - lo) * (kChartHeight - 2 * kChartPadding); };
  double step = points.size() > 1 ? double(kChartWidth - 2 * kChartPadding) / (points.size() - 1) : 0;
  auto x = [&](std::size_t i) { return kChartPadding + i * step; };
  for (int v : {-100, -50, 0, 50, 100}) {
    svg << "<line x1=\"" << kChartPadding << "\" x2=\"" << kChartWidth - kChartPadding << "\" y1=\"" << y(v)
        << "\" y2=\"" << y(v) << "\" stroke=\"#e3e8ee\"/><text x=\"2\" y=\"" << y(v) + 4 << "\">" << v << "</text>";
  }
  std::ostringstream band_top, band_bottom, line;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& nps = points[i]->scores.nps;
    band_top << (i ? " L" : "M") << x(i) << ',' << y(nps.ci_high);
    line << (i ? " L" : "M") << x(i) << ',' << y(nps.value);
  }
  for (std::size_t i = points.size(); i-- > 0;) band_bottom << " L" << x(i) << ',' << y(points[i]->scores.nps.ci_low);
  svg << "<path d=\"" << band_top.str() << band_bottom.str() << " Z\" fill=\"#0b6e4f\" fill-opacity=\"0.12\"/>";
  svg << "<path d=\"" << line.str() << "\" fill=\"none\" stroke=\"#0b6e4f\" stroke-width=\"2\"/>";
  const std::size_t label_every = (points.size() + kMaxChartLabels - 1) / kMaxChartLabels;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& nps = points[i]->scores.nps;
    svg << "<circle cx=\"" << x(i) << "\" cy=\"" << y(nps.value) << "\" r=\"3\" fill=\"#0b6e4f\"><title>"
        << Escape(points[i]->period_key) << ": NPS " << Signed(nps.value) << " (n=" << nps.n << ")</title></circle>";
    if (i % label_every == 0 || i + 1 == points.size()) {
      svg << "<text x=\"" << x(i) - 18 << "\" y=\"" << kChartHeight - 10 << "\">" << Escape(points[i]->period_key)
          << "</text>";
    }
  }
  svg << "</svg>";
  return svg.str();
}

// The aspects Peakend's own lexicons name, as a manager reads them; an aspect from a user's
// lexicon shows its name with spaces.
std::string AspectLabel(const std::string& aspect) {
  static const std::map<std::string, std::string> kLabels = {
      {"delivery", "Delivery"},
      {"waiting_time", "Waiting time"},
      {"staff_friendliness", "Staff friendliness"},
      {"staff_knowledge", "Staff knowledge"},
      {"price_value", "Price and value"},
      {"product_quality", "Product quality"},
      {"returns_refunds", "Returns and refunds"},
      {"communication", "Communication"},
      {"shop_appearance", "Shop appearance and cleanliness"},
      {"ordering_website", "Ordering and website"}};
  if (auto it = kLabels.find(aspect); it != kLabels.end()) return it->second;
  std::string label = aspect;
  std::replace(label.begin(), label.end(), '_', ' ');
  return label;
}

// A change in net sentiment this large between two periods is worth a manager's eye, when
// both periods have at least kMinMentionsForChange mentions; fewer swing by chance.
constexpr double kNotableNetChange = 10;
constexpr int kMinMentionsForChange = 10;
// What customers write about is read over a rolling window of this many days against as many
// days before it, so it holds as many days whenever it is read: the latest calendar month
// read on its first day holds a day against a whole month.
constexpr int kAspectWindowDays = 30;

std::string DayText(std::int64_t local_day) { return FormatDate(local_day * kSecondsPerDay); }

// The last day of the aspects' window: today, or the day of the latest response when none has
// come in since (a store of past data, such as the demo's), so that the window holds the latest
// comments rather than the empty days after them. nullopt when there are no responses.
std::optional<std::int64_t> AspectWindowEnd(const std::vector<DayTally>& days, std::int64_t today) {
  if (days.empty()) return std::nullopt;
  std::int64_t latest = std::max_element(days.begin(), days.end(), [](const DayTally& a, const DayTally& b) {
                          return a.local_day < b.local_day;
                        })->local_day;
  return std::min(latest, today);
}

// A link to the aspects of [first_day, last_day] as JSON, over the API's own filter.
std::string AspectsLink(std::int64_t first_day, std::int64_t last_day, const std::string& text) {
  return "<a href=\"/api/v1/text/aspects?period=all&amp;from=" + DayText(first_day) + "&amp;to=" +
         DayText(last_day + 1) + "\">" + text + "</a>";
}

// What customers wrote about in the kAspectWindowDays days up to `last_day` (today, or the day
// of the latest response), against the as many days before; the caption names the days.
std::string AspectSection(const std::vector<scores::AspectChange>& changes, std::int64_t last_day,
                          std::int64_t today) {
  const std::int64_t first_day = last_day - kAspectWindowDays + 1;
  const std::int64_t previous_first = first_day - kAspectWindowDays, previous_last = first_day - 1;
  const std::string days = std::to_string(kAspectWindowDays) + " days";
  const bool up_to_today = last_day == today;
  const std::string window = up_to_today ? "the last " + days + ", " + DayText(first_day) + " to today (" +
                                               DayText(last_day) + ")"
                                         : "the " + days + " up to the latest response, " + DayText(first_day) +
                                               " to " + DayText(last_day);
  std::ostringstream html;
  html << "<section><h2>What customers write about</h2>";
  if (changes.empty()) {
    html << "<p class=\"low\">No comments with an aspect in " << window << ".</p></section>";
    return html.str();
  }
  html << "<div class=\"wide\"><table id=\"aspects\"><caption>Mentions in " << window << ", against the " << days << " before, "
       << DayText(previous_first) << " to " << DayText(previous_last) << ".</caption><thead><tr><th>Aspect ("
       << (up_to_today ? "last " + days : days + " to " + DayText(last_day)) << ")</th><th>Mentions</th>"
       << "<th>Net sentiment</th><th>" << days << " before</th><th>Change</th></tr></thead><tbody>";
  for (const auto& c : changes) {
    double net = c.latest.NetSentiment();
    std::optional<double> before = c.previous ? std::optional<double>(c.previous->NetSentiment()) : std::nullopt;
    std::optional<double> change = before ? std::optional<double>(net - *before) : std::nullopt;
    bool enough = c.previous && std::min(c.latest.volume, c.previous->volume) >= kMinMentionsForChange;
    bool notable = enough && change && std::abs(*change) >= kNotableNetChange;
    std::string trend = !notable ? (change && !enough ? " *" : "") : *change < 0 ? " ▼" : " ▲";
    html << "<tr data-aspect=\"" << Escape(c.latest.aspect) << "\"><td>" << Escape(AspectLabel(c.latest.aspect))
         << "</td><td>" << c.latest.volume << "</td><td class=\"" << (net < 0 ? "neg" : net > 0 ? "pos" : "") << "\">"
         << Signed(net) << "</td><td>" << Signed(before) << "</td><td class=\""
         << (!change ? "" : !enough ? "low" : !notable ? "" : *change < 0 ? "neg" : "pos") << "\">" << Signed(change)
         << trend << "</td></tr>";
  }
  html << "</tbody></table></div><p class=\"low\">Net sentiment: positive minus negative mentions, in percent of all. * "
       << "fewer than " << kMinMentionsForChange << " mentions in one of the two periods: read with care. As JSON: "
       << AspectsLink(first_day, last_day, "these " + days) << ", "
       << AspectsLink(previous_first, previous_last, "the " + days + " before") << ", or "
       << "<a href=\"/api/v1/text/aspects?period=month\">per month</a></p></section>";
  return html.str();
}

http::Response Overview(App& app) {
  http::Response res;
  res.content_type = "text/html; charset=utf-8";
  auto org = app.store->GetOrganisation();
  // One tally per location and day gives the tiles, the table and the months alike.
  auto days = app.store->DayTallies({}, TallyGroup::kLocation, &app.calendar);
  if (!days.ok() || !org.ok()) {
    res.status = 503;
    res.body = "<!doctype html><p>The store cannot be read right now. Check the server log.</p>";
    return res;
  }
  auto names = GroupNames(*app.store, scores::GroupBy::kLocation);
  const std::int64_t today = app.calendar.LocalDay(NowUtc());
  const std::optional<std::int64_t> aspects_end = AspectWindowEnd(*days, today);
  Result<std::vector<scores::AspectChange>> aspects = std::vector<scores::AspectChange>{};
  if (aspects_end) aspects = AspectWindowOf(*app.store, *aspects_end, kAspectWindowDays, app.calendar);

  auto overall = scores::ScoreTallies(*days, scores::GroupBy::kNone, Period::kAll);
  auto by_location = scores::ScoreTallies(*days, scores::GroupBy::kLocation, Period::kAll);
  auto by_month = scores::ScoreTallies(*days, scores::GroupBy::kNone, Period::kMonth);
  // Locations whose NPS rests on enough answers first, then those to read with care, then those
  // without NPS answers; each by NPS, best first.
  auto rank = [](const scores::NpsResult& nps) { return nps.n == 0 ? 2 : nps.low_confidence ? 1 : 0; };
  std::stable_sort(by_location.begin(), by_location.end(), [&](const auto& a, const auto& b) {
    if (rank(a.scores.nps) != rank(b.scores.nps)) return rank(a.scores.nps) < rank(b.scores.nps);
    return a.scores.nps.value > b.scores.nps.value;
  });

  std::ostringstream html;
  html << "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
          "content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\"><title>"
       << Escape(org->name) << " · Peakend overview</title><style>" << kStyle << "</style></head><body>";
  std::int64_t responses = overall.empty() ? 0 : overall.front().scores.responses;
  html << "<header><h1>" << Escape(org->name) << "</h1><p>Customer experience overview · " << responses
       << " responses</p></header><main>";
  if (!overall.empty()) {
    const auto& s = overall.front().scores;
    html << "<div class=\"tiles\">"
         << Tile("NPS", Signed(When(s.nps.n, s.nps.value)),
                 "±" + Fixed(When(s.nps.n, s.nps.margin_of_error)) + " · n=" + std::to_string(s.nps.n), "tile-nps")
         << Tile("CSAT", Fixed(When(s.csat.n, s.csat.top2_percent), 1, "%"), "top-2 box · n=" + std::to_string(s.csat.n),
                 "tile-csat")
         << Tile("CES", Fixed(When(s.ces.n, s.ces.mean), 2), "of 7 (7 = very easy) · n=" + std::to_string(s.ces.n),
                 "tile-ces")
         << Tile("CX index", Signed(When(s.cx_index.components, s.cx_index.index)),
                 "effectiveness · ease · emotion · n=" + std::to_string(s.cx_index.n), "tile-cx")
         << "</div>";
  } else {
    html << "<p>No feedback yet. Post responses to <code>/api/v1/responses</code> or run <code>peakend import</code>.</p>";
  }
  html << "<section><h2>Scores per location</h2>";
  if (by_location.empty()) {
    html << "<p class=\"low\">No scores yet: they appear with the first answers.</p></section>";
  } else {
    html << "<div class=\"wide\"><table id=\"locations\"><thead><tr><th>Location</th><th>NPS</th>"
            "<th>±95%</th><th>n (NPS)</th><th>CSAT</th><th>CES</th><th>CX index</th></tr></thead><tbody>";
    for (const auto& g : by_location) {
      const auto& s = g.scores;
      auto it = names.find(g.group_key);
      std::string name = it == names.end() ? (g.group_key.empty() ? "(no location)" : g.group_key) : it->second;
      html << "<tr><td><bdi>" << Escape(name) << "</bdi></td><td class=\"" << NpsClass(s.nps) << "\">"
           << Signed(When(s.nps.n, s.nps.value)) << (s.nps.low_confidence && s.nps.n > 0 ? " *" : "") << "</td><td>"
           << Fixed(When(s.nps.n, s.nps.margin_of_error)) << "</td><td>" << s.nps.n << "</td><td>"
           << Fixed(When(s.csat.n, s.csat.top2_percent), 1, "%") << "</td><td>" << Fixed(When(s.ces.n, s.ces.mean), 2)
           << "</td><td>" << Signed(When(s.cx_index.components, s.cx_index.index)) << "</td></tr>";
    }
    html << "</tbody></table></div><p class=\"low\">* fewer than 30 answers: read with care.</p></section>";
  }
  html << "<section><h2>NPS per month</h2>" << TrendChart(by_month) << "</section>";
  if (!aspects_end) {
    html << "<section><h2>What customers write about</h2><p class=\"low\">No comments with an aspect yet.</p></section>";
  } else if (aspects.ok()) {
    html << AspectSection(*aspects, *aspects_end, today);
  } else {
    html << "<section><h2>What customers write about</h2><p class=\"low\">The comments' aspects cannot be read right "
            "now. Check the server log.</p></section>";
  }
  html << "<p class=\"low\">Data as JSON: <a href=\"/api/v1/scores?group=location&amp;period=month\">/api/v1/scores</a></p>";
  html << "</main></body></html>";
  res.body = html.str();
  res.headers.emplace("Content-Security-Policy", kPagePolicy);
  return res;
}

}  // namespace

void RegisterPages(http::Server& server, App& app) {
  server.Route("GET", "/", [&app](const http::Request&) { return Overview(app); });
}

}  // namespace peakend::web
