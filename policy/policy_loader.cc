#include "policy/policy_loader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <ios>
#include <map>
#include <set>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "parse/vendor.h"
#include "policy/model_rule_reader.h"

namespace cfgsweep {

namespace {

namespace fs = std::filesystem;

constexpr auto kTopKeys =
    std::to_array<std::string_view>({"include", "lists", "vars", "rules", "ignore_lines"});
constexpr auto kIntendedKeys =
    std::to_array<std::string_view>({"scope", "lines", "ordered", "extra"});
constexpr auto kRuleKeys = std::to_array<std::string_view>(
    {"id", "severity", "message", "remediation", "applies_to", "require", "forbid", "count", "min",
     "max", "scope", "where", "unless", "model", "intended"});
constexpr auto kRuleKinds =
    std::to_array<std::string_view>({"require", "forbid", "count", "model", "intended"});
constexpr auto kLineRuleKeys =
    std::to_array<std::string_view>({"scope", "where", "unless", "min", "max"});

// A template line without its indentation and trailing blanks ("" for a blank line).
std::string trimmed(std::string line) {
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  std::size_t start = line.find_first_not_of(' ');
  return start == std::string::npos ? std::string() : line.substr(start);
}

// Whether every {{ reference }} of `line` names a variable.
bool variables_well_formed(const std::string& line) {
  for (std::size_t open = line.find("{{"); open != std::string::npos;
       open = line.find("{{", open + 2)) {
    std::size_t close = line.find("}}", open);
    std::string name = close == std::string::npos ? "" : line.substr(open + 2, close - open - 2);
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
    });
    if (!valid) return false;
  }
  return true;
}

// A bad rule is left out once its mistakes are reported, and the loader goes on with the
// next one; a file that cannot be read is one mistake, and the loader goes on with the
// files that include it.
class Loader : PolicyNodeReader {
 public:
  Result<Policy> load(const std::string& path) {
    load_file(fs::absolute(path).lexically_normal().string(), 0);
    if (!diagnostics_.empty()) return std::unexpected(diagnostics_.to_error(ExitStatus::kUsage));
    return std::move(policy_);
  }

 private:
  void load_file(const std::string& path, int depth) {
    flush();  // the including file's mistakes so far come before the included file's
    if (std::find(open_files_.begin(), open_files_.end(), path) != open_files_.end())
      return diagnostics_.add(located(path, 0, 0, "included again from itself (an include cycle)"));
    if (depth > 16) return diagnostics_.add(located(path, 0, 0, "includes nest too deep"));
    std::optional<YAML::Node> root = parse_file(path);
    if (!root) return;
    policy_.files.push_back(path);
    std::string outer = std::exchange(file_, path);
    open_files_.push_back(path);
    read_document(*root, depth);
    flush();
    open_files_.pop_back();
    file_ = outer;
  }

  std::optional<YAML::Node> parse_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {  // yaml-cpp would throw ios_base::failure reading it
      diagnostics_.add(located(path, 0, 0, "a directory, not a policy file"));
      return std::nullopt;
    }
    try {
      return YAML::LoadFile(path);
    } catch (const std::ios_base::failure&) {  // a read error after the open
      diagnostics_.add(located(path, 0, 0, "cannot read the policy file"));
    } catch (const YAML::BadFile&) {
      diagnostics_.add(located(path, 0, 0, "cannot read the policy file"));
    } catch (const YAML::Exception& e) {
      diagnostics_.add(
          located(path, e.mark.line + 1, e.mark.column + 1, "not valid YAML: " + e.msg));
    }
    return std::nullopt;
  }

  void read_document(const YAML::Node& root, int depth) {
    if (!root.IsMap())
      return report(root, "a policy is a mapping with 'rules' (and 'include', 'lists')");
    // A file with none of a policy's keys is some other file (an include of the wrong
    // path, /etc/shadow): say so once, and echo none of its content.
    if (!has_any_key(root, kTopKeys))
      return report(root,
                    fmt::format("not a policy: none of its keys is {}", fmt::join(kTopKeys, ", ")));
    check_keys(root, kTopKeys, "the policy");
    if (root["lists"]) read_lists(root["lists"]);
    if (root["vars"]) read_vars(root["vars"]);
    if (root["include"]) {
      for (const YAML::Node& item : as_list(root["include"])) {
        std::optional<std::string> name = scalar(item, "include");
        if (name)
          load_file((fs::path(file_).parent_path() / *name).lexically_normal().string(), depth + 1);
      }
    }
    // Lines that change without the config changing: checked as RE2 here, so a bad one is
    // an error with its place, like a rule's pattern.
    if (root["ignore_lines"])
      for (const YAML::Node& item : as_list(root["ignore_lines"]))
        if (std::optional<std::string> p = scalar(item, "ignore_lines"))
          if (pattern(item, "ignore_lines")) policy_.ignore_lines.push_back(*p);
    if (root["rules"]) {
      if (!root["rules"].IsSequence())
        return report(root["rules"], "'rules' must be a list of rules");
      for (const YAML::Node& node : root["rules"])
        if (std::optional<Rule> rule = read_rule(node)) policy_.rules.push_back(std::move(*rule));
    }
  }

  template <std::size_t N>
  bool has_any_key(const YAML::Node& map, const std::array<std::string_view, N>& keys) {
    for (const auto& item : map) {
      if (!item.first.IsScalar()) continue;
      if (std::find(keys.begin(), keys.end(), item.first.Scalar()) != keys.end()) return true;
    }
    return false;
  }

  template <std::size_t N>
  bool check_keys(const YAML::Node& map, const std::array<std::string_view, N>& allowed,
                  std::string_view where) {
    bool ok = true;
    for (const auto& item : map) {
      std::optional<std::string> key = key_of(item.first);
      if (key && std::find(allowed.begin(), allowed.end(), *key) != allowed.end()) continue;
      if (key)
        report(item.first, fmt::format("unknown key '{}' in {} (expected one of: {})", *key, where,
                                       fmt::join(allowed, ", ")));
      ok = false;
    }
    return ok;
  }

  std::optional<LinePattern> line_pattern(const YAML::Node& node, std::string_view what) {
    std::optional<std::unique_ptr<RE2>> re = pattern(node, what);
    if (!re) return std::nullopt;
    LinePattern p{std::move(*re), {}};
    p.prefix = anchored_literal_prefix(p.re->pattern());
    return p;
  }

  // The patterns of `parent[key]` into `out`, when the key is there; every bad one is told.
  bool read_patterns(const YAML::Node& parent, const char* key, std::vector<LinePattern>* out) {
    if (!parent[key]) return true;
    bool ok = true;
    for (const YAML::Node& item : as_list(parent[key])) {
      std::optional<LinePattern> p = line_pattern(item, key);
      if (p) out->push_back(std::move(*p));
      ok = ok && p;
    }
    return ok;
  }

  // Calls read(key, key_node, value) for each entry of the mapping `node` whose key is a
  // single value; `not_a_mapping` is the mistake when `node` is no mapping.
  template <typename Read>
  void for_each_entry(const YAML::Node& node, const std::string& not_a_mapping, Read read) {
    if (!node.IsMap()) return report(node, not_a_mapping);
    for (const auto& item : node)
      if (std::optional<std::string> key = key_of(item.first)) read(*key, item.first, item.second);
  }

  void read_lists(const YAML::Node& lists) {
    for_each_entry(lists, "'lists' must map names to lists of values",
                   [&](const std::string& name, const YAML::Node&, const YAML::Node& items) {
                     // Defined even when bad, so that the rules naming it are not also told
                     // it is missing.
                     std::vector<std::string>& values = lists_[name];
                     if (!items.IsSequence())
                       return report(items, "a named list must be a list of values");
                     for (const YAML::Node& v : items)
                       if (std::optional<std::string> value = scalar(v, "list item"))
                         values.push_back(*value);
                   });
  }

  std::optional<std::map<std::string, std::string>> read_values(const YAML::Node& node) {
    if (!node.IsMap()) {
      report(node, "variables are a mapping of names to values");
      return std::nullopt;
    }
    std::map<std::string, std::string> values;
    bool ok = true;
    for (const auto& item : node) {
      std::optional<std::string> name = key_of(item.first);
      std::optional<std::string> value = scalar(item.second, "variable");
      if (name && value) values[*name] = *value;
      ok = ok && name && value;
    }
    if (!ok) return std::nullopt;
    return values;
  }

  void read_vars(const YAML::Node& vars) {
    for_each_entry(
        vars, "'vars' is a mapping with 'defaults' and 'devices'",
        [&](const std::string& key, const YAML::Node& key_node, const YAML::Node& value) {
          if (key == "defaults") {
            if (auto values = read_values(value))
              for (auto& [name, text] : *values) policy_.vars.defaults[name] = text;
          } else if (key == "devices") {
            read_devices(value);
          } else {
            report(key_node,
                   fmt::format("unknown key '{}' in 'vars' (expected defaults, devices)", key));
          }
        });
  }

  void read_devices(const YAML::Node& devices) {
    if (!devices.IsMap()) return report(devices, "'devices' maps hostnames (globs) to variables");
    for (const auto& device : devices) {
      std::optional<std::string> glob = key_of(device.first);
      std::optional<std::map<std::string, std::string>> values = read_values(device.second);
      if (glob && values) policy_.vars.devices.emplace_back(*glob, std::move(*values));
    }
  }

  // The template's lines, each checked for well-formed {{ variable }} references.
  std::optional<std::vector<std::string>> template_lines(const YAML::Node& node) {
    std::vector<std::string> raw;
    bool ok = true;
    if (node.IsSequence()) {
      for (const YAML::Node& l : node) {
        std::optional<std::string> line = scalar(l, "lines");
        if (line) raw.push_back(*line);
        ok = ok && line;
      }
    } else {
      std::optional<std::string> text = scalar(node, "lines");
      if (!text) return std::nullopt;
      for (std::size_t pos = 0; pos <= text->size();) {
        std::size_t end = text->find('\n', pos);
        raw.push_back(text->substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        if (end == std::string::npos) break;
        pos = end + 1;
      }
    }
    std::vector<std::string> lines;
    for (std::string& line : raw) {
      std::string text = trimmed(std::move(line));
      if (text.empty()) continue;
      if (!variables_well_formed(text)) {
        report(node, fmt::format("bad variable reference in template line '{}'", text));
        ok = false;
      }
      lines.push_back(std::move(text));
    }
    if (!ok) return std::nullopt;
    if (!lines.empty()) return lines;
    report(node, "the template has no lines");
    return std::nullopt;
  }

  bool read_flag(const YAML::Node& parent, const char* key, bool* out) {
    if (!parent[key]) return true;
    std::optional<bool> value = flag(parent[key], key);
    if (value) *out = *value;
    return value.has_value();
  }

  std::optional<IntendedRule> read_intended_rule(const YAML::Node& node) {
    if (!node.IsMap()) {
      report(node, "'intended' is a mapping with 'lines' (and 'scope', 'ordered', 'extra')");
      return std::nullopt;
    }
    bool ok = check_keys(node, kIntendedKeys, "'intended'");
    IntendedRule rule;
    if (!node["lines"]) {
      report(node, "'intended' needs 'lines', the template");
      ok = false;
    } else if (auto lines = template_lines(node["lines"])) {
      rule.lines = std::move(*lines);
    } else {
      ok = false;
    }
    ok = read_patterns(node, "scope", &rule.scope) && ok;
    ok = read_flag(node, "ordered", &rule.ordered) && ok;
    ok = read_flag(node, "extra", &rule.extra) && ok;
    if (!ok) return std::nullopt;
    return rule;
  }

  std::optional<Rule> read_rule(const YAML::Node& node) {
    if (!node.IsMap()) {
      report(node, "a rule must be a mapping with 'id', 'severity', 'message'");
      return std::nullopt;
    }
    bool ok = check_keys(node, kRuleKeys, "a rule");
    for (std::string_view key : {"id", "severity", "message"}) {
      if (node[std::string(key)]) continue;
      report(node, fmt::format("the rule has no '{}'", key));
      ok = false;
    }
    Rule rule;
    rule.source = fmt::format("{}:{}", file_, node.Mark().line + 1);
    std::optional<std::string> id = node["id"] ? scalar(node["id"], "id") : std::nullopt;
    ok = ok && id;
    if (id) {
      rule.id = *id;
      if (!ids_.insert(*id).second) {
        report(node["id"], fmt::format("rule id '{}' is used twice", *id));
        ok = false;
      }
    }
    ok = read_description(node, &rule) && ok;
    if (node["applies_to"]) ok = read_applies_to(node["applies_to"], &rule.applies_to) && ok;
    ok = read_check(node, id, &rule) && ok;
    if (!ok) return std::nullopt;
    return rule;
  }

  // What a report says of the rule: severity, message, remediation.
  bool read_description(const YAML::Node& node, Rule* rule) {
    bool ok = node["severity"] && node["message"];
    if (node["severity"]) {
      std::optional<std::string> name = scalar(node["severity"], "severity");
      std::optional<Severity> severity = name ? enum_from_name<Severity>(*name) : std::nullopt;
      if (name && !severity)
        report(node["severity"],
               fmt::format("severity must be one of: {}", enum_name_list<Severity>()));
      if (severity) rule->severity = *severity;
      ok = ok && severity;
    }
    for (auto [key, field] :
         {std::pair{"message", &rule->message}, std::pair{"remediation", &rule->remediation}}) {
      if (!node[key]) continue;
      std::optional<std::string> text = scalar(node[key], key);
      if (text) *field = *text;
      ok = ok && text;
    }
    return ok;
  }

  bool read_applies_to(const YAML::Node& node, AppliesTo* to) {
    if (!node.IsMap()) {
      report(node, "'applies_to' must be a mapping, e.g. {vendor: [cisco_ios]}");
      return false;
    }
    const std::pair<const char*, std::vector<std::string>*> keys[] = {{"platform", &to->platforms},
                                                                      {"groups", &to->groups},
                                                                      {"tags", &to->tags},
                                                                      {"roles", &to->roles}};
    bool ok = true;
    for (const auto& item : node) {
      std::optional<std::string> key = key_of(item.first);
      if (!key) {
        ok = false;
        continue;
      }
      if (*key == "vendor") {
        ok = read_vendors(item.second, &to->vendors) && ok;
        continue;
      }
      auto known = std::find_if(std::begin(keys), std::end(keys),
                                [&](const auto& k) { return *key == k.first; });
      if (known == std::end(keys)) {
        report(item.first,
               "'applies_to' knows vendor (detected), and platform, groups, tags and roles (from "
               "the inventory): each a name or a list of names");
        ok = false;
        continue;
      }
      for (const YAML::Node& v : as_list(item.second)) {
        std::optional<std::string> value = scalar(v, known->first);
        if (value) known->second->push_back(*value);
        ok = ok && value;
      }
    }
    return ok;
  }

  bool read_vendors(const YAML::Node& node, std::vector<Vendor>* vendors) {
    bool ok = true;
    for (const YAML::Node& v : as_list(node)) {
      std::optional<Vendor> known = vendor(v);
      if (known) vendors->push_back(*known);
      ok = ok && known;
    }
    return ok;
  }

  std::optional<Vendor> vendor(const YAML::Node& node) {
    std::optional<std::string> name = scalar(node, "vendor");
    if (!name) return std::nullopt;
    std::optional<Vendor> known = enum_from_name<Vendor>(*name);
    if (!known)
      report(node,
             fmt::format("unknown vendor '{}'; use one of: {}", *name, enum_name_list<Vendor>()));
    return known;
  }

  // The rule's one check: a line, model or intended-config rule. `id` is nullopt when the
  // rule has none, already told.
  bool read_check(const YAML::Node& node, const std::optional<std::string>& id, Rule* rule) {
    int kinds = static_cast<int>(std::count_if(kRuleKinds.begin(), kRuleKinds.end(), [&](auto key) {
      return bool(node[std::string(key)]);
    }));
    if (kinds != 1) {
      if (id)
        report(node,
               fmt::format(
                   "rule '{}' needs exactly one of: require, forbid, count, model, intended", *id));
      return false;
    }
    if (node["intended"]) {
      bool ok = reject_line_keys(node, "does not go with 'intended' (its scope goes inside it)");
      std::optional<IntendedRule> intended = read_intended_rule(node["intended"]);
      if (intended) rule->intended = std::move(*intended);
      return ok && intended;
    }
    if (node["model"]) {
      bool ok =
          reject_line_keys(node, "belongs to line rules; a model rule filters inside 'model'");
      std::optional<ModelRule> model = read_model_rule(*this, node["model"], lists_);
      if (model) rule->model = std::move(*model);
      return ok && model;
    }
    std::optional<LineRule> line = read_line_rule(node);
    if (line) rule->line = std::move(*line);
    return line.has_value();
  }

  // Every key of line rules that the rule, not a line rule, holds.
  bool reject_line_keys(const YAML::Node& node, std::string_view why) {
    bool ok = true;
    for (std::string_view key : kLineRuleKeys) {
      if (!node[std::string(key)]) continue;
      report(node[std::string(key)], fmt::format("'{}' {}", key, why));
      ok = false;
    }
    return ok;
  }

  std::optional<LineRule> read_line_rule(const YAML::Node& node) {
    LineRule rule;
    const char* key = "count";
    rule.kind = LineRule::Kind::kCount;
    if (node["require"]) {
      rule.kind = LineRule::Kind::kRequire;
      key = "require";
    } else if (node["forbid"]) {
      rule.kind = LineRule::Kind::kForbid;
      key = "forbid";
    }
    std::optional<LinePattern> pattern = line_pattern(node[key], key);
    bool ok = pattern.has_value();
    if (pattern) rule.pattern = std::move(*pattern);
    if (node["count"] && !node["min"] && !node["max"]) {
      report(node["count"], "a 'count' rule needs 'min', 'max' or both");
      ok = false;
    }
    for (auto [bound, value] : {std::pair{"min", &rule.min}, std::pair{"max", &rule.max}}) {
      if (!node[bound] || !node["count"]) continue;
      *value = number(node[bound], bound);
      ok = ok && value->has_value();
    }
    if ((node["min"] || node["max"]) && !node["count"]) {
      report(node["min"] ? node["min"] : node["max"], "'min' and 'max' belong to 'count' rules");
      ok = false;
    }
    ok = read_patterns(node, "scope", &rule.scope) && ok;
    ok = read_patterns(node, "where", &rule.where) && ok;
    ok = read_patterns(node, "unless", &rule.unless) && ok;
    if ((node["where"] || node["unless"]) && !node["scope"]) {
      report(node["where"] ? node["where"] : node["unless"],
             "'where' and 'unless' test the children of a section: give the section in 'scope'");
      ok = false;
    }
    if (!ok) return std::nullopt;
    return rule;
  }

  Policy policy_;
  std::vector<std::string> open_files_;
  NamedLists lists_;
  std::set<std::string> ids_;
};

}  // namespace

Result<Policy> load_policy(const std::string& path) { return Loader().load(path); }

}  // namespace cfgsweep
