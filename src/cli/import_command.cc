// `peakend import responses|interactions FILE`: CSV or NDJSON into the store, with a progress
// bar on a terminal, a summary, and a validation report of rejected rows.
#include <unistd.h>

#include <chrono>
#include <optional>
#include <cstdio>
#include <filesystem>
#include <limits>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli/options.h"
#include "http/org_json.h"
#include "ingest/formats/survey_import.h"
#include "ingest/importer.h"
#include "moments/moments_config.h"

namespace peakend::cli {
namespace {

constexpr int kProgressBarWidth = 30;
constexpr std::uintmax_t kBulkLoadBytes = 16 * 1024 * 1024;  // from here on indexes are rebuilt after the load
constexpr std::size_t kErrorsShown = 10;
constexpr Timestamp kSecondsPerDay = 86400;

struct ImportArgs {
  std::string kind;
  std::string file;
  std::vector<std::string> maps;
  bool strict = false;
  std::string report;
  ingest::CsvStyle report_style;  // how the --report CSV is written
  bool quiet = false;
  std::string from;  // "" = Peakend's own columns guessed from the header
  std::string mapping_file, save_mapping;
  std::string id_prefix;  // put before every response id (forms that number their responses 1, 2, 3)
  std::string time_zone;  // of the export's timestamps without one; "" = the export's own or the organisation's
  std::string date_order;  // of its slash dates, "day-first" or "month-first"; "" = as detected or saved
  bool dry_run = false;
  std::string moments = "recent";  // which imported responses are looked at for moments of truth
};

// Imports of history must not flood the inbox with cases about last year; by default only
// responses of the last moments.import_days days are looked at.
void DetectMoments(App& app, const ImportArgs& args, const std::vector<Id>& recent) {
  if (recent.empty()) return;
  std::printf("Looking for moments of truth in %zu %sresponses...\n", recent.size(),
              args.moments == "all" ? "" : "recent ");
  std::fflush(stdout);
  auto before = app.detector->Stats();
  app.detector->Enqueue(recent);
  app.detector->Drain();
  auto after = app.detector->Stats();
  std::printf("%llu cases opened (see `peakend cases list`)\n",
              static_cast<unsigned long long>(after.cases_opened - before.cases_opened));
  if (after.failures > before.failures) {
    std::fprintf(stderr, "detection failed for some responses: %s\n", after.last_error.c_str());
  }
}

void DrawProgress(const ingest::ImportProgress& p, std::chrono::steady_clock::time_point start) {
  double fraction = p.bytes_total ? static_cast<double>(p.bytes_done) / p.bytes_total : 0;
  if (fraction > 1) fraction = 1;
  int filled = static_cast<int>(fraction * kProgressBarWidth);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "\r[%.*s%*s] %3.0f%%  %llu rows  %llu rejected  %.0f rows/s ", filled,
               "##############################", kProgressBarWidth - filled, "", fraction * 100,
               static_cast<unsigned long long>(p.rows_read), static_cast<unsigned long long>(p.rows_rejected),
               seconds > 0 ? p.rows_read / seconds : 0.0);
  std::fflush(stderr);
}

// A column without a header has no name for the proposal to keep it by, and it drops it; what a
// respondent wrote there is kept as the attribute "column N" instead, as the import of Peakend's
// own columns keeps it. A saved mapping says itself what it keeps.
void KeepUnnamedColumns(ingest::SurveyMapping& mapping) {
  for (std::size_t i = 0; i < mapping.columns.size(); ++i) {
    auto& c = mapping.columns[i];
    if (c.header.empty() && c.field.empty()) c.field = ingest::UnnamedColumnField(i);
  }
}

// `import organisation FILE`: the JSON document `export organisation` writes (locations, teams,
// employees and customers, each list as the API takes it), stored in one transaction.
void ImportOrganisation(App& app, const ImportArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) Fail(Status::NotFound("cannot open '" + args.file + "': check that the file exists and is readable"));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    Fail(Status::InvalidArgument("'" + args.file + "' is not a JSON object of locations, teams, employees and "
                                 "customers; write one with `peakend export organisation`"));
  }
  WriteRequest request;
  request.atomicity = Atomicity::kAllOrNothing;
  // Each list decoded as the API decodes it; a refusal names the list and the record.
  auto decode = [](const std::string& key, const std::string& body, auto decoder, auto& into) {
    auto decoded = decoder(body);
    if (!decoded.ok()) Fail(decoded.status().WithContext(key + ": "));
    into = std::move(decoded).value();
  };
  for (const auto& [key, list] : doc.items()) {
    if (key != "locations" && key != "teams" && key != "employees" && key != "customers") {
      Fail(Status::InvalidArgument("unknown list '" + key + "'; the organisation holds locations, teams, employees "
                                   "and customers"));
    }
    // A store may have none of a kind (survey imports make customers, and no teams or
    // employees), and its export then holds an empty list: there is nothing of that kind to
    // store. The API's decoders refuse an empty array, as a POST of nothing is a client's mistake.
    if (list.is_array() && list.empty()) continue;
    std::string body = list.dump();
    if (key == "locations") {
      decode(key, body, http::DecodeLocations, request.locations);
    } else if (key == "teams") {
      decode(key, body, http::DecodeTeams, request.teams);
    } else if (key == "employees") {
      decode(key, body, http::DecodeEmployees, request.employees);
    } else {
      decode(key, body, http::DecodeCustomers, request.customers);
    }
  }
  WriteResult result = app.writer->Write(std::move(request));
  if (!result.status.ok()) Fail(result.status);
  auto counts = [](const std::vector<RecordOutcome>& outcomes) {
    std::size_t created = 0, updated = 0;
    for (const auto& o : outcomes) {
      if (o.created) ++created;
      else if (o.updated) ++updated;
    }
    return std::to_string(created) + " new, " + std::to_string(updated) + " updated, " +
           std::to_string(outcomes.size() - created - updated) + " unchanged";
  };
  std::printf("Locations: %s\nTeams: %s\nEmployees: %s\nCustomers: %s\n", counts(result.locations).c_str(),
              counts(result.teams).c_str(), counts(result.employees).c_str(), counts(result.customers).c_str());
}

void Run(App& app, const ImportArgs& args) {
  if (args.kind == "organisation") return ImportOrganisation(app, args);
  ingest::ImportOptions options;
  options.kind = args.kind == "interactions" ? ingest::RecordKind::kInteraction : ingest::RecordKind::kResponse;
  options.map_overrides = args.maps;
  options.strict = args.strict;
  options.calendar = &app.calendar;
  options.enrich = [&app](Response& r) { return app.enricher->Enrich(r); };
  bool survey = !args.from.empty() || !args.mapping_file.empty() || args.dry_run || !args.save_mapping.empty() ||
                !args.id_prefix.empty() || !args.time_zone.empty() || !args.date_order.empty();
  // Without --from a CSV of responses is read as --from auto reads it, in a dry run and an
  // import alike: another tool's export as that tool's, anything else by Peakend's own columns.
  std::optional<Result<ingest::SurveyMapping>> detected;
  std::string from = args.from;
  if (from.empty() && options.kind == ingest::RecordKind::kResponse && !ingest::IsJsonRecordsFile(args.file)) {
    detected = ingest::LoadOrProposeMapping(args.file, "auto", args.mapping_file);
    if (detected->ok()) {
      survey = survey || (*detected)->format != "generic";
    } else if (survey) {
      detected = ingest::LoadOrProposeMapping(args.file, "generic", args.mapping_file);
    } else {
      detected.reset();  // read by Peakend's own columns below, which names what is wrong
    }
  }
  if (survey) {
    if (options.kind != ingest::RecordKind::kResponse) {
      Fail(Status::InvalidArgument(
          "--from, --mapping, --id-prefix, --time-zone, --date-order and --dry-run apply to survey responses only"));
    }
    auto mapping = detected ? std::move(*detected) : ingest::LoadOrProposeMapping(args.file, from.empty() ? "auto" : from, args.mapping_file);
    if (!mapping.ok()) Fail(mapping.status());
    if (args.mapping_file.empty()) KeepUnnamedColumns(*mapping);
    if (Status overridden = ingest::OverrideColumns(args.maps, *mapping); !overridden.ok()) Fail(overridden);
    // A saved mapping already says how its times are read; a proposed one takes the
    // organisation's time zone for tools that write local times.
    std::string organisation_zone = args.mapping_file.empty() ? app.calendar.zone() : std::string();
    if (Status zoned = ingest::SetTimeZone(args.time_zone, organisation_zone, *mapping); !zoned.ok()) Fail(zoned);
    if (!args.date_order.empty()) {
      // The person importing knows how the export writes its dates; that settles what the first
      // rows or the saved mapping said.
      mapping->date_order = args.date_order == "month-first" ? ingest::DateOrder::kMonthFirst : ingest::DateOrder::kDayFirst;
      mapping->date_order_guessed = false;
      mapping->date_order_reason = "given with --date-order";
    }
    if (!args.id_prefix.empty()) {
      if (Status checked = ingest::CheckIdPrefix(args.id_prefix); !checked.ok()) Fail(checked);
      mapping->id_prefix = args.id_prefix;
    }
    if (!args.save_mapping.empty()) {
      Status saved = ingest::SaveMapping(*mapping, args.save_mapping);
      if (!saved.ok()) Fail(saved);
      std::printf("Mapping saved to %s (edit it, then reuse it with --mapping %s)\n", args.save_mapping.c_str(),
                  args.save_mapping.c_str());
    }
    if (args.dry_run) {
      auto report = ingest::DryRun(args.file, *mapping, options);
      if (!report.ok()) Fail(report.status());
      std::printf("%s", report->c_str());
      return;
    }
    ingest::ApplyMapping(*mapping, options);
    std::printf("%s", ingest::DescribeMapping(*mapping).c_str());
  }
  auto start = std::chrono::steady_clock::now();
  bool tty = isatty(STDERR_FILENO) && !args.quiet;
  if (tty) options.progress = [start](const ingest::ImportProgress& p) { DrawProgress(p, start); };

  // Large files load faster with the secondary indexes rebuilt once at the end.
  std::error_code size_error;
  bool bulk = !args.strict && std::filesystem::file_size(args.file, size_error) >= kBulkLoadBytes && !size_error;
  if (bulk) {
    Status begun = app.store->BeginBulkLoad();
    if (!begun.ok()) Fail(begun);
  }
  std::vector<Id> recent;
  std::uint64_t untimed_not_looked_at = 0;
  Timestamp cutoff = std::numeric_limits<Timestamp>::min();
  if (args.moments == "recent") {
    auto days = moments::ImportDetectionDays(app.config);
    if (!days.ok()) Fail(days.status());
    cutoff = NowUtc() - *days * kSecondsPerDay;
  }
  if (args.moments != "off") {
    // A response whose row gives no time is stored as submitted now; that says nothing of when
    // it was given, so only --moments all looks at it.
    options.on_created = [&](Id id, Timestamp submitted_at, bool timed) {
      if (args.moments == "all" || (timed && submitted_at >= cutoff)) recent.push_back(id);
      else if (!timed) ++untimed_not_looked_at;
    };
  }
  // The responses it will look at are stored as awaiting detection, in the same transaction: an
  // import killed before it has looked at them all leaves them for the next import or server.
  std::vector<Id> left_awaiting;
  if (args.moments != "off") left_awaiting = ResponsesLeftAwaiting(app);
  ingest::ImportSink sink = [&app, &args, cutoff](WriteRequest&& request) {
    request.awaits_detection = args.moments != "off";
    if (args.moments == "recent") request.awaits_detection_since = cutoff;
    return app.writer->Submit(std::move(request));
  };
  auto summary = ingest::ImportFile(args.file, options, sink);
  if (bulk) {
    Status ended = app.store->EndBulkLoad();
    if (!ended.ok()) Fail(ended.WithContext("rebuilding indexes after the import: "));
  }
  if (tty) std::fprintf(stderr, "\n");
  if (!summary.ok()) Fail(summary.status());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const auto& s = *summary;
  if (s.format == "csv") {
    // A survey export's columns were listed with its mapping above.
    std::printf("Read %s as CSV (%s, delimiter '%s')%s", args.file.c_str(), s.encoding.c_str(),
                s.delimiter == '\t' ? "\\t" : std::string(1, s.delimiter).c_str(),
                survey ? "\n" : (", columns:\n" + s.mapping).c_str());
    // A survey export's mapping said so already.
    if (s.content_ids && !survey) std::printf("Ids: %s\n", ingest::ContentIdNote(options.kind).c_str());
  } else {
    std::printf("Read %s as %s\n", args.file.c_str(), s.format == "json" ? "a JSON array" : "NDJSON");
  }
  std::printf("%llu rows read: %llu stored, %llu already present, %llu rejected (%.1f s, %.0f rows/s)\n",
              static_cast<unsigned long long>(s.rows_read), static_cast<unsigned long long>(s.created),
              static_cast<unsigned long long>(s.duplicates), static_cast<unsigned long long>(s.rejected), seconds,
              seconds > 0 ? s.rows_read / seconds : 0.0);
  std::fputs(ingest::DescribeSkipped(s).c_str(), stdout);
  if (s.differing > 0) {
    // A record is kept once; a changed resend is most often an id used twice by mistake.
    bool responses = options.kind == ingest::RecordKind::kResponse;
    std::printf("%llu of the rows already present differ from the stored %s, which are kept as they were "
                "(give a new %s its own external_id):\n",
                static_cast<unsigned long long>(s.differing), responses ? "responses" : "interactions",
                responses ? "answer" : "interaction");
    for (std::size_t i = 0; i < s.differences.size() && i < kErrorsShown; ++i) {
      std::printf("  line %llu: other %s\n", static_cast<unsigned long long>(s.differences[i].line),
                  s.differences[i].reason.c_str());
    }
    if (s.differing > kErrorsShown) {
      std::printf("  ... and %llu more\n", static_cast<unsigned long long>(s.differing - kErrorsShown));
    }
    for (const auto& d : s.differences) {
      if (!ingest::LooksLikeExcelScientificNotation(d.value)) continue;
      std::printf("Hint: Excel turned the ids into scientific notation ('%s' stands for many responses); export "
                  "again from the tool, or format the id column as text in Excel before saving.\n",
                  d.value.c_str());
      break;
    }
  }
  if (!s.committed) std::printf("--strict: nothing was stored because some rows are invalid.\n");
  if (s.untimed > 0) {
    std::fprintf(stderr,
                 "warning: %llu responses were stored as submitted now, at the import, because their rows give no "
                 "time (no column maps to submitted_at, or its cell is empty). If a column holds when they were "
                 "given, map it: --map \"Column=submitted_at\" (try it with --dry-run first).\n",
                 static_cast<unsigned long long>(s.untimed));
  }
  if (!left_awaiting.empty()) {
    std::printf("%zu responses stored earlier were never looked at for moments of truth (a stop or crash came "
                "first): they are looked at now\n",
                left_awaiting.size());
    recent.insert(recent.begin(), left_awaiting.begin(), left_awaiting.end());
  }
  if (s.committed || !left_awaiting.empty()) DetectMoments(app, args, recent);
  if (s.committed && untimed_not_looked_at > 0) {
    std::printf("%llu responses without a time of their own were not looked at for moments of truth (their time is "
                "the import's, not when they were given); --moments all looks at them too.\n",
                static_cast<unsigned long long>(untimed_not_looked_at));
  }
  for (std::size_t i = 0; i < s.errors.size() && i < kErrorsShown; ++i) {
    const auto& e = s.errors[i];
    // Most reasons quote the value already ("'abc' is not a number"); say it once.
    bool value_in_reason = e.reason.find("'" + e.value + "'") != std::string::npos || e.reason.rfind(e.value + " ", 0) == 0;
    std::fprintf(stderr, "%s:%llu: %s%s%s\n", e.file.c_str(), static_cast<unsigned long long>(e.line),
                 e.column.empty() ? "" : ("column '" + e.column + "': ").c_str(),
                 e.value.empty() || value_in_reason ? "" : ("'" + e.value + "' ").c_str(), e.reason.c_str());
  }
  if (s.rejected > kErrorsShown) {
    std::fprintf(stderr, "... and %llu more rejected rows%s\n", static_cast<unsigned long long>(s.rejected - kErrorsShown),
                 args.report.empty() ? "; write them all with --report FILE.csv" : "");
  }
  if (!args.report.empty() && s.rejected > 0) {
    Status written = ingest::WriteRejectionReport(s, args.report, args.report_style);
    if (!written.ok()) Fail(written);
    std::printf("Validation report: %s\n", args.report.c_str());
  }
  // Exit 2 when rows were rejected, or not stored because their id was stored (or used earlier in
  // the file) with other answers, so scripts notice; 0 when every row is stored as it is.
  if (s.rejected > 0 || s.differing > 0) throw CLI::RuntimeError(2);
}

// A dry run stores nothing, so it must not leave a new database behind either: it reads the
// organisation (the employees whose names comments mention) of the store that is there, and of
// an empty one in memory where the SQLite file does not exist yet.
std::unique_ptr<App> OpenForDryRunOrFail(const SettingFlags& flags) {
  auto config = flags.Load();
  if (!config.ok()) Fail(config.status());
  auto app = OpenApp(*config, OpenMode::kExisting);
  if (!app.ok() && app.status().code() == StatusCode::kNotFound && app.status().field() == "database") {
    config->Set("database", ":memory:", "--dry-run");
    app = OpenApp(*config);
  }
  if (!app.ok()) Fail(app.status());
  return std::move(app).value();
}

}  // namespace

void AddImportCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "import", "Import responses or interactions from a CSV file (',' ';' or tab, quoted fields; UTF-8, "
                "Windows-1252, or UTF-16 with a BOM), NDJSON (.ndjson/.jsonl) or a JSON array of records (.json). "
                "Valid rows are stored even when others are rejected, unless --strict. "
                "Re-importing the same file adds nothing (rows are matched by external_id, or by their content when no "
                "column holds it). Exit code 2 "
                "means some rows were rejected, or not stored because their id was already stored, or used earlier "
                "in the file, with other answers.");
  auto flags = std::make_shared<SettingFlags>(cmd);
  auto args = std::make_shared<ImportArgs>();
  cmd->add_option("kind", args->kind,
                  "what the file holds: responses, interactions, or organisation (the JSON `peakend export "
                  "organisation` writes: locations, teams, employees and customers)")
      ->required()
      ->check(CLI::IsMember({"responses", "interactions", "organisation"}));
  cmd->add_option("file", args->file, "the CSV or NDJSON file")->required();
  cmd->add_option("--map", args->maps,
                  "map a column to a field: --map \"Score=nps\" (column by header or 1-based number; field "
                  "'ignore' drops it). Repeatable. Unmapped columns become custom attributes.")
      ->allow_extra_args(false);  // one value per flag: a file named after it is not a second mapping
  cmd->add_flag("--strict", args->strict, "store nothing if any row is invalid (one transaction for the file)");
  cmd->add_option("--report", args->report, "write every rejected row (file,line,column,value,reason) to this CSV");
  cmd->add_flag("--quiet", args->quiet, "no progress bar");
  std::string formats;
  for (const auto& f : ingest::KnownFormats()) formats += (formats.empty() ? "" : ", ") + f;
  cmd->add_option("--from", args->from,
                  "the tool that made the export: auto (detect from the header rows; the default for a CSV of "
                  "responses, which reads a file no tool wrote by Peakend's own column names) or one of " + formats +
                      ". Proposes a mapping of its columns to Peakend's fields; unmapped columns become attributes.");
  cmd->add_option("--mapping", args->mapping_file, "use a mapping saved with --save-mapping (JSON) instead of detecting");
  cmd->add_option("--save-mapping", args->save_mapping, "write the proposed mapping to this JSON file for reuse");
  cmd->add_option("--id-prefix", args->id_prefix,
                  "put this before every response id, e.g. the form's name: for tools that number the responses of "
                  "each form 1, 2, 3 (Microsoft Forms, LimeSurvey), so two forms' responses stay apart; saved with "
                  "--save-mapping");
  cmd->add_option("--time-zone", args->time_zone,
                  "time zone of the export's timestamps that name none, e.g. Europe/Amsterdam or UTC (default: the "
                  "zone the export states, else the time_zone setting for tools that write local times: Qualtrics, "
                  "SurveyMonkey, LimeSurvey, Google Forms, Microsoft Forms); saved with --save-mapping");
  cmd->add_option("--date-order", args->date_order,
                  "how the export writes slash dates: day-first (13/03/2024) or month-first (03/13/2024), when the "
                  "file leaves it open or was read the wrong way (default: read from the dates, else the tool's "
                  "habit); saved with --save-mapping")
      ->check(CLI::IsMember({"day-first", "month-first"}));
  cmd->add_flag("--dry-run", args->dry_run,
                "show the mapping, how many rows would be imported and rejected, and 5 sample rows; store nothing");
  cmd->add_option("--moments", args->moments,
                  "look for moments of truth (and open cases) in the imported responses: recent (submitted in the "
                  "last moments.import_days days, default 7), all, or off")
      ->check(CLI::IsMember({"recent", "all", "off"}))
      ->capture_default_str();
  auto report_csv = std::make_shared<CsvFlags>(cmd);
  cmd->callback([flags, args, report_csv] {
    if (report_csv->given() && args->report.empty()) {
      Fail(Status::InvalidArgument("--delimiter and --bom shape the rejection report; name it with --report FILE.csv"));
    }
    args->report_style = report_csv->StyleOrFail(args->report.empty() ? "-" : args->report);
    auto app = args->dry_run ? OpenForDryRunOrFail(*flags) : OpenAppOrFail(*flags);
    Run(*app, *args);
  });
}

}  // namespace peakend::cli
