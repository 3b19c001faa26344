// Moments of truth in the demo: runs the rules over the generated responses as if they had
// just arrived, and closes the loop where the generated data has a follow-up call (most of them
// with a gesture from the employee's budget), so the inbox, SLA breaches and the recovery effect
// per rule and per gesture have something real to show.
#pragma once

#include <cstdint>

#include "core/calendar.h"
#include "core/status.h"
#include "moments/engine.h"
#include "store/store.h"

namespace peakend::demo {

struct CaseSeedSummary {
  std::int64_t examined = 0, cases = 0, resolved = 0, gestures = 0;
  std::int64_t escalated = 0;  // by the replayed SLA clock: past due, nobody had called back
};

// Gestures are spent from the budget months of `calendar`.
Result<CaseSeedSummary> SeedCases(Store& store, moments::MomentsEngine& engine, const Calendar& calendar);

}  // namespace peakend::demo
