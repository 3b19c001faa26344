#include "app/enricher.h"

#include "text/utf8.h"

namespace peakend {
namespace {
// Employees change rarely; re-reading them once a minute, and after this process committed a
// change to them (a rename, a move), keeps mentions current without a query per response.
constexpr std::chrono::seconds kEmployeeCacheTtl{60};
}  // namespace

ResponseEnricher::ResponseEnricher(Store& store, const text::Analyzer* analyzer)
    : store_(store), analyzer_(analyzer) {}

void ResponseEnricher::RefreshEmployeesIfStale() {
  auto now = std::chrono::steady_clock::now();
  // Read before the rows: a change committed while they are read makes the next call read again.
  std::uint64_t version = store_.organisation_version();
  bool recent = loaded_at_ != std::chrono::steady_clock::time_point{} && now - loaded_at_ < kEmployeeCacheTtl;
  if (recent && version == loaded_version_) return;
  auto employees = store_.ListEmployees();
  if (!employees.ok()) return;  // keep the previous list; mentions are a nicety, not a reason to fail ingest
  std::map<std::string, std::vector<text::EmployeeName>> by_location;
  std::vector<text::EmployeeName> everyone;
  for (const auto& e : *employees) {
    if (e.first_name.empty()) continue;
    text::EmployeeName name{e.first_name, e.external_id};
    everyone.push_back(name);
    if (!e.location_ref.empty()) by_location[e.location_ref].push_back(name);
  }
  by_location_.clear();
  for (auto& [location, names] : by_location) {
    by_location_[location] = std::make_shared<const std::vector<text::EmployeeName>>(std::move(names));
  }
  everyone_ = std::make_shared<const std::vector<text::EmployeeName>>(std::move(everyone));
  loaded_at_ = now;
  loaded_version_ = version;
}

std::shared_ptr<const std::vector<text::EmployeeName>> ResponseEnricher::EmployeesAt(const std::string& location_ref) {
  std::lock_guard lock(mu_);
  RefreshEmployeesIfStale();
  if (!location_ref.empty()) {
    auto it = by_location_.find(location_ref);
    if (it != by_location_.end()) return it->second;
  }
  return everyone_;
}

Status ResponseEnricher::Enrich(Response& response) {
  if (response.comment.empty()) return Status::Ok();
  if (!text::IsValidUtf8(response.comment)) {
    return Status::InvalidArgument("comment is not valid UTF-8; send text encoded as UTF-8 (convert exports from "
                                   "Windows-1252 or Latin-1 first)", "comment");
  }
  if (!analyzer_) return Status::Ok();
  text::AnalysisContext context;
  context.language_hint = response.language;
  auto employees = EmployeesAt(response.location_ref);
  context.employees = employees.get();
  text::ApplyToResponse(analyzer_->Analyze(response.comment, context), response);
  return Status::Ok();
}

}  // namespace peakend
