// Durations and dates a customer writes ("40 minuten", "2 hours", "drie weken", "een half uur",
// "90min"; "20 maart", "Thursday", "the 19th"): how long something took, for the rule that a long
// wait is a complaint, and the date a customer says it is now, for the one that time has passed.
#pragma once

#include <optional>
#include <span>

#include "text/tokenizer.h"

namespace peakend::text {

// The minutes of the duration whose unit is tokens[i] ("minuten", "hours", "kwartier", or a
// number and unit written as one word: "90min"), with its amount written right before it in
// digits or in words ("45 minuten", "drie weken", "an hour"). A plural unit of an hour or
// longer needs no amount ("uren gewacht", "waited hours": two of them). nullopt when tokens[i]
// is no unit, or a unit of minutes or less than a week without an amount.
std::optional<double> MinutesEndingAt(std::span<const TokenView> tokens, std::size_t i);

// Whether `lower` (case-folded) names a day: a month ("maart", "march", "sept"), a day of the week
// ("donderdag", "thursday") or an English ordinal ("19th", "2nd").
bool IsDateWord(std::string_view lower);

}  // namespace peakend::text
