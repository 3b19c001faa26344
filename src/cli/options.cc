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
  auto unknown = moments::FindUnknownReference(store, filter);
  if (!unknown.ok()) Fail(unknown.status());
  if (!*unknown) return;
  const moments::UnknownReference& u = **unknown;
  std::string listing = u.kind == "customer" ? "`peakend export responses` lists who answered"
                                             : "`peakend export organisation` lists them";
  Fail(Status::NotFound("there is no " + u.kind + " '" + u.ref + "'; " + listing, u.kind));
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
