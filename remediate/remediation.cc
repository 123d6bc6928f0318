#include "remediate/remediation.h"

#include "parse/secret_redactor.h"
#include "remediate/fortios_remediation.h"
#include "remediate/remediation_parts.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

using Action = RemediationCommand::Action;
using Commands = std::vector<RemediationCommand>;

// ---------------------------------------------------------------- cli family (IOS & co.)

// Commands of one line of a level, kept together when the level is ordered by weight.
struct Group {
  int weight;
  Commands commands;
};

bool same_lines(const ConfigLine& a, const ConfigLine& b) {
  if (a.text != b.text || a.children.size() != b.children.size()) return false;
  for (std::size_t i = 0; i < a.children.size(); ++i)
    if (!same_lines(a.children[i], b.children[i])) return false;
  return true;
}

// An ACL whose every entry has a sequence number is changed entry by entry.
bool numbered(const ConfigLine& section) {
  if (section.children.empty()) return false;
  return std::all_of(section.children.begin(), section.children.end(), [](const ConfigLine& c) {
    return !c.text.empty() && c.text[0] >= '0' && c.text[0] <= '9';
  });
}

bool replaced_whole(const ConfigLine& section, const Driver& driver) {
  return driver.is_overwrite(section.text) && !numbered(section);
}

void diff_cli(const ConfigLine& running, const ConfigLine& intended,
              std::vector<std::string>* context, const Driver& driver, Commands* out) {
  std::unordered_map<std::string_view, const ConfigLine*> intended_by_text, running_by_text;
  std::unordered_map<std::string, const ConfigLine*> intended_by_key, running_by_key;
  for (const ConfigLine& line : intended.children) {
    intended_by_text.emplace(line.text, &line);
    if (auto key = driver.idempotent_key(line.text)) intended_by_key.emplace(*key, &line);
  }
  for (const ConfigLine& line : running.children) {
    running_by_text.emplace(line.text, &line);
    if (auto key = driver.idempotent_key(line.text)) running_by_key.emplace(*key, &line);
  }
  std::vector<Group> groups;
  // Intended lines that a running line's negation writes (running `shutdown`, intended
  // `no shutdown`): one command, not a negation and an addition.
  std::unordered_set<std::string_view> toggled;
  const bool sequenced = numbered(running) || numbered(intended);
  // Removals, in the running config's order.
  for (const ConfigLine& line : running.children) {
    if (intended_by_text.contains(line.text)) continue;
    // A one-per-key line whose key the intended config sets: replaced below, not negated.
    if (auto key = driver.idempotent_key(line.text); key && intended_by_key.contains(*key))
      continue;
    std::string negation = driver.negate(line.text);
    auto toggle = intended_by_text.find(negation);
    if (line.children.empty() && toggle != intended_by_text.end() &&
        toggle->second->children.empty()) {
      toggled.insert(toggle->first);
      groups.push_back({driver.weight(negation),
                        {{*context, negation, Action::kReplace, line.line, toggle->second->line}}});
      continue;
    }
    // In a sequence-numbered section an entry goes before its number is written again
    // (IOS refuses a number in use).
    const int weight = sequenced ? 0 : driver.weight(negation);
    groups.push_back({weight, {{*context, std::move(negation), Action::kRemove, line.line, 0}}});
  }
  // Changes and additions, in the intended config's order (which is its dependency order:
  // a BGP neighbor before its address family activates it).
  for (const ConfigLine& line : intended.children) {
    if (toggled.contains(line.text)) continue;
    Group group{driver.weight(line.text), {}};
    auto present = running_by_text.find(line.text);
    if (present != running_by_text.end()) {
      const ConfigLine& was = *present->second;
      if (was.children.empty() && line.children.empty()) continue;
      if ((replaced_whole(was, driver) || replaced_whole(line, driver)) && !same_lines(was, line)) {
        if (driver.overwrite_negates)
          group.commands.push_back(
              {*context, driver.negate(was.text), Action::kOverwrite, was.line, line.line});
        add_whole(line, context, Action::kOverwrite, was.line, &group.commands);
      } else {
        context->push_back(line.text);
        diff_cli(was, line, context, driver, &group.commands);
        context->pop_back();
      }
      if (!group.commands.empty()) groups.push_back(std::move(group));
      continue;
    }
    const ConfigLine* replaces = nullptr;
    if (auto key = driver.idempotent_key(line.text)) {
      auto found = running_by_key.find(*key);
      if (found != running_by_key.end()) replaces = found->second;
    }
    add_whole(line, context, replaces ? Action::kReplace : Action::kAdd,
              replaces ? replaces->line : 0, &group.commands);
    groups.push_back(std::move(group));
  }
  std::stable_sort(groups.begin(), groups.end(),
                   [](const Group& a, const Group& b) { return a.weight < b.weight; });
  for (Group& group : groups)
    for (RemediationCommand& command : group.commands) out->push_back(std::move(command));
}

void apply_cli_effect(ConfigLine* level, const std::string& text, const Driver& driver);

// Removes the children `text` names: itself, else the lines it is the start of
// ("no logging buffered" removes "logging buffered 8192"). False when none was there.
bool remove_named(ConfigLine* level, std::string_view text) {
  auto& children = level->children;
  auto exact = std::find_if(children.begin(), children.end(),
                            [&](const ConfigLine& c) { return c.text == text; });
  if (exact != children.end()) {
    children.erase(exact);
    return true;
  }
  const std::string prefix = std::string(text) + " ";
  const auto before = children.size();
  std::erase_if(children, [&](const ConfigLine& c) { return c.text.starts_with(prefix); });
  return children.size() != before;
}

// One command on one level of the config, as an IOS-like CLI applies it. A replacing
// command's own line is shown after it (`no shutdown` replacing `shutdown`).
void apply_cli_line(ConfigLine* level, const std::string& text, Action action,
                    const Driver& driver) {
  // Entering an order-significant section that is there replaces it (IOS-XR policies).
  if (action == Action::kOverwrite && !driver.overwrite_negates)
    if (ConfigLine* section = child_named(level, text)) {
      section->children.clear();
      return;
    }
  // An order-significant section is written whole, line after line, repeats and all.
  if (!level->text.empty() && (driver.is_verbatim(level->text) || replaced_whole(*level, driver))) {
    level->children.push_back({text, 0, false, {}});
    return;
  }
  apply_cli_effect(level, text, driver);
  if (action == Action::kReplace && !child_named(level, text))
    level->children.push_back({text, 0, false, {}});
}

void apply_cli_effect(ConfigLine* level, const std::string& text, const Driver& driver) {
  if (text.starts_with(driver.negation)) {
    // A negation removes what it names; a negation of nothing is itself a line ("no ip
    // redirects").
    if (!remove_named(level, std::string_view(text).substr(driver.negation.size())))
      if (!child_named(level, text)) level->children.push_back({text, 0, false, {}});
    return;
  }
  if (text.starts_with("default ")) {
    remove_named(level, std::string_view(text).substr(8));
    return;
  }
  // A line whose negation is there brings the default back: neither is shown then.
  const std::string negated = driver.negation + text;
  if (child_named(level, negated)) {
    std::erase_if(level->children, [&](const ConfigLine& c) { return c.text == negated; });
    return;
  }
  if (child_named(level, text)) return;
  if (auto key = driver.idempotent_key(text)) {
    for (ConfigLine& child : level->children)
      if (driver.idempotent_key(child.text) == key) {
        child.text = text;
        return;
      }
  }
  level->children.push_back({text, 0, false, {}});
}

// ---------------------------------------------------------------- set family (Junos, VyOS)

std::string joined(const std::string& prefix, const std::string& step) {
  return prefix.empty() ? step : prefix + " " + step;
}

void set_leaves(const ConfigLine& line, const std::string& path, Commands* out,
                const Driver& driver, Action action, uint32_t running_line) {
  const std::string here = joined(path, line.text);
  if (line.children.empty())
    out->push_back({{}, driver.set + here, action, running_line, line.line});
  for (const ConfigLine& child : line.children)
    set_leaves(child, here, out, driver, Action::kAdd, 0);
  if (line.inactive && !driver.deactivate.empty())
    out->push_back({{}, driver.deactivate + here, Action::kAdd, 0, line.line});
}

void diff_set(const ConfigLine& running, const ConfigLine& intended, const std::string& path,
              const Driver& driver, Commands* removals, Commands* additions) {
  std::unordered_map<std::string_view, const ConfigLine*> intended_by_text, running_by_text;
  std::unordered_map<std::string, const ConfigLine*> intended_by_key, running_by_key;
  for (const ConfigLine& line : intended.children) {
    intended_by_text.emplace(line.text, &line);
    if (auto key = driver.idempotent_key(joined(path, line.text)))
      intended_by_key.emplace(*key, &line);
  }
  for (const ConfigLine& line : running.children) {
    running_by_text.emplace(line.text, &line);
    if (auto key = driver.idempotent_key(joined(path, line.text)))
      running_by_key.emplace(*key, &line);
  }
  for (const ConfigLine& line : running.children) {
    const std::string here = joined(path, line.text);
    auto wanted = intended_by_text.find(line.text);
    if (wanted == intended_by_text.end()) {
      // A single-valued leaf the intended config sets: `set` replaces it.
      if (auto key = driver.idempotent_key(here); key && intended_by_key.contains(*key)) continue;
      removals->push_back({{}, driver.del + here, Action::kRemove, line.line, 0});
      continue;
    }
    const ConfigLine& want = *wanted->second;
    if (line.inactive && !want.inactive && !driver.activate.empty())
      additions->push_back({{}, driver.activate + here, Action::kReplace, line.line, want.line});
    diff_set(line, want, here, driver, removals, additions);
    if (!line.inactive && want.inactive && !driver.deactivate.empty())
      additions->push_back({{}, driver.deactivate + here, Action::kReplace, line.line, want.line});
  }
  for (const ConfigLine& line : intended.children) {
    if (running_by_text.contains(line.text)) continue;
    const ConfigLine* replaces = nullptr;
    if (auto key = driver.idempotent_key(joined(path, line.text))) {
      auto found = running_by_key.find(*key);
      if (found != running_by_key.end()) replaces = found->second;
    }
    set_leaves(line, path, additions, driver, replaces ? Action::kReplace : Action::kAdd,
               replaces ? replaces->line : 0);
  }
}

// The set form of a config: its leaves' paths and its deactivated paths.
struct SetForm {
  std::set<std::string> leaves;
  std::set<std::string> inactive;
};

void collect(const ConfigLine& line, const std::string& path, SetForm* form) {
  for (const ConfigLine& child : line.children) {
    const std::string here = joined(path, child.text);
    if (child.children.empty()) form->leaves.insert(here);
    if (child.inactive) form->inactive.insert(here);
    collect(child, here, form);
  }
}

void erase_under(std::set<std::string>* paths, const std::string& path) {
  std::erase_if(*paths, [&](const std::string& p) {
    return p == path || (p.size() > path.size() && p.starts_with(path) && p[path.size()] == ' ');
  });
}

void apply_set_command(SetForm* form, const std::string& text, const Driver& driver) {
  auto rest = [&](const std::string& prefix) { return text.substr(prefix.size()); };
  if (!driver.deactivate.empty() && text.starts_with(driver.deactivate)) {
    form->inactive.insert(rest(driver.deactivate));
  } else if (!driver.activate.empty() && text.starts_with(driver.activate)) {
    form->inactive.erase(rest(driver.activate));
  } else if (text.starts_with(driver.del)) {
    erase_under(&form->leaves, rest(driver.del));
    erase_under(&form->inactive, rest(driver.del));
  } else if (text.starts_with(driver.set)) {
    const std::string path = rest(driver.set);
    if (auto key = driver.idempotent_key(path))
      std::erase_if(form->leaves,
                    [&](const std::string& p) { return driver.idempotent_key(p) == key; });
    // A leaf set below a path that was a leaf makes that path a section.
    form->leaves.insert(path);
  }
}

// A set form back into a tree (for first_difference and callers that want a tree).
ConfigLine tree_of(const SetForm& form) {
  ConfigLine root;
  for (const std::string& leaf : form.leaves) root.children.push_back({leaf, 0, false, {}});
  for (const std::string& path : form.inactive)
    root.children.push_back({"inactive: " + path, 0, false, {}});
  return root;
}

// ---------------------------------------------------------------- comparison and text

// Children in a canonical order: sorted, except where order is meaning.
std::vector<const ConfigLine*> canonical(const ConfigLine& line, const Driver& driver) {
  std::vector<const ConfigLine*> children;
  for (const ConfigLine& child : line.children) children.push_back(&child);
  // Sequence-numbered entries are ordered by their numbers, which sorting keeps apart.
  const bool ordered =
      driver.family == Driver::Family::kCli
          ? (replaced_whole(line, driver) || driver.is_verbatim(line.text))
          : driver.family == Driver::Family::kFortios && driver.is_overwrite(line.text);
  if (!ordered)
    std::stable_sort(children.begin(), children.end(),
                     [](const ConfigLine* a, const ConfigLine* b) { return a->text < b->text; });
  return children;
}

// `redact`: the lines the message quotes have their secrets redacted.
std::optional<std::string> differ(const ConfigLine& a, const ConfigLine& b, const Driver& driver,
                                  const std::string& where, bool redact) {
  auto shown = [redact](const std::string& text) { return redact ? redact_line(text) : text; };
  auto left = canonical(a, driver), right = canonical(b, driver);
  for (std::size_t i = 0; i < std::max(left.size(), right.size()); ++i) {
    if (i >= left.size()) return fmt::format("{}'{}' is missing", where, shown(right[i]->text));
    if (i >= right.size()) return fmt::format("{}'{}' is left over", where, shown(left[i]->text));
    if (left[i]->text != right[i]->text)
      return fmt::format("{}'{}' where the intended config has '{}'", where, shown(left[i]->text),
                         shown(right[i]->text));
    if (left[i]->inactive != right[i]->inactive)
      return fmt::format("{}'{}' is {}active", where, shown(left[i]->text),
                         left[i]->inactive ? "in" : "");
    if (auto inner =
            differ(*left[i], *right[i], driver, where + shown(left[i]->text) + " > ", redact))
      return inner;
  }
  return std::nullopt;
}

std::size_t common_prefix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

std::string indent_of(const Driver& driver, std::size_t depth) {
  if (driver.family == Driver::Family::kFortios) return std::string(4 * depth, ' ');
  std::string out;
  for (std::size_t i = 0; i < depth; ++i) out += driver.indent;
  return out;
}

std::string closer(const Driver& driver, const std::string& section) {
  if (driver.family == Driver::Family::kFortios) return is_fortios_entry(section) ? "next" : "end";
  if (driver.is_verbatim(section)) return {};
  return driver.exit_text(section);
}

}  // namespace

// `line` and everything under it, as added lines.
void add_whole(const ConfigLine& line, std::vector<std::string>* context, Action action,
               uint32_t running_line, Commands* out) {
  out->push_back({*context, line.text, action, running_line, line.line});
  context->push_back(line.text);
  for (const ConfigLine& child : line.children) add_whole(child, context, Action::kAdd, 0, out);
  context->pop_back();
}

ConfigLine* child_named(ConfigLine* level, std::string_view text) {
  for (ConfigLine& child : level->children)
    if (child.text == text) return &child;
  return nullptr;
}

std::vector<RemediationCommand> remediate(const ConfigLine& running, const ConfigLine& intended,
                                          const Driver& driver) {
  Commands out;
  std::vector<std::string> context;
  switch (driver.family) {
    case Driver::Family::kCli:
      diff_cli(running, intended, &context, driver, &out);
      break;
    case Driver::Family::kSet: {
      // Deletions first, then the sets: a replaced subtree is gone before its new leaves.
      Commands removals;
      diff_set(running, intended, "", driver, &removals, &out);
      removals.insert(removals.end(), out.begin(), out.end());
      out = std::move(removals);
      break;
    }
    case Driver::Family::kFortios:
      diff_fortios(running, intended, &context, driver, &out);
      break;
  }
  return out;
}

ConfigLine apply(ConfigLine running, const std::vector<RemediationCommand>& commands,
                 const Driver& driver) {
  if (driver.family == Driver::Family::kSet) {
    SetForm form;
    collect(running, "", &form);
    for (const RemediationCommand& c : commands) apply_set_command(&form, c.text, driver);
    return tree_of(form);
  }
  for (const RemediationCommand& c : commands) {
    ConfigLine* level = &running;
    for (const std::string& section : c.context) {
      ConfigLine* next = child_named(level, section);
      if (!next) {  // entering a section the config lacks creates it
        level->children.push_back({section, 0, false, {}});
        next = &level->children.back();
      }
      level = next;
    }
    if (driver.family == Driver::Family::kFortios)
      apply_fortios_line(level, c.text);
    else
      apply_cli_line(level, c.text, c.action, driver);
  }
  return running;
}

std::optional<std::string> first_difference(const ConfigLine& a, const ConfigLine& b,
                                            const Driver& driver, bool redact) {
  if (driver.family == Driver::Family::kFortios) {
    ConfigLine left = a, right = b;
    drop_empty_blocks(&left);
    drop_empty_blocks(&right);
    return differ(left, right, driver, "", redact);
  }
  if (driver.family == Driver::Family::kSet) {
    SetForm left, right;
    collect(a, "", &left);
    collect(b, "", &right);
    return differ(tree_of(left), tree_of(right), driver, "", redact);
  }
  return differ(a, b, driver, "", redact);
}

std::string remediation_text(const std::vector<RemediationCommand>& commands,
                             const Driver& driver) {
  std::string out;
  // The sections entered, each with whether a command was written inside it (a command
  // line that turns out to be a section is entered by writing it).
  std::vector<std::string> open;
  std::vector<bool> has_inside;
  auto close_to = [&](std::size_t depth) {
    while (open.size() > depth) {
      const std::string text = closer(driver, open.back());
      const bool inside = has_inside.back();
      open.pop_back();
      has_inside.pop_back();
      if (inside && !text.empty()) out += indent_of(driver, open.size()) + text + "\n";
    }
  };
  for (const RemediationCommand& c : commands) {
    if (driver.family == Driver::Family::kSet) {
      out += c.text + "\n";
      continue;
    }
    close_to(common_prefix(open, c.context));
    while (open.size() < c.context.size()) {
      if (!has_inside.empty()) has_inside.back() = true;
      const std::string& section = c.context[open.size()];
      const bool verbatim_parent = !open.empty() && driver.is_verbatim(open.back());
      out += (verbatim_parent ? "" : indent_of(driver, open.size())) + section + "\n";
      open.push_back(section);
      has_inside.push_back(false);
    }
    if (!has_inside.empty()) has_inside.back() = true;
    const bool verbatim = !open.empty() && driver.is_verbatim(open.back());
    out += (verbatim ? "" : indent_of(driver, open.size())) + c.text + "\n";
    // The line may be a section the next commands enter.
    open.push_back(c.text);
    has_inside.push_back(false);
  }
  close_to(0);
  if (driver.family == Driver::Family::kCli && !driver.end.empty() && !commands.empty())
    out += driver.end + "\n";
  return out;
}

std::string_view action_name(RemediationCommand::Action action) {
  switch (action) {
    case Action::kAdd:
      return "add";
    case Action::kRemove:
      return "remove";
    case Action::kReplace:
      return "replace";
    case Action::kOverwrite:
      return "overwrite";
  }
  return "add";
}

}  // namespace cfgsweep
