#include "remediate/config_lines.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "parse/config_parser.h"
#include "parse/format_detect.h"

namespace cfgsweep {

namespace {

std::string quoted(std::string_view value, const Driver& driver) {
  if (value.find_first_of(" \t") == std::string_view::npos && !value.empty())
    return std::string(value);
  return driver.quote + std::string(value) + driver.quote;
}

// A section or line written twice at one level is one (a device shows `interface X` or a
// second FortiOS `config firewall address` block as one): children merged, repeats dropped.
// Not in order-significant sections, whose repeated lines are meaning (a banner's).
void merge_repeats(ConfigLine* parent, const Driver& driver) {
  // Lines of order-significant sections stay as they are, unless they are numbered.
  const bool numbered_entries =
      !parent->children.empty() &&
      std::all_of(parent->children.begin(), parent->children.end(), [](const ConfigLine& c) {
        return !c.text.empty() && c.text[0] >= '0' && c.text[0] <= '9';
      });
  if (driver.is_verbatim(parent->text) || (driver.is_overwrite(parent->text) && !numbered_entries))
    return;
  std::vector<ConfigLine> merged;
  std::unordered_map<std::string, std::size_t> at;
  for (ConfigLine& child : parent->children) {
    auto [found, added] = at.try_emplace(child.text, merged.size());
    if (added) {
      merged.push_back(std::move(child));
      continue;
    }
    ConfigLine& first = merged[found->second];
    for (ConfigLine& grandchild : child.children) first.children.push_back(std::move(grandchild));
  }
  // Of one-per-key lines written twice (a section entered again with another value), the
  // device keeps the last.
  // So does a line and its negation (`shutdown`, `no shutdown`), and a sequence number.
  if (driver.family == Driver::Family::kCli) {
    auto key_of = [&](const ConfigLine& line) -> std::optional<std::string> {
      if (auto key = driver.idempotent_key(line.text)) return "k" + *key;
      if (!line.children.empty()) return std::nullopt;
      std::string_view text = line.text;
      if (text.starts_with(driver.negation)) text.remove_prefix(driver.negation.size());
      if (!text.empty() && text[0] >= '0' && text[0] <= '9')
        return "s" + std::string(text.substr(0, text.find(' ')));
      return "t" + std::string(text);
    };
    std::unordered_map<std::string, std::size_t> last;
    for (std::size_t i = 0; i < merged.size(); ++i)
      if (auto key = key_of(merged[i])) last[*key] = i;
    std::vector<ConfigLine> kept;
    for (std::size_t i = 0; i < merged.size(); ++i) {
      auto key = key_of(merged[i]);
      if (!key || last[*key] == i) kept.push_back(std::move(merged[i]));
    }
    merged = std::move(kept);
  }
  parent->children = std::move(merged);
  for (ConfigLine& child : parent->children) merge_repeats(&child, driver);
}

void copy_children(const ConfigTree& tree, int32_t node, const Driver& driver, ConfigLine* out) {
  for (int32_t child : tree.children(node)) {
    const ConfigNode& n = tree.node(child);
    ConfigLine line;
    if (driver.family == Driver::Family::kSet)
      line.text = n.value.empty() ? quoted(n.text, driver)
                                  : quoted(n.text, driver) + " " + quoted(n.value, driver);
    else
      line.text = tree.display(child);
    if (driver.ignored(line.text)) continue;
    line.line = n.line;
    line.inactive = (n.flags & ConfigNode::kInactive) != 0;
    copy_children(tree, child, driver, &line);
    out->children.push_back(std::move(line));
  }
}

bool format_fits(ConfigFormat format, Driver::Family family) {
  switch (family) {
    case Driver::Family::kCli:
      return format == ConfigFormat::kIosFamily;
    case Driver::Family::kSet:
      // Junos XML's tree has the brace form's shape (an element per step, `name` folded in).
      return format == ConfigFormat::kSetCommands || format == ConfigFormat::kBraces ||
             format == ConfigFormat::kXml;
    case Driver::Family::kFortios:
      return format == ConfigFormat::kFortios;
  }
  return false;
}

}  // namespace

Result<ConfigLine> read_config_lines(std::string_view text, const Driver& driver) {
  Detection detection = detect_format(text);
  if (detection.format == ConfigFormat::kUnknown)
    return make_error(ExitStatus::kInputsFailed,
                      fmt::format("cannot tell the config format: {}", detection.reason));
  if (!format_fits(detection.format, driver.family))
    return make_error(ExitStatus::kInputsFailed,
                      fmt::format("a {} config, which the {} driver does not take",
                                  enum_name(detection.format), driver.platform));
  ParsedConfig parsed;
  parse_config(detection.format, text, &parsed, detection.vendor);
  if (parsed.fatal)
    return make_error(ExitStatus::kInputsFailed,
                      parsed.fatal->line
                          ? fmt::format("line {}: {}", parsed.fatal->line, parsed.fatal->message)
                          : parsed.fatal->message);
  ConfigLine root;
  copy_children(parsed.tree, ConfigTree::kRoot, driver, &root);
  merge_repeats(&root, driver);
  return root;
}

}  // namespace cfgsweep
