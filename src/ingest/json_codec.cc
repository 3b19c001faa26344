#include "ingest/json_codec.h"

#include <algorithm>
#include <functional>

#include "core/limits.h"
#include "core/strings.h"
#include "ingest/fields.h"
#include "ingest/validation.h"

namespace peakend::ingest {
namespace {

using nlohmann::json;

std::string Join(const std::string& path, const std::string& name) { return path.empty() ? name : path + "." + name; }

Status AtPath(const Status& s, const std::string& path) {
  if (s.ok()) return s;
  std::string field = s.field().empty() ? path : Join(path, s.field());
  return Status(s.code(), s.message(), field);
}

// An integer as written: unsigned ones above 2^63 must not wrap round to negative numbers.
std::string IntegerText(const json& value) {
  return value.is_number_unsigned() ? std::to_string(value.get<std::uint64_t>()) : std::to_string(value.get<std::int64_t>());
}

// A JSON value as the text a field parser takes; answers must be JSON numbers, ids may be
// numbers or strings, everything else strings.
Result<std::string> FieldText(const std::string& field, const json& value, bool answer) {
  if (answer) {
    if (value.is_number_integer() || value.is_number_unsigned()) return IntegerText(value);
    // JSON has one number type, so 9.0 and 1e1 are whole numbers too (as "9.0" is in CSV);
    // ParseAnswer checks the value, and names it as the client wrote it ("9.5", not "9.500000").
    if (value.is_number_float()) return value.dump();
    return Status::InvalidArgument("must be a whole number, not " + std::string(value.type_name()) + " " +
                                       value.dump().substr(0, 40), field);
  }
  if (value.is_string()) return value.get<std::string>();
  if ((value.is_number_integer() || value.is_number_unsigned()) &&
      (field == "external_id" || field == "interaction" || field == "customer" || field == "location" ||
       field == "employee" || field == "journey_id" || field == "submitted_at" || field == "occurred_at")) {
    return IntegerText(value);
  }
  return Status::InvalidArgument("must be a string, not " + std::string(value.type_name()), field);
}

bool IsNdjsonType(std::string_view content_type) {
  return content_type.find("ndjson") != std::string_view::npos || content_type.find("jsonl") != std::string_view::npos ||
         content_type.find("json-seq") != std::string_view::npos;
}

// Counts how deeply arrays and objects nest, outside strings, without parsing, and how many
// keys the objects have (strings followed by ':'). The parser itself copes with any depth, but
// dumping a value (attributes, error messages) recurses, so a small body nested a hundred
// thousand levels deep would overflow the stack.
Result<std::size_t> ScanStructure(std::string_view body) {
  std::size_t depth = 0, keys = 0;
  JsonTextState state;
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    JsonTextState::Byte byte = state.Take(c);
    if (byte == JsonTextState::Byte::kStringEnd) {
      std::size_t next = body.find_first_not_of(" \t\r\n", i + 1);
      keys += next != std::string_view::npos && body[next] == ':';
    } else if (byte == JsonTextState::Byte::kInString) {
      continue;
    } else if (c == '[' || c == '{') {
      if (++depth > limits::kMaxJsonDepth) {
        return Status::InvalidArgument("arrays and objects are nested more than " +
                                           std::to_string(limits::kMaxJsonDepth) +
                                           " levels deep; a record is an object of fields, attributes an object of "
                                           "name: value",
                                       "body");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return keys;
}

// Keys of all objects in a parsed value; fewer than in its text when a key was repeated in one
// object, which the parser resolves silently by keeping the last value.
std::size_t CountKeys(const json& value) {
  std::size_t n = value.is_object() ? value.size() : 0;
  if (value.is_structured()) {
    for (const auto& item : value) n += CountKeys(item);  // depth is bounded by ScanStructure
  }
  return n;
}

// Names the key given twice in one object: only looked for once CountKeys has shown there is one.
Status RepeatedKeyError(std::string_view body) {
  std::vector<std::vector<std::string>> objects;
  std::string repeated;
  json::parser_callback_t find = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      objects.emplace_back();
    } else if (event == json::parse_event_t::object_end && !objects.empty()) {
      objects.pop_back();
    } else if (event == json::parse_event_t::key && !objects.empty() && repeated.empty()) {
      auto& keys = objects.back();
      std::string key = parsed.get<std::string>();
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) repeated = key;
      keys.push_back(std::move(key));
    }
    return true;
  };
  for (std::size_t start = 0; start < body.size() && repeated.empty();) {  // line by line for NDJSON
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    objects.clear();
    if (json::parse(body.substr(start, end - start), find, false).is_discarded()) {
      objects.clear();
      [[maybe_unused]] json whole = json::parse(body, find, false);  // one document over several lines
      break;
    }
    start = end + 1;
  }
  return Status::InvalidArgument("the key '" + repeated + "' appears twice in one object; send each field once",
                                 repeated);
}

// The parser's account of where the JSON breaks is cut to this many bytes in an error.
constexpr std::size_t kMaxParseDetailBytes = 200;

// Where `text` stops being JSON ("at line 1, column 5, while parsing value: invalid literal;
// last read: 'tru'"), so the client can find the mistake.
std::string ParserDetail(std::string_view text) {
  try {
    json reparsed = json::parse(text.begin(), text.end());
    (void)reparsed;
  } catch (const json::exception& e) {  // parse errors, and numbers out of range such as 1e999
    return DescribeJsonParseError(e.what());
  }
  return "";
}

// application/json-seq (RFC 7464) starts every record with this character (RS).
constexpr char kRecordSeparator = '\x1e';

// Splits the body into documents with their JSON path prefix: "" for a single object,
// "[i]" for array items and NDJSON lines (line i+1 is reported as "[i]" too, plus the line).
Status ForEachDocument(std::string_view body, std::string_view content_type,
                       const std::function<Status(const json&, const std::string&)>& each) {
  // Windows tools and .NET clients often start UTF-8 text with a byte order mark; the JSON
  // parser skips it, but NDJSON is split and recognised here, on its first byte.
  constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
  if (body.substr(0, kUtf8Bom.size()) == kUtf8Bom) body.remove_prefix(kUtf8Bom.size());
  auto trimmed = body;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.remove_prefix(1);
  if (trimmed.empty()) return Status::InvalidArgument("the body is empty; send a JSON object, an array or NDJSON", "body");
  auto text_keys = ScanStructure(body);
  if (!text_keys.ok()) return text_keys.status();
  bool ndjson = IsNdjsonType(content_type);
  std::size_t parsed_keys = 0;
  json doc;
  if (!ndjson) {
    doc = json::parse(body.begin(), body.end(), nullptr, false);
    // Several objects on separate lines without an NDJSON content type: read them as NDJSON.
    ndjson = doc.is_discarded() && trimmed.front() == '{' && body.find('\n') != std::string_view::npos &&
             json::parse(body.substr(0, body.find('\n')), nullptr, false).is_object();
    if (!ndjson && doc.is_discarded()) {
      if (std::size_t bad = FirstInvalidUtf8Byte(body); bad != std::string_view::npos) {
        return InvalidUtf8Error(body, bad, "", 0);
      }
      return Status::InvalidArgument("the body is not valid JSON: " + ParserDetail(body), "body");
    }
  }
  if (ndjson) {
    std::size_t count = 0, start = 0, line_no = 0;
    while (start < body.size()) {
      std::size_t end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      std::string_view line = body.substr(start, end - start);
      start = end + 1;
      ++line_no;
      if (!line.empty() && line.front() == kRecordSeparator) line.remove_prefix(1);
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      if (++count > limits::kMaxRecordsPerRequest) {
        return Status::ResourceExhausted("more than " + std::to_string(limits::kMaxRecordsPerRequest) +
                                         " records in one request; split the batch", "body");
      }
      std::string path = "[" + std::to_string(count - 1) + "]";
      if (std::size_t bad = FirstInvalidUtf8Byte(line); bad != std::string_view::npos) {
        return InvalidUtf8Error(line, bad, path, line_no);
      }
      json item = json::parse(line, nullptr, false);
      if (item.is_discarded()) {
        return Status::InvalidArgument("line " + std::to_string(line_no) + " is not valid JSON: " + ParserDetail(line),
                                       path);
      }
      parsed_keys += CountKeys(item);
      PEAKEND_RETURN_IF_ERROR(each(item, path));
    }
    if (count == 0) return Status::InvalidArgument("the body holds no records", "body");
    return parsed_keys == *text_keys ? Status::Ok() : RepeatedKeyError(body);
  }
  if (CountKeys(doc) != *text_keys) return RepeatedKeyError(body);
  if (doc.is_array()) {
    if (doc.empty()) return Status::InvalidArgument("the array holds no records", "body");
    if (doc.size() > limits::kMaxRecordsPerRequest) {
      return Status::ResourceExhausted("more than " + std::to_string(limits::kMaxRecordsPerRequest) +
                                       " records in one request; split the batch", "body");
    }
    for (std::size_t i = 0; i < doc.size(); ++i) {
      PEAKEND_RETURN_IF_ERROR(each(doc[i], "[" + std::to_string(i) + "]"));
    }
    return Status::Ok();
  }
  return each(doc, "");
}

// An answer given both at the top level ("nps": 7) and in "answers" must say the same: which
// of two different scores the customer gave cannot be guessed.
Status CheckAnswerGivenOnce(const json& obj) {
  const auto answers = obj.find("answers");
  if (answers == obj.end() || !answers->is_object()) return Status::Ok();
  for (const auto& [name, answer] : answers->items()) {
    const auto top = obj.find(name);
    if (top == obj.end() || top->is_null() || answer.is_null() || !ScaleOf(name)) continue;
    // Compared as numbers, so 7 and 7.0 agree; anything else is refused by the answer's own check.
    if (top->is_number() && answer.is_number() && top->get<double>() != answer.get<double>()) {
      return Status::InvalidArgument("'" + name + "' is given twice with different values (" + top->dump() + " and " +
                                         "answers." + name + " " + answer.dump() + "); send it once",
                                     Join("answers", name));
    }
  }
  return Status::Ok();
}

Status DecodeResponseObject(const json& obj, Response& r, const Calendar* calendar) {
  if (!obj.is_object()) return Status::InvalidArgument("each record must be a JSON object", "");
  PEAKEND_RETURN_IF_ERROR(CheckAnswerGivenOnce(obj));
  for (const auto& [key, value] : obj.items()) {
    if (value.is_null()) continue;
    if (key == "answers") {
      if (!value.is_object()) return Status::InvalidArgument("must be an object of answers", key);
      for (const auto& [name, answer] : value.items()) {
        if (answer.is_null()) continue;
        if (!ScaleOf(name)) {
          std::string shown = Shorten(name, limits::kMaxEchoedNameBytes);
          return Status::InvalidArgument("unknown answer '" + shown + "'; use nps, csat, ces, effectiveness, ease or emotion",
                                         Join(key, shown));
        }
        auto text = FieldText(name, answer, true);
        if (!text.ok()) return AtPath(text.status(), key);
        PEAKEND_RETURN_IF_ERROR(AtPath(SetResponseField(r, name, *text, calendar), key));
      }
      continue;
    }
    if (key == "attributes") {
      if (!value.is_object()) return Status::InvalidArgument("must be an object of name: value", key);
      for (const auto& [name, v] : value.items()) {
        if (v.is_null()) continue;
        std::string text = v.is_string() ? v.get<std::string>() : v.dump();
        r.attributes.emplace_back(name, std::move(text));
      }
      continue;
    }
    if (!IsField(RecordKind::kResponse, key) || key.rfind(std::string(kAttributePrefix), 0) == 0) {
      return Status::InvalidArgument("unknown field '" + Shorten(key, limits::kMaxEchoedNameBytes) +
                                         "'; accepted fields: " + FieldList(RecordKind::kResponse) +
                                         " (attr:<name> is for CSV; in JSON use \"attributes\": {...}), answers",
                                     Shorten(key, limits::kMaxEchoedNameBytes));
    }
    auto text = FieldText(key, value, ScaleOf(key).has_value());
    if (!text.ok()) return text.status();
    PEAKEND_RETURN_IF_ERROR(SetResponseField(r, key, *text, calendar));
  }
  return ValidateResponse(r);
}

Status DecodeInteractionObject(const json& obj, Interaction& x, const Calendar* calendar) {
  if (!obj.is_object()) return Status::InvalidArgument("each record must be a JSON object", "");
  for (const auto& [key, value] : obj.items()) {
    if (value.is_null()) continue;
    if (!IsField(RecordKind::kInteraction, key)) {
      return Status::InvalidArgument("unknown field '" + Shorten(key, limits::kMaxEchoedNameBytes) +
                                         "'; accepted fields: " + FieldList(RecordKind::kInteraction),
                                     Shorten(key, limits::kMaxEchoedNameBytes));
    }
    auto text = FieldText(key, value, false);
    if (!text.ok()) return text.status();
    PEAKEND_RETURN_IF_ERROR(SetInteractionField(x, key, *text, calendar));
  }
  if (!obj.contains("type") || obj["type"].is_null()) {
    return Status::InvalidArgument("is required; use one of " + InteractionTypeNames(), "type");
  }
  return ValidateInteraction(x);
}

json OptionalText(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json OptionalInt(const std::optional<int>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

std::string DescribeJsonParseError(std::string what) {
  if (std::size_t end = what.find("] "); what.starts_with("[json.exception.") && end != std::string::npos) {
    what.erase(0, end + 2);
  }
  constexpr std::string_view kParseError = "parse error ", kSyntaxError = ": syntax error while parsing ", kDash = " - ";
  if (what.starts_with(kParseError)) what.erase(0, kParseError.size());
  if (std::size_t at = what.find(kSyntaxError); at != std::string::npos) {
    what.replace(at, kSyntaxError.size(), ", while parsing ");
    if (std::size_t dash = what.find(kDash, at); dash != std::string::npos) what.replace(dash, kDash.size(), ": ");
  }
  return Shorten(what, kMaxParseDetailBytes);
}

Status InvalidUtf8Error(std::string_view text, std::size_t offset, const std::string& path, std::size_t line) {
  struct Frame {
    bool array = false;
    long index = -1;  // of the last element begun, in an array
    std::string key;  // the last key read, in an object
  };
  std::vector<Frame> frames;
  auto element_begins = [&] {
    if (!frames.empty() && frames.back().array) ++frames.back().index;
  };
  json::parser_callback_t track = [&](int, json::parse_event_t event, json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start: element_begins(); frames.push_back(Frame{false, -1, {}}); break;
      case json::parse_event_t::array_start: element_begins(); frames.push_back(Frame{true, -1, {}}); break;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end: if (!frames.empty()) frames.pop_back(); break;
      case json::parse_event_t::key: if (!frames.empty()) frames.back().key = parsed.get<std::string>(); break;
      case json::parse_event_t::value: element_begins(); break;
    }
    return true;
  };
  [[maybe_unused]] json ignored = json::parse(text.begin(), text.end(), track, false);
  // A stray byte in a key leaves the parser at the key before it: name the record only.
  std::size_t close = offset;
  while (close < text.size() && text[close] != '"') close += text[close] == '\\' ? 2 : 1;
  std::size_t after = close < text.size() ? text.find_first_not_of(" \t\r\n", close + 1) : std::string_view::npos;
  if (after != std::string_view::npos && text[after] == ':' && !frames.empty()) frames.back().key.clear();
  std::string field = path;
  for (std::size_t k = 0; k < frames.size(); ++k) {
    const Frame& f = frames[k];
    if (f.array) {
      long index = k + 1 == frames.size() ? f.index + 1 : f.index;  // the last: the string that broke
      field += "[" + std::to_string(std::max(index, 0L)) + "]";
    } else if (!f.key.empty()) {
      field = field.empty() ? f.key : field + "." + f.key;
    }
  }
  std::string where = line > 0 ? "line " + std::to_string(line) + ", byte " + std::to_string(offset + 1)
                               : "byte " + std::to_string(offset + 1) + " of the body";
  return Status::InvalidArgument(
      (field.empty() ? std::string("the body") : "'" + field + "'") + " is not valid UTF-8 (" + where +
          "); send text as UTF-8: text from a Windows-1252 or Latin-1 system must be converted first",
      field.empty() ? "body" : field);
}

Result<std::vector<Response>> DecodeResponses(std::string_view body, std::string_view content_type,
                                              const Calendar* calendar) {
  std::vector<Response> out;
  Timestamp now = NowUtc();
  Status s = ForEachDocument(body, content_type, [&](const json& item, const std::string& path) -> Status {
    Response r;
    r.channel = ResponseChannel::kApi;
    PEAKEND_RETURN_IF_ERROR(AtPath(DecodeResponseObject(item, r, calendar), path));
    if (r.submitted_at == 0) r.submitted_at = now;
    out.push_back(std::move(r));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Interaction>> DecodeInteractions(std::string_view body, std::string_view content_type,
                                                    const Calendar* calendar) {
  std::vector<Interaction> out;
  Status s = ForEachDocument(body, content_type, [&](const json& item, const std::string& path) -> Status {
    Interaction x;
    PEAKEND_RETURN_IF_ERROR(AtPath(DecodeInteractionObject(item, x, calendar), path));
    out.push_back(std::move(x));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

json ToJson(const Response& r) {
  json attributes = json::object();
  for (const auto& [k, v] : r.attributes) attributes[k] = v;
  json tags = json::array();
  for (const auto& t : r.tags) {
    json tag = {{"kind", t.kind}, {"name", t.name}, {"score", t.score}};
    if (!t.phrase.empty()) tag["phrase"] = t.phrase;
    tags.push_back(std::move(tag));
  }
  json out = {{"id", r.id},
              {"external_id", OptionalText(r.external_id)},
              {"interaction", OptionalText(r.interaction_ref)},
              {"customer", OptionalText(r.customer_ref)},
              {"location", OptionalText(r.location_ref)},
              {"employee", OptionalText(r.employee_ref)},
              {"journey_id", OptionalText(r.journey_id)},
              {"interaction_type", r.interaction_type ? json(std::string(ToString(*r.interaction_type))) : json(nullptr)},
              {"answers",
               {{"nps", OptionalInt(r.answers.nps)},
                {"csat", OptionalInt(r.answers.csat)},
                {"ces", OptionalInt(r.answers.ces)},
                {"effectiveness", OptionalInt(r.answers.effectiveness)},
                {"ease", OptionalInt(r.answers.ease)},
                {"emotion", OptionalInt(r.answers.emotion)}}},
              {"comment", OptionalText(r.comment)},
              {"language", OptionalText(r.language)},
              {"submitted_at", FormatTimestamp(r.submitted_at)},
              {"channel", std::string(ToString(r.channel))},
              {"attributes", attributes},
              {"sentiment", r.sentiment ? json(*r.sentiment) : json(nullptr)},
              {"sentiment_label", OptionalText(r.sentiment_label)},
              {"tags", tags}};
  if (!r.analysis_json.empty()) {
    json analysis = json::parse(r.analysis_json, nullptr, false);
    out["analysis"] = analysis.is_discarded() ? json(nullptr) : analysis;
  }
  return out;
}

json ToJson(const Interaction& x) {
  return {{"id", x.id},
          {"external_id", OptionalText(x.external_id)},
          {"type", std::string(ToString(x.type))},
          {"occurred_at", FormatTimestamp(x.occurred_at)},
          {"customer", OptionalText(x.customer_ref)},
          {"location", OptionalText(x.location_ref)},
          {"employee", OptionalText(x.employee_ref)},
          {"journey_id", OptionalText(x.journey_id)}};
}

json ToJson(const Location& l) {
  return {{"id", l.id},           {"external_id", l.external_id}, {"name", l.name},
          {"kind", std::string(ToString(l.kind.value_or(kDefaultLocationKind)))}, {"channel", OptionalText(l.channel)}, {"city", OptionalText(l.city)}};
}

json ToJson(const Team& t) {
  return {{"id", t.id}, {"external_id", t.external_id}, {"name", t.name}, {"location", OptionalText(t.location_ref)}};
}

json ToJson(const Employee& e) {
  return {{"id", e.id},
          {"external_id", e.external_id},
          {"first_name", e.first_name},
          {"last_name", OptionalText(e.last_name)},
          {"role", std::string(ToString(e.role.value_or(kDefaultRole)))},
          {"team", OptionalText(e.team_ref)},
          {"location", OptionalText(e.location_ref)}};
}

json ToJson(const Customer& c) {
  return {{"id", c.id},
          {"external_id", c.external_id},
          {"name", OptionalText(c.name)},
          {"email", OptionalText(c.email)},
          {"phone", OptionalText(c.phone)},
          {"language", OptionalText(c.language)},
          {"segment", OptionalText(c.segment)}};
}

json ToJson(const CaseEvent& e) {
  return {{"at", FormatTimestamp(e.at)}, {"actor", e.actor}, {"action", e.action},
          {"from", e.from_state},        {"to", e.to_state},   {"note", e.note}};
}

json ToJson(const GestureSpend& g) {
  return {{"gesture", g.gesture}, {"cost_cents", g.cost_cents}, {"employee", g.employee_ref},
          {"month", g.month},     {"at", FormatTimestamp(g.at)}};
}

}  // namespace peakend::ingest
