#include "policy/intended_fix.h"

#include <algorithm>
#include <set>

#include "parse/secret_redactor.h"
#include "remediate/remediation.h"

namespace cfgsweep {

namespace {

// A node and its subtree, as remediation compares lines.
ConfigLine subtree_of(const ConfigTree& tree, int32_t node) {
  ConfigLine line{tree.display(node), tree.node(node).line, false, {}};
  for (int32_t child : tree.children(node)) line.children.push_back(subtree_of(tree, child));
  return line;
}

}  // namespace

// The commands that give `section` the intended lines: the template's lines added, its
// extra direct children negated (unless `extra: false`), one-per-key lines replaced; an
// ordered template whose order differs replaces the section whole. As pasted, without the
// final `end`; secrets redacted unless shown.
std::vector<std::string> intended_fix_commands(const ConfigTree& tree, int32_t section,
                                               const std::vector<std::string>& intended,
                                               const IntendedRule& rule, const Driver& driver,
                                               bool redact) {
  ConfigLine running, want;
  for (int32_t child : tree.children(section)) running.children.push_back(subtree_of(tree, child));
  std::set<std::string> wanted_keys;
  for (const std::string& line : intended) {
    ConfigLine w{line, 0, false, {}};
    // A template names sections by their line: their contents are not the template's.
    for (const ConfigLine& r : running.children)
      if (r.text == line) w.children = r.children;
    if (auto key = driver.idempotent_key(line)) wanted_keys.insert(*key);
    want.children.push_back(std::move(w));
  }
  if (!rule.extra)
    std::erase_if(running.children, [&](const ConfigLine& r) {
      auto key = driver.idempotent_key(r.text);
      return !(key && wanted_keys.contains(*key)) &&
             std::none_of(intended.begin(), intended.end(),
                          [&](const std::string& line) { return line == r.text; });
    });
  std::vector<std::string> path;
  for (int32_t n = section; n != ConfigTree::kRoot && n != ConfigTree::kNone;
       n = tree.node(n).parent)
    path.insert(path.begin(), tree.display(n));
  std::vector<RemediationCommand> commands;
  if (rule.ordered && section != ConfigTree::kRoot) {
    ConfigLine replaced{path.back(), 0, false, want.children};
    path.pop_back();
    commands.push_back({{}, driver.negate(replaced.text), RemediationCommand::Action::kOverwrite});
    commands.push_back({{}, replaced.text, RemediationCommand::Action::kOverwrite});
    for (const ConfigLine& line : replaced.children)
      commands.push_back({{replaced.text}, line.text, RemediationCommand::Action::kAdd});
  } else {
    commands = remediate(running, want, driver);
  }
  for (RemediationCommand& c : commands)
    c.context.insert(c.context.begin(), path.begin(), path.end());
  std::string text = remediation_text(commands, driver);
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line == driver.end) continue;
    const std::size_t indent = line.find_first_not_of(' ');
    if (redact && indent != std::string::npos)
      line = line.substr(0, indent) + redact_line(std::string_view(line).substr(indent));
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace cfgsweep
