#include "http/org_json.h"

#include <functional>
#include <map>

#include <nlohmann/json.hpp>

#include "core/limits.h"
#include "core/strings.h"
#include "ingest/validation.h"

namespace peakend::http {
namespace {

using nlohmann::json;

// What a null does to a field of an organisation record: a field left out keeps its stored
// value, and null (as in a JSON merge patch) empties it where a record can be without it. A
// name is kOptional here: only a new record needs one, which the store knows (see
// WriteRequest::new_records_need_names).
enum class Presence { kOptional, kRequired, kClearable };

// Reads the string fields of one object into their targets, rejecting unknown names and
// non-string values so client typos surface as errors instead of silently missing data.
class ObjectReader {
 public:
  // `cleared` receives the names of the kClearable fields sent as null.
  ObjectReader(const json& object, std::string path, std::vector<std::string>* cleared = nullptr)
      : object_(object), path_(std::move(path)), cleared_(cleared) {}

  ObjectReader& Field(const char* name, std::string* target, Presence presence = Presence::kOptional) {
    fields_.emplace(name, std::make_pair(target, presence));
    return *this;
  }

  Status Read() {
    if (!object_.is_object()) return Status::InvalidArgument("expected a JSON object", path_);
    for (const auto& [name, value] : object_.items()) {
      auto it = fields_.find(name);
      if (it == fields_.end()) {
        std::string known;
        for (const auto& [k, v] : fields_) known += (known.empty() ? "" : ", ") + k;
        std::string shown = Shorten(name, limits::kMaxEchoedNameBytes);
        return Status::InvalidArgument("unknown field '" + shown + "'; accepted fields: " + known, Path(shown));
      }
      if (value.is_null()) {
        if (it->second.second == Presence::kClearable && cleared_) {
          cleared_->push_back(name);
          continue;
        }
        return Status::InvalidArgument("cannot be null: send a value, or leave the field out to keep the stored one",
                                       Path(name));
      }
      if (!value.is_string()) return Status::InvalidArgument("must be a string", Path(name));
      std::string s = value.get<std::string>();
      if (s.size() > limits::kMaxNameBytes) {
        return Status::InvalidArgument("longer than " + std::to_string(limits::kMaxNameBytes) + " bytes", Path(name));
      }
      // PostgreSQL would keep only the text before it.
      if (s.find('\0') != std::string::npos) {
        return Status::InvalidArgument("contains a NUL character (\\u0000); remove it", Path(name));
      }
      *it->second.first = std::move(s);
    }
    for (const auto& [name, target] : fields_) {
      if (target.second == Presence::kRequired && target.first->empty()) {
        return Status::InvalidArgument("is required", Path(name));
      }
    }
    return Status::Ok();
  }

 private:
  std::string Path(const std::string& name) const { return path_.empty() ? name : path_ + "." + name; }
  const json& object_;
  std::string path_;
  std::vector<std::string>* cleared_;
  std::map<std::string, std::pair<std::string*, Presence>> fields_;
};

template <typename T>
Result<std::vector<T>> DecodeList(std::string_view body, const std::function<Status(const json&, const std::string&, T&)>& one) {
  json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return Status::InvalidArgument("the body is not valid JSON", "body");
  std::vector<T> out;
  auto add = [&](const json& item, const std::string& path) -> Status {
    T record;
    PEAKEND_RETURN_IF_ERROR(one(item, path, record));
    PEAKEND_RETURN_IF_ERROR(
        ingest::CheckExternalId(path.empty() ? "external_id" : path + ".external_id", record.external_id));
    out.push_back(std::move(record));
    return Status::Ok();
  };
  if (doc.is_array()) {
    if (doc.size() > limits::kMaxRecordsPerRequest) {
      return Status::ResourceExhausted("at most " + std::to_string(limits::kMaxRecordsPerRequest) +
                                       " records per request; split the batch", "body");
    }
    for (std::size_t i = 0; i < doc.size(); ++i) PEAKEND_RETURN_IF_ERROR(add(doc[i], "[" + std::to_string(i) + "]"));
  } else {
    PEAKEND_RETURN_IF_ERROR(add(doc, ""));
  }
  if (out.empty()) return Status::InvalidArgument("the body holds no records", "body");
  return out;
}

std::string Join(const std::string& path, const char* name) { return path.empty() ? name : path + "." + name; }

// A name of white space alone would blank the stored one while "" keeps it: a client's empty
// form field, not a name.
Status CheckNotBlank(const std::string& value, const std::string& path, const char* field) {
  if (value.empty() || value.find_first_not_of(" \t\r\n") != std::string::npos) return Status::Ok();
  return Status::InvalidArgument("is only white space; give a name, or leave the field out to keep the stored one",
                                 Join(path, field));
}

}  // namespace

Result<std::vector<Location>> DecodeLocations(std::string_view body) {
  return DecodeList<Location>(body, [](const json& j, const std::string& path, Location& l) -> Status {
    std::string kind;
    PEAKEND_RETURN_IF_ERROR(ObjectReader(j, path, &l.cleared)
                                .Field("external_id", &l.external_id, Presence::kRequired)
                                .Field("name", &l.name)
                                .Field("kind", &kind)
                                .Field("channel", &l.channel, Presence::kClearable)
                                .Field("city", &l.city, Presence::kClearable)
                                .Read());
    PEAKEND_RETURN_IF_ERROR(CheckNotBlank(l.name, path, "name"));
    if (!kind.empty()) {
      auto k = ParseLocationKind(kind);
      if (!k) return Status::InvalidArgument("'" + kind + "' is not a location kind; use shop, webshop, contact_centre, fuel_station, hotel or other", Join(path, "kind"));
      l.kind = *k;
    }
    return Status::Ok();
  });
}

Result<std::vector<Team>> DecodeTeams(std::string_view body) {
  return DecodeList<Team>(body, [](const json& j, const std::string& path, Team& t) -> Status {
    PEAKEND_RETURN_IF_ERROR(ObjectReader(j, path, &t.cleared)
                                .Field("external_id", &t.external_id, Presence::kRequired)
                                .Field("name", &t.name)
                                .Field("location", &t.location_ref, Presence::kClearable)
                                .Read());
    return CheckNotBlank(t.name, path, "name");
  });
}

Result<std::vector<Employee>> DecodeEmployees(std::string_view body) {
  return DecodeList<Employee>(body, [](const json& j, const std::string& path, Employee& e) -> Status {
    std::string role;
    PEAKEND_RETURN_IF_ERROR(ObjectReader(j, path, &e.cleared)
                                .Field("external_id", &e.external_id, Presence::kRequired)
                                .Field("first_name", &e.first_name)
                                .Field("last_name", &e.last_name, Presence::kClearable)
                                .Field("email", &e.email, Presence::kClearable)
                                .Field("role", &role)
                                .Field("team", &e.team_ref, Presence::kClearable)
                                .Field("location", &e.location_ref, Presence::kClearable)
                                .Read());
    PEAKEND_RETURN_IF_ERROR(CheckNotBlank(e.first_name, path, "first_name"));
    if (!role.empty()) {
      auto r = ParseRole(role);
      if (!r) return Status::InvalidArgument("'" + role + "' is not a role; use employee, manager or admin", Join(path, "role"));
      e.role = *r;
    }
    return Status::Ok();
  });
}

Result<std::vector<Customer>> DecodeCustomers(std::string_view body) {
  return DecodeList<Customer>(body, [](const json& j, const std::string& path, Customer& c) -> Status {
    PEAKEND_RETURN_IF_ERROR(ObjectReader(j, path, &c.cleared)
                                .Field("external_id", &c.external_id, Presence::kRequired)
                                .Field("name", &c.name, Presence::kClearable)
                                .Field("email", &c.email, Presence::kClearable)
                                .Field("phone", &c.phone, Presence::kClearable)
                                .Field("language", &c.language, Presence::kClearable)
                                .Field("segment", &c.segment, Presence::kClearable)
                                .Read());
    auto language = ingest::NormalizeLanguage(c.language);
    if (!language.ok()) return Status::InvalidArgument(language.status().message(), Join(path, "language"));
    c.language = *language;
    return Status::Ok();
  });
}

}  // namespace peakend::http
