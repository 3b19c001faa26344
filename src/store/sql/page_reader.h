// Reads one page of a cursor-paginated query: the statement selects up to limit + 1 rows
// ordered by id; the extra row only tells that another page follows.
#pragma once

#include <functional>

#include "store/sql/connection.h"
#include "store/store.h"

namespace peakend::sql {

template <typename T>
Result<Page<T>> ReadPage(Statement& s, int limit, const std::function<T(const Statement&)>& read) {
  Page<T> out;
  for (;;) {
    auto row = s.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    if (static_cast<int>(out.items.size()) == limit) {
      out.next_after_id = out.items.back().id;
      break;
    }
    out.items.push_back(read(s));
  }
  s.Reset();
  return out;
}

}  // namespace peakend::sql
