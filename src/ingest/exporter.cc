#include "ingest/exporter.h"

#include <cstdio>
#include <functional>
#include <set>

#include "ingest/csv_reader.h"
#include "ingest/json_codec.h"
#include "ingest/xlsx_writer.h"
#include "store/case_store.h"

namespace peakend::ingest {
namespace {

std::string Optional(const std::optional<int>& v) { return v ? std::to_string(*v) : ""; }

std::vector<std::string> ResponseCells(const Response& r, const std::vector<std::string>& attributes) {
  std::vector<std::string> cells = {r.external_id, r.interaction_ref, r.customer_ref, r.location_ref, r.employee_ref,
                                    r.journey_id, Optional(r.answers.nps), Optional(r.answers.csat),
                                    Optional(r.answers.ces), Optional(r.answers.effectiveness), Optional(r.answers.ease),
                                    Optional(r.answers.emotion), r.comment, r.language, FormatTimestamp(r.submitted_at),
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

std::vector<std::string> InteractionCells(const Interaction& x) {
  return {x.external_id, std::string(ToString(x.type)), FormatTimestamp(x.occurred_at), x.customer_ref, x.location_ref,
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

}  // namespace

Result<ExportSummary> Export(Store& store, RecordKind kind, const RecordFilter& filter, ExportFormat format,
                             const std::string& path) {
  if (format == ExportFormat::kXlsx && path == "-") {
    return Status::InvalidArgument("an XLSX workbook cannot go to standard output; name a file with --output");
  }
  std::FILE* out = nullptr;
  if (format != ExportFormat::kXlsx) {
    out = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
    if (!out) return Status::IoError("cannot write '" + path + "'");
  }
  ExportSummary summary;
  Status status;
  std::function<void(const std::vector<std::string>&)> row;
  std::optional<CsvWriter> csv;
  XlsxWriter xlsx;
  if (format == ExportFormat::kCsv) {
    csv.emplace(out, ',', /*bom=*/path != "-");
    row = [&](const std::vector<std::string>& cells) { csv->Row(cells); };
  } else if (format == ExportFormat::kXlsx) {
    row = [&](const std::vector<std::string>& cells) { xlsx.Row(cells); };
  }
  auto line = [&](const nlohmann::json& j) {
    std::string s = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(s.data(), 1, s.size(), out);
  };

  if (kind == RecordKind::kResponse) {
    auto list = [&](const PageRequest& p) { return store.ListResponses(filter, p); };
    std::vector<std::string> attributes;
    if (format != ExportFormat::kNdjson) {
      // Attribute columns are the union over all exported responses, in name order.
      std::set<std::string> names;
      status = ForEachPage<Response>(list, [&](const Response& r) {
        for (const auto& [k, v] : r.attributes) names.insert(k);
      });
      attributes.assign(names.begin(), names.end());
      std::vector<std::string> header = FieldNames(RecordKind::kResponse);
      for (const auto& a : attributes) header.push_back(std::string(kAttributePrefix) + a);
      if (status.ok()) row(header);
    }
    if (status.ok()) {
      status = ForEachPage<Response>(list, [&](const Response& r) {
        ++summary.records;
        if (format == ExportFormat::kNdjson) {
          auto j = ToJson(r);
          j.erase("id");
          j.erase("tags");
          j.erase("sentiment");
          j.erase("sentiment_label");
          j.erase("analysis");
          j.erase("interaction_type");
          line(j);
        } else {
          row(ResponseCells(r, attributes));
        }
      });
    }
  } else {
    auto list = [&](const PageRequest& p) { return store.ListInteractions(filter, p); };
    if (format != ExportFormat::kNdjson) row(FieldNames(RecordKind::kInteraction));
    status = ForEachPage<Interaction>(list, [&](const Interaction& x) {
      ++summary.records;
      if (format == ExportFormat::kNdjson) {
        auto j = ToJson(x);
        j.erase("id");
        line(j);
      } else {
        row(InteractionCells(x));
      }
    });
  }
  if (out && out != stdout && std::fclose(out) != 0 && status.ok()) status = Status::IoError("cannot finish '" + path + "'");
  if (out == stdout) std::fflush(stdout);
  if (!status.ok()) return status;
  if (format == ExportFormat::kXlsx) PEAKEND_RETURN_IF_ERROR(xlsx.Save(path));
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

Result<ExportSummary> ExportCases(Store& store, ExportFormat format, const std::string& path) {
  if (format == ExportFormat::kXlsx && path == "-") {
    return Status::InvalidArgument("an XLSX workbook cannot go to standard output; name a file with --output");
  }
  static const std::vector<std::string> header = {"id",          "rule",         "priority",  "state",     "customer",
                                                  "journey_id",  "assignee",     "team",      "created_at", "due_at",
                                                  "contacted_at", "closed_at",   "close_reason", "escalated", "reason",
                                                  "suggested_actions"};
  std::FILE* out = nullptr;
  if (format != ExportFormat::kXlsx) {
    out = path == "-" ? stdout : std::fopen(path.c_str(), "wb");
    if (!out) return Status::IoError("cannot write '" + path + "'");
  }
  std::optional<CsvWriter> csv;
  XlsxWriter xlsx;
  if (format == ExportFormat::kCsv) csv.emplace(out, ',', path != "-");
  if (csv) csv->Row(header);
  if (format == ExportFormat::kXlsx) xlsx.Row(header);
  ExportSummary summary;
  PageRequest page{0, kExportPageSize};
  Status status;
  for (;;) {
    auto cases = store.cases().ListCases(CaseFilter{}, page);
    if (!cases.ok()) {
      status = cases.status();
      break;
    }
    for (const auto& c : cases->items) {
      ++summary.records;
      std::string actions;
      for (const auto& a : c.suggested_actions) actions += (actions.empty() ? "" : " | ") + a;
      std::vector<std::string> cells = {std::to_string(c.id), c.rule, std::to_string(c.priority),
                                        std::string(ToString(c.state)), c.customer_ref, c.journey_id, c.assignee_ref,
                                        c.team_ref, FormatTimestamp(c.created_at), FormatTimestamp(c.due_at),
                                        c.contacted_at ? FormatTimestamp(*c.contacted_at) : "",
                                        c.closed_at ? FormatTimestamp(*c.closed_at) : "", c.close_reason,
                                        c.escalated ? "yes" : "no", c.reason, actions};
      if (format == ExportFormat::kNdjson) {
        nlohmann::json j;
        for (std::size_t i = 0; i < header.size(); ++i) j[header[i]] = cells[i];
        j["id"] = c.id;
        j["priority"] = c.priority;
        j["escalated"] = c.escalated;
        j["suggested_actions"] = c.suggested_actions;
        std::string line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        std::fwrite(line.data(), 1, line.size(), out);
      } else if (csv) {
        csv->Row(cells);
      } else {
        xlsx.Row(cells);
      }
    }
    if (!cases->next_after_id) break;
    page.after_id = *cases->next_after_id;
  }
  if (out && out != stdout && std::fclose(out) != 0 && status.ok()) status = Status::IoError("cannot finish '" + path + "'");
  if (out == stdout) std::fflush(stdout);
  if (!status.ok()) return status;
  if (format == ExportFormat::kXlsx) PEAKEND_RETURN_IF_ERROR(xlsx.Save(path));
  return summary;
}

}  // namespace peakend::ingest
