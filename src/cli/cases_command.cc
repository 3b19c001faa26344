// `peakend cases ...`: the inbox of moments of truth for scripts and terminals.
#include <algorithm>
#include <cstdio>

#include "cli/options.h"
#include "core/limits.h"
#include "moments/budget.h"
#include "moments/engine.h"
#include "store/case_store.h"

namespace peakend::cli {
namespace {

std::unique_ptr<App> OpenWithoutText(const SettingFlags& flags) {
  auto config = flags.Load();
  if (!config.ok()) Fail(config.status());
  config->Set("text.enabled", "false", "default");
  auto app = OpenApp(*config, OpenMode::kExisting);
  if (!app.ok()) Fail(app.status());
  return std::move(app).value();
}

void PrintCase(const CaseRecord& c) {
  std::string escalated;
  if (c.escalated) escalated = c.escalated_to_ref.empty() ? " (escalated)" : " (escalated to " + c.escalated_to_ref + ")";
  std::printf("#%lld  %-20s %-11s due %s%s  assignee %s  team %s  customer %s\n    %s\n",
              static_cast<long long>(c.id), c.rule.c_str(), std::string(ToString(c.state)).c_str(),
              FormatTimestamp(c.due_at).c_str(), escalated.c_str(),
              c.assignee_ref.empty() ? "-" : c.assignee_ref.c_str(), c.team_ref.empty() ? "-" : c.team_ref.c_str(),
              c.customer_ref.empty() ? "-" : c.customer_ref.c_str(), c.reason.c_str());
}

}  // namespace

void AddCasesCommands(CLI::App& root) {
  auto* cases = root.add_subcommand("cases", "Moments of truth: list, show, claim and move cases; spend gestures.");
  cases->require_subcommand(1);
  cases->description("Moments of truth: list and show cases, move them (taking up a new one claims it), add notes, "
                     "spend gestures.");

  auto* list = cases->add_subcommand("list", "List cases, oldest first.");
  auto list_flags = std::make_shared<SettingFlags>(list);
  auto filter = std::make_shared<CaseFilter>();
  auto limit = std::make_shared<int>(50);
  auto after = std::make_shared<long long>(0);
  list->add_option("--state", filter->state, "new, in_progress, contacted, resolved or closed");
  list->add_option("--rule", filter->rule, "very_bad_experience, high_value_at_risk, fall, life_event, effort, praise");
  list->add_option("--team", filter->team_ref, "team external id");
  list->add_option("--assignee", filter->assignee_ref, "employee external id");
  list->add_option("--customer", filter->customer_ref, "customer external id");
  list->add_option("--escalated-to", filter->escalated_to_ref, "a manager's external id: the cases escalated to them");
  list->add_flag_callback("--overdue", [filter] { filter->overdue = true; }, "only open cases past their due time");
  list->add_option("--limit", *limit, "at most this many")
      ->capture_default_str()
      ->check(CLI::Range(1, limits::kMaxPageSize));
  list->add_option("--after", *after, "the cases after this id: the next page, as the last line of a page says")
      ->check(CLI::NonNegativeNumber);
  list->callback([list_flags, filter, limit, after] {
    if (Status checked = moments::CheckCaseFilter(*filter); !checked.ok()) Fail(checked);
    auto app = OpenWithoutText(*list_flags);
    FailOnUnknownCaseRefs(*app->store, *filter);
    filter->now = NowUtc();
    auto page = app->store->cases().ListCases(*filter, PageRequest{*after, *limit});
    if (!page.ok()) Fail(page.status());
    for (const auto& c : page->items) PrintCase(c);
    std::string more = page->next_after_id ? ", more with --after " + std::to_string(*page->next_after_id) : "";
    std::printf("%zu case(s)%s\n", page->items.size(), more.c_str());
  });

  auto* show = cases->add_subcommand("show", "Show a case with its history.");
  auto show_flags = std::make_shared<SettingFlags>(show);
  auto show_id = std::make_shared<long long>(0);
  show->add_option("id", *show_id, "case id")->required();
  show->callback([show_flags, show_id] {
    auto app = OpenWithoutText(*show_flags);
    auto c = app->store->cases().GetCase(*show_id);
    if (!c.ok()) Fail(c.status());
    if (!c->has_value()) Fail(Status::NotFound("no case with id " + std::to_string(*show_id)));
    PrintCase(**c);
    for (const auto& a : (*c)->suggested_actions) std::printf("    - %s\n", a.c_str());
    auto events = app->store->cases().CaseEvents(*show_id);
    if (!events.ok()) Fail(events.status());
    for (const auto& e : *events) {
      std::printf("  %s %-8s %-10s %s%s%s %s\n", FormatTimestamp(e.at).c_str(), e.actor.c_str(), e.action.c_str(),
                  e.from_state.c_str(), e.to_state.empty() ? "" : " -> ", e.to_state.c_str(), e.note.c_str());
    }
  });

  struct Change {
    long long id = 0;
    std::string by, to, note, gesture;
  };
  auto* move = cases->add_subcommand("transition", "Move a case: in_progress, contacted, resolved or closed (closing needs --note).");
  auto move_flags = std::make_shared<SettingFlags>(move);
  auto change = std::make_shared<Change>();
  move->add_option("id", change->id, "case id")->required();
  move->add_option("to", change->to, "the new state")->required();
  move->add_option("--by", change->by, "employee external id making the change")->required();
  move->add_option("--note", change->note, "what happened (required when closing)");
  move->callback([move_flags, change] {
    auto app = OpenWithoutText(*move_flags);
    auto to = ParseCaseState(change->to);
    if (!to) Fail(Status::InvalidArgument("'" + change->to + "' is not a state; use in_progress, contacted, resolved or closed"));
    auto before = app->store->cases().GetCase(change->id);
    if (!before.ok()) Fail(before.status());
    if (!*before) Fail(Status::NotFound("there is no case " + std::to_string(change->id) + "; see `peakend cases list`"));
    // Taking up a new case claims it; any other move goes by the case's states, so "back to
    // in_progress" from contacted is refused with the moves that exist.
    bool claims = *to == CaseState::kInProgress && (*before)->state == CaseState::kNew;
    Status s = claims ? moments::ClaimCase(*app->store, change->id, change->by, NowUtc())
                      : moments::MoveCase(*app->store, change->id, *to, change->by, change->note, NowUtc());
    if (!s.ok()) Fail(s);
    auto after = app->store->cases().GetCase(change->id);
    if (!after.ok() || !*after) Fail(after.ok() ? Status::Internal("the case vanished") : after.status());
    std::printf("case %lld is now %s\n", change->id, std::string(ToString((*after)->state)).c_str());
  });

  auto* note = cases->add_subcommand("note", "Add a note to a case.");
  auto note_flags = std::make_shared<SettingFlags>(note);
  auto noted = std::make_shared<Change>();
  note->add_option("id", noted->id, "case id")->required();
  note->add_option("text", noted->note, "the note")->required();
  note->add_option("--by", noted->by, "employee external id")->required();
  note->callback([note_flags, noted] {
    auto app = OpenWithoutText(*note_flags);
    Status s = moments::AddCaseNote(*app->store, noted->id, noted->by, noted->note, NowUtc());
    if (!s.ok()) Fail(s);
  });

  auto* spend = cases->add_subcommand("spend", "Spend a gesture on a case from the employee's own monthly budget.");
  auto spend_flags = std::make_shared<SettingFlags>(spend);
  auto spent = std::make_shared<Change>();
  spend->add_option("id", spent->id, "case id")->required();
  spend->add_option("gesture", spent->gesture,
                    "a gesture of the catalogue (default: " + moments::GestureCatalogue::Defaults().Names() +
                        "; moments.config can replace it)")->required();
  spend->add_option("--by", spent->by, "employee external id")->required();
  spend->callback([spend_flags, spent] {
    auto app = OpenWithoutText(*spend_flags);
    const auto& config = app->moments->config();
    const moments::Gesture* gesture = config.gestures.Find(spent->gesture);
    if (!gesture) {
      Fail(Status::InvalidArgument("unknown gesture '" + spent->gesture + "'; the catalogue has " + config.gestures.Names()));
    }
    auto employees = app->store->ListEmployees();
    if (!employees.ok()) Fail(employees.status());
    std::optional<Role> role;
    for (const auto& e : *employees) {
      if (e.external_id == spent->by) role = e.role.value_or(kDefaultRole);
    }
    if (!role) Fail(Status::NotFound("unknown employee '" + spent->by + "'"));
    Timestamp now = NowUtc();
    auto left = app->store->cases().SpendGesture(
        {spent->id, spent->by, gesture->name, gesture->cost_cents, now, app->calendar.PeriodKey(now, Period::kMonth)},
        config.budgets.MonthlyCents(*role));
    if (!left.ok()) Fail(left.status());
    std::printf("%s spent; %.2f left this month\n", gesture->name.c_str(), *left / 100.0);
  });
}

}  // namespace peakend::cli
