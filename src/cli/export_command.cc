// `peakend export responses|interactions`: what is stored, for spreadsheets or other tools.
#include <cstdio>

#include "cli/options.h"
#include "ingest/exporter.h"
#include "ingest/validation.h"

namespace peakend::cli {
namespace {

struct ExportArgs {
  std::string kind, format = "csv", output = "-", from, to, location, team, employee, customer, times = "utc";
};

}  // namespace

void AddExportCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "export", "Export stored responses, interactions or cases with all their fields (and custom attributes). "
                "CSV and NDJSON of responses and interactions use Peakend's field names, so `peakend import` reads "
                "them back unchanged; XLSX opens in Excel. `export organisation` writes the locations, teams, "
                "employees and customers as one JSON document for `peakend import organisation` (moving to "
                "another store: organisation first, then interactions, then responses).");
  auto flags = std::make_shared<SettingFlags>(cmd);
  auto args = std::make_shared<ExportArgs>();
  auto csv = std::make_shared<CsvFlags>(cmd);
  cmd->add_option("kind", args->kind, "responses, interactions, cases or organisation")
      ->required()
      ->check(CLI::IsMember({"responses", "interactions", "cases", "organisation"}));
  cmd->add_option("--format", args->format, "csv (UTF-8; see --delimiter and --bom), ndjson or xlsx")
      ->check(CLI::IsMember({"csv", "ndjson", "xlsx"}))
      ->capture_default_str();
  cmd->add_option("--output,-o,--out", args->output, "file to write; '-' is standard output (not for xlsx)")->capture_default_str();
  cmd->add_option("--times", args->times,
                  "utc (ISO 8601, 2026-03-01T08:30:00Z) or local (the time_zone setting's time as spreadsheets "
                  "read it, 2026-03-01 09:30:00; `peakend import --time-zone ZONE` reads it back); csv and xlsx")
      ->check(CLI::IsMember({"utc", "local"}))
      ->capture_default_str();
  cmd->add_option("--since", args->from, "first day included, YYYY-MM-DD");
  cmd->add_option("--until", args->to, "first day excluded, YYYY-MM-DD");
  cmd->add_option("--location", args->location, "only this location (external id)");
  cmd->add_option("--team", args->team, "only this team (external id)");
  cmd->add_option("--employee", args->employee, "only this employee (external id; for cases, the assignee)");
  cmd->add_option("--customer", args->customer, "only this customer (external id)");
  cmd->callback([flags, args, csv] {
    auto config = flags->Load();
    if (!config.ok()) Fail(config.status());
    config->Set("text.enabled", "false", "default");
    auto app = OpenApp(*config, OpenMode::kExisting);
    if (!app.ok()) Fail(app.status());
    RecordFilter filter;
    filter.location_ref = args->location;
    filter.team_ref = args->team;
    filter.employee_ref = args->employee;
    filter.customer_ref = args->customer;
    for (auto [text, target, name] : {std::tuple{&args->from, &filter.from, "--since"}, std::tuple{&args->to, &filter.to, "--until"}}) {
      if (text->empty()) continue;
      auto t = ingest::ParseTime(name, *text, &(*app)->calendar);  // a date is the organisation's midnight
      if (!t.ok()) Fail(Status::InvalidArgument(std::string(name) + " '" + *text + "' is not a date; use YYYY-MM-DD"));
      *target = *t;
    }
    if (filter.from && filter.to && *filter.from >= *filter.to) {
      Fail(Status::InvalidArgument("--since must be before --until: --until is the first day left out"));
    }
    auto format = args->format == "xlsx" ? ingest::ExportFormat::kXlsx
                  : args->format == "ndjson" ? ingest::ExportFormat::kNdjson : ingest::ExportFormat::kCsv;
    auto kind = args->kind == "interactions" ? ingest::RecordKind::kInteraction : ingest::RecordKind::kResponse;
    if (args->kind == "organisation" && (args->format != "csv" || csv->given())) {
      Fail(Status::InvalidArgument("the organisation is exported as JSON; leave out --format, --delimiter and --bom"));
    }
    if (args->format != "csv" && csv->given()) {
      Fail(Status::InvalidArgument("--delimiter and --bom shape a CSV; leave them out for --format " + args->format));
    }
    if (args->times != "utc" && (args->format == "ndjson" || args->kind == "organisation")) {
      Fail(Status::InvalidArgument("--times shapes the cells of a CSV or XLSX; JSON keeps UTC, so leave it out"));
    }
    ingest::CsvStyle style = csv->StyleOrFail(args->output);
    ingest::TimeStyle times;
    if (args->times == "local") times.local = &(*app)->calendar;
    // Cases by the same flags: the location, team, employee (the assignee) and customer named,
    // opened in [--since, --until).
    CaseFilter cases;
    cases.location_ref = filter.location_ref;
    cases.team_ref = filter.team_ref;
    cases.assignee_ref = filter.employee_ref;
    cases.customer_ref = filter.customer_ref;
    cases.created_from = filter.from;
    cases.created_to = filter.to;
    if (args->kind == "cases") FailOnUnknownCaseRefs(*(*app)->store, cases);
    auto summary = args->kind == "organisation" ? ingest::ExportOrganisation(*(*app)->store, args->output)
                   : args->kind == "cases"      ? ingest::ExportCases(*(*app)->store, cases, format, args->output, style, times)
                                                : ingest::Export(*(*app)->store, kind, filter, format, args->output, style, times);
    if (!summary.ok()) Fail(summary.status());
    if (args->output != "-") {
      std::printf("Exported %llu %s to %s\n", static_cast<unsigned long long>(summary->records),
                  args->kind == "organisation" ? "locations, teams, employees and customers" : args->kind.c_str(),
                  args->output.c_str());
    }
  });
}

}  // namespace peakend::cli
