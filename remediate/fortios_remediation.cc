#include "remediate/fortios_remediation.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "remediate/remediation_parts.h"

namespace cfgsweep {

using Action = RemediationCommand::Action;
using Commands = std::vector<RemediationCommand>;

namespace {

// "set <key> ..." -> "<key>"; empty for other lines.
std::string setting_key(std::string_view text) {
  if (!text.starts_with("set ") && !text.starts_with("unset ")) return {};
  text.remove_prefix(text.find(' ') + 1);
  return std::string(text.substr(0, text.find(' ')));
}

// A block whose entries' order is meaning (firewall policies, matched top down): `move`
// commands put the entries in the intended order. FortiOS appends a new entry at the end.
void move_entries(const ConfigLine& running, const ConfigLine& intended,
                  std::vector<std::string>* context, Commands* out) {
  std::vector<std::string> target, current;
  std::unordered_set<std::string_view> wanted;
  for (const ConfigLine& line : intended.children)
    if (is_fortios_entry(line.text)) {
      target.push_back(line.text);
      wanted.insert(line.text);
    }
  std::unordered_set<std::string_view> present;
  for (const ConfigLine& line : running.children)
    if (is_fortios_entry(line.text) && wanted.contains(line.text)) {
      current.push_back(line.text);
      present.insert(line.text);
    }
  for (const std::string& entry : target)
    if (!present.contains(entry)) current.push_back(entry);
  auto name = [](const std::string& edit) { return edit.substr(5); };
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (current[i] == target[i]) continue;
    auto at = std::find(current.begin(), current.end(), target[i]);
    current.erase(at);
    current.insert(current.begin() + static_cast<std::ptrdiff_t>(i), target[i]);
    const std::string command =
        i == 0 ? fmt::format("move {} before {}", name(target[0]), name(current[1]))
               : fmt::format("move {} after {}", name(target[i]), name(target[i - 1]));
    out->push_back({*context, command, Action::kReplace, 0, 0});
  }
}

// Everything under a block that the intended config no longer has: its entries deleted,
// its settings unset.
void remove_all(const ConfigLine& block, std::vector<std::string>* context, const Driver& driver,
                Commands* out) {
  ConfigLine empty;
  empty.text = block.text;
  diff_fortios(block, empty, context, driver, out);
}

}  // namespace

void diff_fortios(const ConfigLine& running, const ConfigLine& intended,
                  std::vector<std::string>* context, const Driver& driver, Commands* out) {
  std::map<std::string, const ConfigLine*> running_settings, intended_settings;
  std::unordered_map<std::string_view, const ConfigLine*> running_blocks, intended_blocks;
  for (const ConfigLine& line : running.children) {
    if (auto key = setting_key(line.text); !key.empty())
      running_settings.emplace(key, &line);
    else
      running_blocks.emplace(line.text, &line);
  }
  for (const ConfigLine& line : intended.children) {
    if (auto key = setting_key(line.text); !key.empty())
      intended_settings.emplace(key, &line);
    else
      intended_blocks.emplace(line.text, &line);
  }
  // Settings: `set` replaces a value, `unset` removes it.
  for (const ConfigLine& line : running.children) {
    auto key = setting_key(line.text);
    if (key.empty() || line.text.starts_with("unset ")) continue;
    auto want = intended_settings.find(key);
    if (want == intended_settings.end())
      out->push_back({*context, "unset " + key, Action::kRemove, line.line, 0});
    else if (want->second->text != line.text)
      out->push_back(
          {*context, want->second->text, Action::kReplace, line.line, want->second->line});
  }
  for (const ConfigLine& line : intended.children) {
    auto key = setting_key(line.text);
    if (key.empty() || running_settings.contains(key)) continue;
    out->push_back({*context, line.text, Action::kAdd, 0, line.line});
  }
  // Blocks: entries (`edit`) and nested `config` blocks.
  for (const ConfigLine& line : running.children) {
    if (!setting_key(line.text).empty()) continue;
    auto want = intended_blocks.find(line.text);
    if (want == intended_blocks.end()) {
      if (is_fortios_entry(line.text)) {
        out->push_back({*context, "delete " + line.text.substr(5), Action::kRemove, line.line, 0});
      } else {
        context->push_back(line.text);
        remove_all(line, context, driver, out);
        context->pop_back();
      }
      continue;
    }
    Commands inner;
    context->push_back(line.text);
    diff_fortios(line, *want->second, context, driver, &inner);
    context->pop_back();
    out->insert(out->end(), inner.begin(), inner.end());
  }
  for (const ConfigLine& line : intended.children) {
    if (!setting_key(line.text).empty() || running_blocks.contains(line.text)) continue;
    add_whole(line, context, Action::kAdd, 0, out);
  }
  if (driver.is_overwrite(intended.text)) move_entries(running, intended, context, out);
}

void apply_fortios_line(ConfigLine* level, const std::string& text) {
  if (auto key = setting_key(text); !key.empty()) {
    auto same_key = [&](const ConfigLine& c) { return setting_key(c.text) == key; };
    std::erase_if(level->children, same_key);
    if (text.starts_with("set ")) level->children.push_back({text, 0, false, {}});
    return;
  }
  if (text.starts_with("move ")) {  // move A before|after B
    const auto before = text.find(" before "), after = text.find(" after ");
    const auto split = before != std::string::npos ? before : after;
    if (split == std::string::npos) return;
    const std::string entry = "edit " + text.substr(5, split - 5);
    const std::string anchor = "edit " + text.substr(split + (before != std::string::npos ? 8 : 7));
    auto& children = level->children;
    auto moving = std::find_if(children.begin(), children.end(),
                               [&](const ConfigLine& c) { return c.text == entry; });
    if (moving == children.end()) return;
    ConfigLine moved = std::move(*moving);
    children.erase(moving);
    auto target = std::find_if(children.begin(), children.end(),
                               [&](const ConfigLine& c) { return c.text == anchor; });
    if (target == children.end()) return;
    children.insert(before != std::string::npos ? target : target + 1, std::move(moved));
    return;
  }
  if (text.starts_with("delete ")) {
    const std::string entry = "edit " + text.substr(7);
    std::erase_if(level->children, [&](const ConfigLine& c) { return c.text == entry; });
    return;
  }
  if (!child_named(level, text)) level->children.push_back({text, 0, false, {}});
}

// FortiOS shows no `config` block that holds nothing.
void drop_empty_blocks(ConfigLine* line) {
  for (ConfigLine& child : line->children) drop_empty_blocks(&child);
  std::erase_if(line->children, [](const ConfigLine& c) {
    return c.children.empty() && c.text.starts_with("config ");
  });
}

}  // namespace cfgsweep
