#include "ingest/field_mapping.h"

#include <algorithm>
#include <map>
#include <set>

namespace peakend::ingest {
namespace {

// Lower-case ASCII letters and digits only: "Klant ID" -> "klantid", "submitted_at" -> "submittedat".
std::string Key(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

const std::map<std::string, std::string>& Synonyms(RecordKind kind) {
  static const std::map<std::string, std::string> response = {
      {"externalid", "external_id"}, {"id", "external_id"}, {"responseid", "external_id"},
      {"respondentid", "external_id"}, {"antwoordid", "external_id"},
      {"interaction", "interaction"}, {"interactionid", "interaction"}, {"contactid", "interaction"},
      {"orderid", "interaction"}, {"ordernummer", "interaction"},
      {"customer", "customer"}, {"customerid", "customer"}, {"klant", "customer"}, {"klantid", "customer"},
      {"klantnummer", "customer"}, {"email", "customer"}, {"emailaddress", "customer"}, {"emailadres", "customer"},
      {"location", "location"}, {"locationid", "location"}, {"store", "location"}, {"shop", "location"},
      {"winkel", "location"}, {"filiaal", "location"}, {"vestiging", "location"},
      {"employee", "employee"}, {"employeeid", "employee"}, {"medewerker", "employee"}, {"agent", "employee"},
      {"journey", "journey_id"}, {"journeyid", "journey_id"},
      {"nps", "nps"}, {"npsscore", "nps"}, {"recommend", "nps"}, {"aanbevelen", "nps"},
      {"csat", "csat"}, {"satisfaction", "csat"}, {"tevredenheid", "csat"},
      {"ces", "ces"}, {"effort", "ces"}, {"customereffort", "ces"}, {"gemak", "ces"},
      {"effectiveness", "effectiveness"}, {"effectiviteit", "effectiveness"},
      {"ease", "ease"}, {"emotion", "emotion"}, {"emotie", "emotion"},
      {"comment", "comment"}, {"comments", "comment"}, {"opmerking", "comment"}, {"opmerkingen", "comment"},
      {"toelichting", "comment"}, {"feedback", "comment"}, {"text", "comment"}, {"verbatim", "comment"},
      {"language", "language"}, {"taal", "language"}, {"lang", "language"},
      {"submittedat", "submitted_at"}, {"submitted", "submitted_at"}, {"date", "submitted_at"},
      {"datum", "submitted_at"}, {"timestamp", "submitted_at"}, {"createdat", "submitted_at"},
      {"responsedate", "submitted_at"}, {"tijdstip", "submitted_at"}, {"tijdstempel", "submitted_at"},
      {"channel", "channel"}, {"kanaal", "channel"}};
  static const std::map<std::string, std::string> interaction = {
      {"externalid", "external_id"}, {"id", "external_id"}, {"interactionid", "external_id"},
      {"type", "type"}, {"interactiontype", "type"}, {"soort", "type"},
      {"occurredat", "occurred_at"}, {"date", "occurred_at"}, {"datum", "occurred_at"}, {"timestamp", "occurred_at"},
      {"customer", "customer"}, {"customerid", "customer"}, {"klant", "customer"}, {"klantid", "customer"},
      {"location", "location"}, {"store", "location"}, {"winkel", "location"}, {"vestiging", "location"},
      {"employee", "employee"}, {"medewerker", "employee"}, {"agent", "employee"},
      {"journey", "journey_id"}, {"journeyid", "journey_id"}};
  return kind == RecordKind::kResponse ? response : interaction;
}

void NameRepeatedAttributes(std::vector<ColumnMapping>& columns) {
  std::vector<std::string> fields;
  for (const auto& c : columns) fields.push_back(c.field);
  fields = FieldsAsStored(std::move(fields));
  for (std::size_t i = 0; i < columns.size(); ++i) columns[i].field = std::move(fields[i]);
}

}  // namespace

std::vector<std::string> FieldsAsStored(std::vector<std::string> fields) {
  auto is_attribute = [](const std::string& field) { return field.rfind(std::string(kAttributePrefix), 0) == 0; };
  std::set<std::string> used;
  for (const auto& f : fields) {
    if (is_attribute(f)) used.insert(f);
  }
  std::set<std::string> seen;
  for (auto& f : fields) {
    if (!is_attribute(f) || seen.insert(f).second) continue;
    for (int n = 2;; ++n) {
      std::string candidate = f + " (" + std::to_string(n) + ")";
      if (!used.count(candidate) && !seen.count(candidate)) {
        f = candidate;
        break;
      }
    }
    seen.insert(f);
  }
  return fields;
}

std::string UnnamedColumnField(std::size_t index) {
  return std::string(kAttributePrefix) + "column " + std::to_string(index + 1);
}

std::string GuessField(RecordKind kind, const std::string& header) {
  const auto& synonyms = Synonyms(kind);
  auto it = synonyms.find(Key(header));
  return it == synonyms.end() ? "" : it->second;
}

Status ApplyOverrides(RecordKind kind, const std::vector<std::string>& overrides, std::vector<ColumnMapping>& columns) {
  for (const auto& o : overrides) {
    auto eq = o.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--map '" + o + "' should look like column=field, e.g. --map \"Score=nps\"", "map");
    }
    std::string column = o.substr(0, eq), field = o.substr(eq + 1);
    if (field == "-" || field == "ignore") field.clear();
    if (!field.empty() && !IsField(kind, field)) {
      return Status::InvalidArgument("--map '" + o + "': '" + field + "' is not a field; use one of " + FieldList(kind) +
                                         ", or ignore", "map");
    }
    std::size_t index = columns.size();
    if (std::all_of(column.begin(), column.end(), ::isdigit)) {
      std::size_t n = std::stoul(column);
      if (n >= 1 && n <= columns.size()) index = n - 1;
    } else {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (columns[i].header == column || Key(columns[i].header) == Key(column)) index = i;
      }
    }
    if (index == columns.size()) {
      std::string list;
      for (const auto& c : columns) list += (list.empty() ? "" : ", ") + c.header;
      return Status::InvalidArgument("--map '" + o + "': no column '" + column + "' in the file; its columns are: " + list,
                                     "map");
    }
    // A field mapped explicitly is taken away from the column that guessed it.
    if (IsRecordField(field)) {
      for (auto& c : columns) {
        if (c.field == field) c.field = kind == RecordKind::kResponse ? "attr:" + c.header : "";
      }
    }
    columns[index].field = field;
  }
  return Status::Ok();
}

Result<FieldMapping> FieldMapping::Build(RecordKind kind, const std::vector<std::string>& headers,
                                         const std::vector<std::string>& overrides) {
  FieldMapping m;
  std::set<std::string> taken;
  for (const auto& h : headers) {
    // Peakend's own field names (as `peakend export` writes them) mean themselves.
    std::string field = IsField(kind, h) ? h : GuessField(kind, h);
    if (!field.empty() && taken.insert(field).second) {
      m.columns_.push_back({h, field});
    } else if (kind != RecordKind::kResponse) {
      m.columns_.push_back({h, ""});  // an interaction has no attributes
    } else if (h.empty()) {
      m.columns_.push_back({h, UnnamedColumnField(m.columns_.size())});
    } else {
      bool attribute_header = h.rfind(std::string(kAttributePrefix), 0) == 0;
      m.columns_.push_back({h, attribute_header ? "" : "attr:" + h});
    }
  }
  PEAKEND_RETURN_IF_ERROR(ApplyOverrides(kind, overrides, m.columns_));
  NameRepeatedAttributes(m.columns_);
  return m;
}

Result<FieldMapping> FieldMapping::Fixed(RecordKind kind, const std::vector<std::string>& headers,
                                         const std::vector<std::string>& fields) {
  if (headers.size() != fields.size()) {
    return Status::InvalidArgument("the mapping names " + std::to_string(fields.size()) + " columns but the file has " +
                                   std::to_string(headers.size()) + "; save a new mapping for this export");
  }
  FieldMapping m;
  for (std::size_t i = 0; i < headers.size(); ++i) {
    if (!fields[i].empty() && !IsField(kind, fields[i])) {
      return Status::InvalidArgument("the mapping sends column '" + headers[i] + "' to '" + fields[i] +
                                     "', which is not a field; use one of " + FieldList(kind));
    }
    m.columns_.push_back({headers[i], fields[i]});
  }
  NameRepeatedAttributes(m.columns_);
  return m;
}

std::string FieldMapping::Describe() const {
  std::string out;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    out += "  " + std::to_string(i + 1) + ". " + columns_[i].header + " -> " +
           (columns_[i].field.empty() ? "(ignored)" : columns_[i].field) + "\n";
  }
  return out;
}

}  // namespace peakend::ingest
