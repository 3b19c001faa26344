#include "core/time_zones.h"

#include <unicode/basictz.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>

#include "core/strings.h"

namespace peakend {
namespace {

enum class Dst { kNone, kEu, kUs };

struct Zone {
  int standard_minutes;
  Dst dst;
};

// The n-th (1-based; n = 5 means last) Sunday of a month, as days since the epoch.
std::int64_t NthSunday(int year, unsigned month, int n) {
  if (n == 5) {
    unsigned next_month = month == 12 ? 1 : month + 1;
    int next_year = month == 12 ? year + 1 : year;
    std::int64_t last = DaysFromCivil(next_year, next_month, 1) - 1;
    std::int64_t weekday = ((last % 7) + 7 + 4) % 7;  // 0 = Sunday; 1970-01-01 was a Thursday
    return last - weekday;
  }
  std::int64_t first = DaysFromCivil(year, month, 1);
  std::int64_t weekday = ((first % 7) + 7 + 4) % 7;
  return first + (7 - weekday) % 7 + 7 * (n - 1);
}

// The calendar year of `t`.
int YearOf(Timestamp t) {
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  int y;
  unsigned m, d;
  CivilFromDays(days, y, m, d);
  return y;
}

bool InDaylightTime(const Zone& z, Timestamp local) {
  if (z.dst == Dst::kNone) return false;
  int y = YearOf(local);
  if (z.dst == Dst::kEu) {
    // Last Sunday of March to last Sunday of October, switching at 01:00 UTC.
    Timestamp start = NthSunday(y, 3, 5) * 86400 + 3600 + z.standard_minutes * 60;
    Timestamp end = NthSunday(y, 10, 5) * 86400 + 3600 + (z.standard_minutes + 60) * 60;
    return local >= start && local < end;
  }
  // United States: second Sunday of March 02:00 to first Sunday of November 02:00, local time.
  Timestamp start = NthSunday(y, 3, 2) * 86400 + 2 * 3600;
  Timestamp end = NthSunday(y, 11, 1) * 86400 + 2 * 3600;
  return local >= start && local < end;
}

// The same, asked of an instant: Europe switches at 01:00 UTC, the United States at 02:00
// local time (standard time in March, daylight time in November).
bool InDaylightTimeAt(const Zone& z, Timestamp utc) {
  if (z.dst == Dst::kNone) return false;
  int y = YearOf(utc);
  if (z.dst == Dst::kEu) return utc >= NthSunday(y, 3, 5) * 86400 + 3600 && utc < NthSunday(y, 10, 5) * 86400 + 3600;
  Timestamp start = NthSunday(y, 3, 2) * 86400 + 2 * 3600 - z.standard_minutes * 60;
  Timestamp end = NthSunday(y, 11, 1) * 86400 + 2 * 3600 - (z.standard_minutes + 60) * 60;
  return utc >= start && utc < end;
}

const std::map<std::string, Zone>& Zones() {
  static const std::map<std::string, Zone> zones = {
      {"UTC", {0, Dst::kNone}},           {"Etc/UTC", {0, Dst::kNone}},          {"GMT", {0, Dst::kNone}},
      {"Europe/London", {0, Dst::kEu}},   {"Europe/Dublin", {0, Dst::kEu}},      {"Europe/Lisbon", {0, Dst::kEu}},
      {"Europe/Amsterdam", {60, Dst::kEu}}, {"Europe/Brussels", {60, Dst::kEu}}, {"Europe/Berlin", {60, Dst::kEu}},
      {"Europe/Paris", {60, Dst::kEu}},   {"Europe/Madrid", {60, Dst::kEu}},     {"Europe/Rome", {60, Dst::kEu}},
      {"Europe/Vienna", {60, Dst::kEu}},  {"Europe/Zurich", {60, Dst::kEu}},     {"Europe/Copenhagen", {60, Dst::kEu}},
      {"Europe/Stockholm", {60, Dst::kEu}}, {"Europe/Oslo", {60, Dst::kEu}},     {"Europe/Warsaw", {60, Dst::kEu}},
      {"Europe/Luxembourg", {60, Dst::kEu}}, {"Europe/Helsinki", {120, Dst::kEu}}, {"Europe/Athens", {120, Dst::kEu}},
      {"America/New_York", {-300, Dst::kUs}}, {"America/Chicago", {-360, Dst::kUs}},
      {"America/Denver", {-420, Dst::kUs}},   {"America/Phoenix", {-420, Dst::kNone}},
      {"America/Los_Angeles", {-480, Dst::kUs}}, {"America/Anchorage", {-540, Dst::kUs}},
      {"Pacific/Honolulu", {-600, Dst::kNone}}, {"Asia/Tokyo", {540, Dst::kNone}}, {"Asia/Singapore", {480, Dst::kNone}},
      {"Asia/Kolkata", {330, Dst::kNone}},    {"Australia/Brisbane", {600, Dst::kNone}}};
  return zones;
}

// Zones outside the table above (America/Sao_Paulo, Africa/Johannesburg, Asia/Dubai, ...) come
// from ICU's time-zone database, which knows every IANA name and its history.
constexpr std::size_t kMaxIcuZonesKept = 256;  // names looked up, known or not (they come from files)
constexpr double kMillisecondsPerSecond = 1000;
constexpr int kMillisecondsPerMinute = 60000;

class IcuZones {
 public:
  // The offset in minutes, or nullopt for a name ICU does not know. `local`: `t` is wall-clock
  // time (a time in a clock change's gap or overlap is read as the earlier offset would).
  std::optional<int> OffsetMinutes(const std::string& name, Timestamp t, bool local) {
    std::lock_guard lock(mu_);  // ICU zones are not shared between threads
    const icu::BasicTimeZone* zone = Find(name);
    if (!zone) return std::nullopt;
    UErrorCode status = U_ZERO_ERROR;
    std::int32_t raw = 0, dst = 0;
    UDate date = static_cast<double>(t) * kMillisecondsPerSecond;
    if (local) {
      zone->getOffsetFromLocal(date, UCAL_TZ_LOCAL_FORMER, UCAL_TZ_LOCAL_FORMER, raw, dst, status);
    } else {
      zone->getOffset(date, false, raw, dst, status);
    }
    if (U_FAILURE(status)) return std::nullopt;
    return (raw + dst) / kMillisecondsPerMinute;
  }

 private:
  const icu::BasicTimeZone* Find(const std::string& name) {
    auto it = zones_.find(name);
    if (it != zones_.end()) return it->second.get();
    std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(name)));
    auto* basic = dynamic_cast<icu::BasicTimeZone*>(zone.get());
    bool known = zone && basic && *zone != icu::TimeZone::getUnknown();
    std::unique_ptr<icu::BasicTimeZone> kept(known ? static_cast<icu::BasicTimeZone*>(zone.release()) : nullptr);
    const icu::BasicTimeZone* found = kept.get();
    if (zones_.size() < kMaxIcuZonesKept) zones_.emplace(name, std::move(kept));
    return found;
  }

  std::mutex mu_;
  std::map<std::string, std::unique_ptr<icu::BasicTimeZone>> zones_;
};

IcuZones& Icu() {
  static IcuZones zones;
  return zones;
}

}  // namespace

std::optional<int> UtcOffsetMinutesAt(const std::string& zone, Timestamp utc) {
  auto it = Zones().find(zone);
  if (it == Zones().end()) return Icu().OffsetMinutes(zone, utc, false);
  return it->second.standard_minutes + (InDaylightTimeAt(it->second, utc) ? 60 : 0);
}

std::string CanonicalZoneName(std::string_view zone) {
  std::string name(TrimSpace(zone));
  std::string lower = AsciiLower(name);
  constexpr std::array<std::string_view, 8> kUtcNames = {"z", "utc", "gmt", "+00:00", "+0000", "etc/utc", "utc+0", "gmt+0"};
  if (std::find(kUtcNames.begin(), kUtcNames.end(), lower) != kUtcNames.end()) return "UTC";
  if (name.empty() || UtcOffsetMinutes(name, 0)) return name;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::StringEnumeration> ids(icu::TimeZone::createEnumeration(status));
  if (U_FAILURE(status) || !ids) return name;
  for (const icu::UnicodeString* id = ids->snext(status); id != nullptr && U_SUCCESS(status); id = ids->snext(status)) {
    std::string known;
    id->toUTF8String(known);
    if (AsciiLower(known) == lower) return known;
  }
  return name;
}

std::string KnownTimeZones() {
  return "an IANA time zone name, such as Europe/Amsterdam, Europe/London, America/New_York or Asia/Tokyo";
}

std::optional<int> UtcOffsetMinutes(const std::string& zone, Timestamp local) {
  auto it = Zones().find(zone);
  if (it == Zones().end()) return Icu().OffsetMinutes(zone, local, true);
  return it->second.standard_minutes + (InDaylightTime(it->second, local) ? 60 : 0);
}

}  // namespace peakend
