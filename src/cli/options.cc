#include "cli/options.h"

#include <algorithm>
#include <cstdio>

extern char** environ;

namespace peakend::cli {

SettingFlags::SettingFlags(CLI::App* command) : command_(command) {
  command_->add_option("--config", config_file_,
                       "config file of 'key = value' lines; flags and PEAKEND_* environment variables override it");
  Add("database", "--database");
}

void SettingFlags::Add(const std::string& key, const std::string& flag_name) {
  std::string help = key;
  std::string def;
  for (const auto& k : KnownConfigKeys()) {
    if (key == k.key) {
      help = k.help;
      def = k.default_value;
    }
  }
  std::string env = EnvironmentName(key);
  auto value = std::make_shared<std::string>();
  auto* option = command_->add_option(flag_name, *value, help + " (env " + env + ", default " +
                                                             (def.empty() ? "none" : def) + ")");
  flags_.push_back({key, option, value});
}

Result<Config> SettingFlags::Load() const {
  std::map<std::string, std::string> given;
  for (const auto& f : flags_) {
    if (f.option->count() > 0) given[f.key] = *f.value;
  }
  return Config::Load(given, config_file_, environ);
}

CsvFlags::CsvFlags(CLI::App* command) {
  delimiter_option_ =
      command->add_option("--delimiter", delimiter_,
                          "CSV column separator: ',' or comma, ';' or semicolon (Excel in a Dutch, German or French "
                          "locale), tab")
          ->capture_default_str();
  bom_option_ = command
                    ->add_option("--bom", bom_,
                                 "UTF-8 byte order mark before a CSV, so Excel reads accents: auto (in files, not on "
                                 "standard output), yes or no")
                    ->check(CLI::IsMember({"auto", "yes", "no"}))
                    ->capture_default_str();
}

bool CsvFlags::given() const { return delimiter_option_->count() > 0 || bom_option_->count() > 0; }

ingest::CsvStyle CsvFlags::StyleOrFail(const std::string& path) const {
  auto delimiter = ingest::ParseCsvDelimiter(delimiter_);
  if (!delimiter.ok()) Fail(delimiter.status());
  return {*delimiter, bom_ == "yes" || (bom_ == "auto" && path != "-")};
}

void Fail(const Status& status, int code) {
  std::fprintf(stderr, "error: %s\n", status.message().c_str());
  throw CLI::RuntimeError(code);
}

std::unique_ptr<App> OpenAppOrFail(const SettingFlags& flags) {
  auto config = flags.Load();
  if (!config.ok()) Fail(config.status());
  auto app = OpenApp(*config);
  if (!app.ok()) Fail(app.status());
  return std::move(app).value();
}

void FailOnUnknownCaseRefs(Store& store, const CaseFilter& filter) {
  auto unknown = [](const std::string& ref, const char* kind, const std::string& list) {
    Fail(Status::NotFound("there is no " + std::string(kind) + " '" + ref + "'; " + list, kind));
  };
  constexpr const char* kOrganisation = "`peakend export organisation` lists them";
  if (!filter.location_ref.empty()) {
    auto locations = store.ListLocations();
    if (!locations.ok()) Fail(locations.status());
    if (std::none_of(locations->begin(), locations->end(), [&](const Location& l) { return l.external_id == filter.location_ref; })) {
      unknown(filter.location_ref, "location", kOrganisation);
    }
  }
  if (!filter.team_ref.empty()) {
    auto teams = store.ListTeams();
    if (!teams.ok()) Fail(teams.status());
    if (std::none_of(teams->begin(), teams->end(), [&](const Team& t) { return t.external_id == filter.team_ref; })) {
      unknown(filter.team_ref, "team", kOrganisation);
    }
  }
  for (const std::string* employee : {&filter.assignee_ref, &filter.escalated_to_ref}) {
    if (employee->empty()) continue;
    auto employees = store.ListEmployees();
    if (!employees.ok()) Fail(employees.status());
    if (std::none_of(employees->begin(), employees->end(), [&](const Employee& e) { return e.external_id == *employee; })) {
      unknown(*employee, "employee", kOrganisation);
    }
  }
  if (!filter.customer_ref.empty()) {
    RecordFilter one;
    one.external_id = filter.customer_ref;
    auto customers = store.ListCustomers(one, PageRequest{0, 1});
    if (!customers.ok()) Fail(customers.status());
    if (customers->items.empty()) unknown(filter.customer_ref, "customer", "`peakend export responses` lists who answered");
  }
}

std::vector<Id> ResponsesLeftAwaiting(App& app) {
  constexpr std::size_t kAwaitingPerQuery = 10000;  // ids read from the store in one query
  std::vector<Id> ids;
  for (;;) {
    auto page = app.store->cases().ResponsesAwaitingDetection(ids.empty() ? 0 : ids.back(), kAwaitingPerQuery);
    if (!page.ok()) Fail(page.status());
    ids.insert(ids.end(), page->begin(), page->end());
    if (page->size() < kAwaitingPerQuery) return ids;
  }
}

}  // namespace peakend::cli
