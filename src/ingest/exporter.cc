#include "ingest/exporter.h"

#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "ingest/csv_reader.h"
#include "ingest/json_codec.h"
#include "ingest/xlsx_writer.h"
#include "store/case_store.h"

namespace peakend::ingest {
namespace {

std::string Optional(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

std::vector<std::string> ResponseCells(const Response& r, const std::vector<std::string>& attributes,
                                       const TimeStyle& times) {
  std::vector<std::string> cells = {r.external_id, r.interaction_ref, r.customer_ref, r.location_ref, r.employee_ref,
                                    r.journey_id, Optional(r.answers.nps), Optional(r.answers.csat),
                                    Optional(r.answers.ces), Optional(r.answers.effectiveness), Optional(r.answers.ease),
                                    Optional(r.answers.emotion), r.comment, r.language, times.Format(r.submitted_at),
                                    std::string(ToString(r.channel))};
  for (const auto& name : attributes) {
    std::string value;
    for (const auto& [k, v] : r.attributes) {
      if (k == name) value = v;
    }
    cells.push_back(value);
  }
  return cells;
}

std::vector<std::string> InteractionCells(const Interaction& x, const TimeStyle& times) {
  return {x.external_id, std::string(ToString(x.type)), times.Format(x.occurred_at), x.customer_ref, x.location_ref,
          x.employee_ref, x.journey_id};
}

// Visits every page of the filtered records.
template <typename T>
Status ForEachPage(const std::function<Result<Page<T>>(const PageRequest&)>& list,
                   const std::function<void(const T&)>& each) {
  PageRequest page{0, kExportPageSize};
  for (;;) {
    auto p = list(page);
    if (!p.ok()) return p.status();
    for (const auto& item : p->items) each(item);
    if (!p->next_after_id) return Status::Ok();
    page.after_id = *p->next_after_id;
  }
}

// Where the rows of an export go: a CSV or NDJSON file (or standard output), or an XLSX
// workbook saved when the export is finished.
class ExportSink {
 public:
  ExportSink(ExportFormat format, std::string path, const CsvStyle& style)
      : format_(format), path_(std::move(path)), style_(style) {}
  ExportSink(const ExportSink&) = delete;
  ExportSink& operator=(const ExportSink&) = delete;
  ~ExportSink() {
    if (out_ && out_ != stdout) std::fclose(out_);
  }

  Status Open() {
    if (format_ == ExportFormat::kXlsx) {
      if (path_ == "-") {
        return Status::InvalidArgument("an XLSX workbook cannot go to standard output; name a file with --output");
      }
      return Status::Ok();
    }
    out_ = path_ == "-" ? stdout : std::fopen(path_.c_str(), "wb");
    if (!out_) return Status::IoError("cannot write '" + path_ + "': check that its folder exists and is writable");
    if (format_ == ExportFormat::kCsv) csv_.emplace(out_, style_);
    return Status::Ok();
  }

  bool ndjson() const { return format_ == ExportFormat::kNdjson; }

  // A header or record of a CSV or XLSX export.
  void Row(const std::vector<std::string>& cells) {
    if (csv_) csv_->Row(cells);
    else xlsx_.Row(cells);
  }

  // A record of an NDJSON export.
  void Line(const nlohmann::json& record) {
    std::string line = record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(line.data(), 1, line.size(), out_);
  }

  // Closes the file (saves the workbook) unless the export already failed with `status`.
  Status Finish(Status status) {
    if (out_ == stdout) std::fflush(stdout);
    if (out_ && out_ != stdout && std::fclose(out_) != 0 && status.ok()) {
      status = Status::IoError("cannot finish writing '" + path_ + "' (disk full?)");
    }
    out_ = nullptr;
    if (!status.ok()) return status;
    return format_ == ExportFormat::kXlsx ? xlsx_.Save(path_) : Status::Ok();
  }

 private:
  ExportFormat format_;
  std::string path_;
  CsvStyle style_;
  std::FILE* out_ = nullptr;
  std::optional<CsvWriter> csv_;
  XlsxWriter xlsx_;
};

}  // namespace

std::string TimeStyle::Format(Timestamp t) const {
  if (!local) return FormatTimestamp(t);
  int offset = local->OffsetSpans(t, t).front().offset_seconds;
  std::string text = FormatTimestamp(t + offset);  // "2026-03-01T09:30:00Z", read as local
  text[10] = ' ';
  text.pop_back();
  return text;
}

Result<ExportSummary> Export(Store& store, RecordKind kind, const RecordFilter& filter, ExportFormat format,
                             const std::string& path, const CsvStyle& csv_style, const TimeStyle& times) {
  ExportSink sink(format, path, csv_style);
  PEAKEND_RETURN_IF_ERROR(sink.Open());
  ExportSummary summary;
  Status status;
  if (kind == RecordKind::kResponse) {
    auto list = [&](const PageRequest& p) { return store.ListResponses(filter, p); };
    std::vector<std::string> attributes;
    if (!sink.ndjson()) {
      // Attribute columns are the union over all exported responses, in name order.
      std::set<std::string> names;
      status = ForEachPage<Response>(list, [&](const Response& r) {
        for (const auto& [k, v] : r.attributes) names.insert(k);
      });
      attributes.assign(names.begin(), names.end());
      std::vector<std::string> header = FieldNames(RecordKind::kResponse);
      for (const auto& a : attributes) header.push_back(std::string(kAttributePrefix) + a);
      if (status.ok()) sink.Row(header);
    }
    if (status.ok()) {
      status = ForEachPage<Response>(list, [&](const Response& r) {
        ++summary.records;
        if (sink.ndjson()) {
          auto j = ToJson(r);
          for (const char* derived : {"id", "tags", "sentiment", "sentiment_label", "analysis", "interaction_type"}) {
            j.erase(derived);
          }
          sink.Line(j);
        } else {
          sink.Row(ResponseCells(r, attributes, times));
        }
      });
    }
  } else {
    auto list = [&](const PageRequest& p) { return store.ListInteractions(filter, p); };
    if (!sink.ndjson()) sink.Row(FieldNames(RecordKind::kInteraction));
    status = ForEachPage<Interaction>(list, [&](const Interaction& x) {
      ++summary.records;
      if (sink.ndjson()) {
        auto j = ToJson(x);
        j.erase("id");
        sink.Line(j);
      } else {
        sink.Row(InteractionCells(x, times));
      }
    });
  }
  PEAKEND_RETURN_IF_ERROR(sink.Finish(status));
  return summary;
}

namespace {

// A record as the API takes it: without the store's own id, and without the fields it lacks
// (null would mean "empty it").
nlohmann::json AsInput(nlohmann::json record) {
  record.erase("id");
  for (auto it = record.begin(); it != record.end();) it = it->is_null() ? record.erase(it) : std::next(it);
  return record;
}

}  // namespace

Result<ExportSummary> ExportOrganisation(Store& store, const std::string& path) {
  auto locations = store.ListLocations();
  if (!locations.ok()) return locations.status();
  auto teams = store.ListTeams();
  if (!teams.ok()) return teams.status();
  auto employees = store.ListEmployees();
  if (!employees.ok()) return employees.status();
  nlohmann::json doc = {{"locations", nlohmann::json::array()}, {"teams", nlohmann::json::array()},
                        {"employees", nlohmann::json::array()}, {"customers", nlohmann::json::array()}};
  for (const auto& l : *locations) doc["locations"].push_back(AsInput(ToJson(l)));
  for (const auto& t : *teams) doc["teams"].push_back(AsInput(ToJson(t)));
  for (const auto& e : *employees) {
    nlohmann::json record = ToJson(e);
    if (!e.email.empty()) record["email"] = e.email;
    doc["employees"].push_back(AsInput(std::move(record)));
  }
  PageRequest page{0, kExportPageSize};
  for (;;) {
    auto customers = store.ListCustomers(RecordFilter{}, page);
    if (!customers.ok()) return customers.status();
    for (const auto& c : customers->items) doc["customers"].push_back(AsInput(ToJson(c)));
    if (!customers->next_after_id) break;
    page.after_id = *customers->next_after_id;
  }
  ExportSummary summary;
  summary.records = locations->size() + teams->size() + employees->size() + doc["customers"].size();
  std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::FILE* out = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
  if (!out) return Status::IoError("cannot write '" + path + "'");
  bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  if (out != stdout) ok = std::fclose(out) == 0 && ok;
  if (!ok) return Status::IoError("cannot finish writing '" + path + "' (disk full?)");
  return summary;
}

namespace {

// The columns of a case in every format.
const std::vector<std::string> kCaseColumns = {
    "id",      "rule",   "priority",   "state",  "customer",     "journey_id", "assignee",  "team",
    "created_at", "due_at", "contacted_at", "closed_at", "close_reason", "escalated", "reason", "suggested_actions"};
// The columns CSV and XLSX sum a case's gestures and history up in; NDJSON has them whole.
const std::vector<std::string> kCaseSummaryColumns = {
    "gestures",      "gesture_count", "gesture_cost_cents", "gesture_budgets",
    "history_events", "last_action",  "last_action_at",     "last_action_by"};

// Spreadsheet cells join several values with this, as suggested_actions always has.
constexpr std::string_view kCellListSeparator = " | ";

void AppendToCellList(std::string& cell, const std::string& value) {
  if (!cell.empty()) cell += kCellListSeparator;
  cell += value;
}

std::vector<std::string> CaseCells(const CaseRecord& c, const TimeStyle& times) {
  std::string actions;
  for (const auto& a : c.suggested_actions) AppendToCellList(actions, a);
  return {std::to_string(c.id), c.rule, std::to_string(c.priority), std::string(ToString(c.state)), c.customer_ref,
          c.journey_id, c.assignee_ref, c.team_ref, times.Format(c.created_at), times.Format(c.due_at),
          c.contacted_at ? times.Format(*c.contacted_at) : "", c.closed_at ? times.Format(*c.closed_at) : "",
          c.close_reason, c.escalated ? "yes" : "no", c.reason, actions};
}

// What was given (names), how many, what it cost in all, from whose budgets, and the history's
// length with its last step: what a spreadsheet user filters on and adds up.
std::vector<std::string> CaseSummaryCells(const std::vector<GestureSpend>& gestures,
                                          const std::vector<CaseEvent>& history, const TimeStyle& times) {
  std::string names, budgets;
  std::int64_t cost_cents = 0;
  std::set<std::string> budget_holders;
  for (const auto& g : gestures) {
    AppendToCellList(names, g.gesture);
    cost_cents += g.cost_cents;
    if (budget_holders.insert(g.employee_ref).second) AppendToCellList(budgets, g.employee_ref);
  }
  std::vector<std::string> cells = {names, std::to_string(gestures.size()), std::to_string(cost_cents), budgets,
                                    std::to_string(history.size()), "", "", ""};
  if (!history.empty()) {
    const CaseEvent& last = history.back();
    cells[5] = last.to_state.empty() ? last.action : last.action + " to " + last.to_state;
    cells[6] = times.Format(last.at);
    cells[7] = last.actor;
  }
  return cells;
}

nlohmann::json CaseJson(const CaseRecord& c, const std::vector<GestureSpend>& gestures,
                        const std::vector<CaseEvent>& history) {
  std::vector<std::string> cells = CaseCells(c, TimeStyle{});  // JSON times stay UTC
  nlohmann::json j;
  for (std::size_t i = 0; i < kCaseColumns.size(); ++i) j[kCaseColumns[i]] = cells[i];
  j["id"] = c.id;
  j["priority"] = c.priority;
  j["escalated"] = c.escalated;
  j["suggested_actions"] = c.suggested_actions;
  j["gestures"] = nlohmann::json::array();
  for (const auto& g : gestures) j["gestures"].push_back(ToJson(g));
  j["history"] = nlohmann::json::array();
  for (const auto& e : history) j["history"].push_back(ToJson(e));
  return j;
}

}  // namespace

Result<ExportSummary> ExportCases(Store& store, const CaseFilter& filter, ExportFormat format, const std::string& path,
                                  const CsvStyle& csv_style, const TimeStyle& times) {
  ExportSink sink(format, path, csv_style);
  PEAKEND_RETURN_IF_ERROR(sink.Open());
  // Every gesture at once, by case: one query rather than one a case.
  auto spends = store.cases().Spends(std::numeric_limits<Timestamp>::min(), std::numeric_limits<Timestamp>::max());
  if (!spends.ok()) return sink.Finish(spends.status());
  std::map<Id, std::vector<GestureSpend>> gestures_of;
  for (auto& spend : *spends) gestures_of[spend.case_id].push_back(std::move(spend));
  if (!sink.ndjson()) {
    std::vector<std::string> header = kCaseColumns;
    header.insert(header.end(), kCaseSummaryColumns.begin(), kCaseSummaryColumns.end());
    sink.Row(header);
  }
  ExportSummary summary;
  PageRequest page{0, kExportPageSize};
  Status status;
  for (;;) {
    auto cases = store.cases().ListCases(filter, page);
    if (!cases.ok()) {
      status = cases.status();
      break;
    }
    // The page's histories at once: one query rather than one a case.
    std::vector<Id> ids;
    ids.reserve(cases->items.size());
    for (const auto& c : cases->items) ids.push_back(c.id);
    auto histories = store.cases().CaseHistories(ids);
    if (!histories.ok()) {
      status = histories.status();
      break;
    }
    for (const auto& c : cases->items) {
      ++summary.records;
      const std::vector<GestureSpend>& gestures = gestures_of[c.id];
      const std::vector<CaseEvent>& history = (*histories)[c.id];
      if (sink.ndjson()) {
        sink.Line(CaseJson(c, gestures, history));
      } else {
        std::vector<std::string> cells = CaseCells(c, times);
        std::vector<std::string> totals = CaseSummaryCells(gestures, history, times);
        cells.insert(cells.end(), totals.begin(), totals.end());
        sink.Row(cells);
      }
    }
    if (!cases->next_after_id) break;
    page.after_id = *cases->next_after_id;
  }
  PEAKEND_RETURN_IF_ERROR(sink.Finish(status));
  return summary;
}

}  // namespace peakend::ingest
