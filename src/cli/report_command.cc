// `peakend report`: a score table for a grouping and period, as text, CSV or JSON.
#include <algorithm>
#include <cstdio>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/group_names.h"
#include "app/score_queries.h"
#include "cli/options.h"
#include "ingest/csv_reader.h"
#include "ingest/validation.h"
#include "scores/grouping.h"
#include "scores/json.h"
#include "web/html.h"

namespace peakend::cli {
namespace {

struct ReportArgs {
  std::string group = "location";
  std::string period = "month";
  std::string format = "text";
  std::string from, to, location, team, employee;
  bool decimal_comma = false;  // CSV numbers as a comma-decimal locale's spreadsheet reads them
};

void Run(App& app, const ReportArgs& args, const ingest::CsvStyle& csv_style) {
  auto group = scores::ParseGroupBy(args.group);
  if (!group) Fail(Status::InvalidArgument("--group '" + args.group + "': use none, location, team, employee, channel or interaction_type"));
  auto period = ParsePeriod(args.period);
  if (!period) Fail(Status::InvalidArgument("--period '" + args.period + "': use day, week, month or all"));
  RecordFilter filter;
  filter.location_ref = args.location;
  filter.team_ref = args.team;
  filter.employee_ref = args.employee;
  for (auto [text, target, name] : {std::tuple{&args.from, &filter.from, "--from"}, std::tuple{&args.to, &filter.to, "--to"}}) {
    if (text->empty()) continue;
    auto t = ingest::ParseTime(name, *text, &app.calendar);  // a date is the organisation's midnight
    if (!t.ok()) Fail(Status::InvalidArgument(std::string(name) + " '" + *text + "' is not a date; use YYYY-MM-DD"));
    *target = *t;
  }
  if (filter.from && filter.to && *filter.from >= *filter.to) {
    Fail(Status::InvalidArgument("--from must be before --to: --to is the first day left out"));
  }
  auto scored = ScoreGroups(*app.store, filter, *group, *period, app.calendar);
  if (!scored.ok()) Fail(scored.status());
  const std::vector<scores::GroupScores>& groups = *scored;
  auto names = GroupNames(*app.store, *group);
  auto name_of = [&](const std::string& key) {
    auto it = names.find(key);
    return it == names.end() ? (key.empty() ? std::string("(none)") : key) : it->second;
  };

  if (args.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& g : groups) {
      auto row = scores::ToJson(g.scores);
      row["group"] = g.group_key;
      row["group_name"] = name_of(g.group_key);
      row["period"] = g.period_key;
      out.push_back(std::move(row));
    }
    std::printf("%s\n", out.dump(2).c_str());
    return;
  }
  if (args.format == "csv") {
    ingest::CsvWriter csv(stdout, csv_style);
    csv.Row({"group", "period", "nps", "nps_moe", "nps_n", "csat_top2", "csat_n", "ces_mean", "ces_n", "cx_index",
             "low_confidence"});
    for (const auto& g : groups) {
      const auto& s = g.scores;
      // A score without answers is an empty cell, not 0: a spreadsheet must not average it in.
      auto cell = [&](bool answered, const char* format, double value) {
        if (!answered) return std::string();
        std::string number = fmt::format(fmt::runtime(format), value);
        if (args.decimal_comma) std::replace(number.begin(), number.end(), '.', ',');
        return number;
      };
      csv.Row({name_of(g.group_key), g.period_key, cell(s.nps.n > 0, "{:.2f}", s.nps.value),
               cell(s.nps.n > 0, "{:.2f}", s.nps.margin_of_error), std::to_string(s.nps.n),
               cell(s.csat.n > 0, "{:.2f}", s.csat.top2_percent), std::to_string(s.csat.n),
               cell(s.ces.n > 0, "{:.3f}", s.ces.mean), std::to_string(s.ces.n),
               cell(s.cx_index.components > 0, "{:.2f}", s.cx_index.index), s.nps.low_confidence ? "yes" : "no"});
    }
    std::fflush(stdout);
    return;
  }
  if (args.format != "text") Fail(Status::InvalidArgument("--format '" + args.format + "': use text, csv or json"));
  std::printf("%-28s %-9s %8s %7s %6s %7s %6s %9s\n", args.group.c_str(), "period", "NPS", "±95%", "n", "CSAT",
              "CES", "CX index");
  for (const auto& g : groups) {
    const auto& s = g.scores;
    std::printf("%-28.28s %-9s %8s %7s %6lld %7s %6s %9s%s\n", name_of(g.group_key).c_str(), g.period_key.c_str(),
                web::Signed(s.nps.n ? std::optional(s.nps.value) : std::nullopt).c_str(),
                web::Fixed(s.nps.n ? std::optional(s.nps.margin_of_error) : std::nullopt).c_str(),
                static_cast<long long>(s.nps.n),
                web::Fixed(s.csat.n ? std::optional(s.csat.top2_percent) : std::nullopt, 1, "%").c_str(),
                web::Fixed(s.ces.n ? std::optional(s.ces.mean) : std::nullopt, 2).c_str(),
                web::Signed(s.cx_index.n ? std::optional(s.cx_index.index) : std::nullopt).c_str(),
                s.nps.low_confidence && s.nps.n ? "  (n<30)" : "");
  }
}

}  // namespace

void AddReportCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand("report", "Print scores (NPS, CSAT, CES, CX index with 95% intervals) per group and period.");
  auto flags = std::make_shared<SettingFlags>(cmd);
  auto args = std::make_shared<ReportArgs>();
  auto csv = std::make_shared<CsvFlags>(cmd);
  cmd->add_option("--group", args->group, "none, location, team, employee, channel or interaction_type")->capture_default_str();
  cmd->add_option("--period", args->period, "day, week (ISO), month or all")->capture_default_str();
  cmd->add_option("--format", args->format, "text (aligned table), csv (for spreadsheets) or json")->capture_default_str();
  cmd->add_option("--from", args->from, "first day included, YYYY-MM-DD");
  cmd->add_option("--to", args->to, "first day excluded, YYYY-MM-DD");
  cmd->add_option("--location", args->location, "only this location (external id)");
  cmd->add_option("--team", args->team, "only this team (external id)");
  cmd->add_option("--employee", args->employee, "only this employee (external id)");
  cmd->add_flag("--decimal-comma", args->decimal_comma,
                "CSV numbers with a decimal comma (12,50), as Excel reads them in a Dutch, German or French locale; "
                "goes with --delimiter ';'");
  cmd->callback([flags, args, csv] {
    if ((csv->given() || args->decimal_comma) && args->format != "csv") {
      Fail(Status::InvalidArgument("--delimiter, --bom and --decimal-comma shape a CSV; add --format csv"));
    }
    auto config = flags->Load();
    if (!config.ok()) Fail(config.status());
    config->Set("text.enabled", "false", "default");  // reading scores needs no analyzer
    auto app = OpenApp(*config, OpenMode::kExisting);
    if (!app.ok()) Fail(app.status());
    Run(**app, *args, csv->StyleOrFail("-"));
  });
}

}  // namespace peakend::cli
