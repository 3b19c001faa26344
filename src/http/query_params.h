// Turning query strings into store filters and pages, with errors that name the parameter.
#pragma once

#include "core/calendar.h"
#include "core/status.h"
#include "http/server.h"
#include "store/store.h"

namespace peakend::http {

// ?external_id= &customer= &location= &team= &employee= &journey= &from= &to=
// &aspect= &topic= &emotion= &sentiment=negative|neutral|positive. A date in from/to is
// midnight in `calendar`'s time zone.
Result<RecordFilter> ParseFilter(const Request& request, const Calendar& calendar);

// ?after=<cursor> &limit=1..limits::kMaxPageSize (default limits::kDefaultPageSize)
Result<PageRequest> ParsePage(const Request& request);
// ?NAME=true or ?NAME=false; unset when the parameter is absent. Any other word is refused
// rather than read as false, so a filter a client asked for is never quietly dropped.
Result<std::optional<bool>> ParseBool(const Request& request, const char* name);

// Only ?limit= (for listings whose cursor is not an id).
Result<int> ParseLimit(const Request& request);

// The record id in the path (the first capture of the route), e.g. /api/v1/cases/{id}: digits
// only, so "12abc" or " 12" is an error rather than record 12. `what` names it in the error.
Result<Id> ParsePathId(const Request& request, const std::string& what);

// Rejects parameters the endpoint does not know, so a typo ("loction=") is not silently ignored,
// and those given twice or with an empty value, which would quietly answer for more than asked.
Status CheckKnownParams(const Request& request, std::initializer_list<const char*> known);
// The same, also accepting attr.NAME parameters (filters on custom attributes of responses).
Status CheckKnownParamsWithAttributes(const Request& request, std::initializer_list<const char*> known);

}  // namespace peakend::http
