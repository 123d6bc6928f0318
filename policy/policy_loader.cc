#include "policy/policy_loader.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <map>
#include <set>
#include <span>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <yaml-cpp/yaml.h>

#include "policy/model_fields.h"

namespace cfgsweep {

namespace {

namespace fs = std::filesystem;

constexpr auto kTopKeys = std::to_array<std::string_view>({"include", "lists", "vars", "rules"});
constexpr auto kIntendedKeys =
    std::to_array<std::string_view>({"scope", "lines", "ordered", "extra"});
constexpr auto kRuleKeys = std::to_array<std::string_view>(
    {"id", "severity", "message", "remediation", "applies_to", "require", "forbid", "count", "min",
     "max", "scope", "where", "unless", "model", "intended"});
constexpr auto kOperators = std::to_array<std::pair<std::string_view, FieldTest::Op>>({
    {"==", FieldTest::Op::kEq},
    {"!=", FieldTest::Op::kNe},
    {"<", FieldTest::Op::kLt},
    {">", FieldTest::Op::kGt},
    {"<=", FieldTest::Op::kLe},
    {">=", FieldTest::Op::kGe},
    {"in", FieldTest::Op::kIn},
    {"not_in", FieldTest::Op::kNotIn},
    {"matches", FieldTest::Op::kMatches},
    {"exists", FieldTest::Op::kExists},
});
constexpr auto kQuantifiers = std::to_array<std::pair<std::string_view, ModelRule::Quantifier>>({
    {"all", ModelRule::Quantifier::kAll},
    {"any", ModelRule::Quantifier::kAny},
    {"none", ModelRule::Quantifier::kNoItem},
    {"count", ModelRule::Quantifier::kCount},
});

class Loader {
 public:
  Policy load(const std::string& path) {
    load_file(fs::absolute(path).lexically_normal().string(), 0);
    return std::move(policy_);
  }

 private:
  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const {
    const YAML::Mark mark = at.Mark();
    if (mark.is_null()) throw PolicyError(fmt::format("{}: {}", file_, message));
    throw PolicyError(fmt::format("{}:{}:{}: {}", file_, mark.line + 1, mark.column + 1, message));
  }

  void load_file(const std::string& path, int depth) {
    if (std::find(open_files_.begin(), open_files_.end(), path) != open_files_.end())
      throw PolicyError(fmt::format("{}: included again from itself (an include cycle)", path));
    if (depth > 16) throw PolicyError(fmt::format("{}: includes nest too deep", path));
    std::string outer = file_;
    file_ = path;
    open_files_.push_back(path);
    YAML::Node root;
    try {
      root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
      throw PolicyError(fmt::format("{}: cannot read the policy file", path));
    } catch (const YAML::Exception& e) {
      throw PolicyError(fmt::format("{}:{}:{}: not valid YAML: {}", path, e.mark.line + 1,
                                    e.mark.column + 1, e.msg));
    }
    if (!root.IsMap()) fail(root, "a policy is a mapping with 'rules' (and 'include', 'lists')");
    check_keys(root, kTopKeys, "the policy");
    if (root["lists"]) read_lists(root["lists"]);
    if (root["vars"]) read_vars(root["vars"]);
    if (root["include"]) {
      for (const YAML::Node& item : as_list(root["include"])) {
        fs::path included = fs::path(path).parent_path() / scalar(item, "include");
        std::string current = file_;
        load_file(included.lexically_normal().string(), depth + 1);
        file_ = current;
      }
    }
    if (root["rules"]) {
      if (!root["rules"].IsSequence()) fail(root["rules"], "'rules' must be a list of rules");
      for (const YAML::Node& rule : root["rules"]) policy_.rules.push_back(read_rule(rule));
    }
    open_files_.pop_back();
    file_ = outer;
  }

  template <std::size_t N>
  void check_keys(const YAML::Node& map, const std::array<std::string_view, N>& allowed,
                  std::string_view where) const {
    for (const auto& item : map) {
      auto key = item.first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        fail(item.first, fmt::format("unknown key '{}' in {} (expected one of: {})", key, where,
                                     fmt::join(allowed, ", ")));
    }
  }

  std::string scalar(const YAML::Node& node, std::string_view what) const {
    if (!node.IsScalar()) fail(node, fmt::format("'{}' must be a single value", what));
    return node.Scalar();
  }

  std::vector<YAML::Node> as_list(const YAML::Node& node) const {
    if (node.IsSequence()) return {node.begin(), node.end()};
    return {node};
  }

  std::unique_ptr<RE2> pattern(const YAML::Node& node, std::string_view what) const {
    auto re = std::make_unique<RE2>(scalar(node, what), RE2::Quiet);
    if (!re->ok()) fail(node, fmt::format("bad RE2 pattern in '{}': {}", what, re->error()));
    return re;
  }

  LinePattern line_pattern(const YAML::Node& node, std::string_view what) const {
    LinePattern p{pattern(node, what), {}};
    p.prefix = anchored_literal_prefix(p.re->pattern());
    return p;
  }

  std::vector<LinePattern> patterns(const YAML::Node& node, std::string_view what) const {
    std::vector<LinePattern> out;
    for (const YAML::Node& item : as_list(node)) out.push_back(line_pattern(item, what));
    return out;
  }

  void read_lists(const YAML::Node& lists) {
    if (!lists.IsMap()) fail(lists, "'lists' must map names to lists of values");
    for (const auto& item : lists) {
      std::vector<std::string> values;
      if (!item.second.IsSequence()) fail(item.second, "a named list must be a list of values");
      for (const YAML::Node& v : item.second) values.push_back(scalar(v, "list item"));
      lists_[item.first.as<std::string>()] = std::move(values);
    }
  }

  std::map<std::string, std::string> read_values(const YAML::Node& node) const {
    if (!node.IsMap()) fail(node, "variables are a mapping of names to values");
    std::map<std::string, std::string> values;
    for (const auto& item : node)
      values[item.first.as<std::string>()] = scalar(item.second, "variable");
    return values;
  }

  void read_vars(const YAML::Node& vars) {
    if (!vars.IsMap()) fail(vars, "'vars' is a mapping with 'defaults' and 'devices'");
    for (const auto& item : vars) {
      auto key = item.first.as<std::string>();
      if (key == "defaults") {
        for (auto& [name, value] : read_values(item.second)) policy_.vars.defaults[name] = value;
      } else if (key == "devices") {
        if (!item.second.IsMap())
          fail(item.second, "'devices' maps hostnames (globs) to variables");
        for (const auto& device : item.second)
          policy_.vars.devices.emplace_back(device.first.as<std::string>(),
                                            read_values(device.second));
      } else {
        fail(item.first,
             fmt::format("unknown key '{}' in 'vars' (expected defaults, devices)", key));
      }
    }
  }

  // The template's lines, each checked for well-formed {{ variable }} references.
  std::vector<std::string> template_lines(const YAML::Node& node) const {
    std::vector<std::string> lines;
    auto add = [&](std::string line) {
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
      std::size_t start = line.find_first_not_of(' ');
      if (start == std::string::npos) return;
      line.erase(0, start);
      for (std::size_t open = line.find("{{"); open != std::string::npos;
           open = line.find("{{", open + 2)) {
        std::size_t close = line.find("}}", open);
        std::string name =
            close == std::string::npos ? "" : line.substr(open + 2, close - open - 2);
        name.erase(0, name.find_first_not_of(' '));
        name.erase(name.find_last_not_of(' ') + 1);
        bool valid = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
        });
        if (!valid) fail(node, fmt::format("bad variable reference in template line '{}'", line));
      }
      lines.push_back(std::move(line));
    };
    if (node.IsSequence()) {
      for (const YAML::Node& l : node) add(scalar(l, "lines"));
    } else {
      std::string text = scalar(node, "lines");
      for (std::size_t pos = 0; pos <= text.size();) {
        std::size_t end = text.find('\n', pos);
        add(text.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
        if (end == std::string::npos) break;
        pos = end + 1;
      }
    }
    if (lines.empty()) fail(node, "the template has no lines");
    return lines;
  }

  bool flag(const YAML::Node& node, std::string_view what) const {
    std::string value = scalar(node, what);
    if (value != "true" && value != "false") fail(node, fmt::format("'{}' is true or false", what));
    return value == "true";
  }

  IntendedRule read_intended_rule(const YAML::Node& node) const {
    if (!node.IsMap())
      fail(node, "'intended' is a mapping with 'lines' (and 'scope', 'ordered', 'extra')");
    check_keys(node, kIntendedKeys, "'intended'");
    if (!node["lines"]) fail(node, "'intended' needs 'lines', the template");
    IntendedRule rule;
    rule.lines = template_lines(node["lines"]);
    if (node["scope"]) rule.scope = patterns(node["scope"], "scope");
    if (node["ordered"]) rule.ordered = flag(node["ordered"], "ordered");
    if (node["extra"]) rule.extra = flag(node["extra"], "extra");
    return rule;
  }

  Rule read_rule(const YAML::Node& node) {
    if (!node.IsMap()) fail(node, "a rule must be a mapping with 'id', 'severity', 'message'");
    check_keys(node, kRuleKeys, "a rule");
    Rule rule;
    for (std::string_view key : {"id", "severity", "message"})
      if (!node[std::string(key)]) fail(node, fmt::format("the rule has no '{}'", key));
    rule.id = scalar(node["id"], "id");
    if (!ids_.insert(rule.id).second)
      fail(node["id"], fmt::format("rule id '{}' is used twice", rule.id));
    auto severity = severity_from_name(scalar(node["severity"], "severity"));
    if (!severity)
      fail(node["severity"], "severity must be one of: info, low, medium, high, critical");
    rule.severity = *severity;
    rule.message = scalar(node["message"], "message");
    if (node["remediation"]) rule.remediation = scalar(node["remediation"], "remediation");
    rule.source = fmt::format("{}:{}", file_, node.Mark().line + 1);
    if (node["applies_to"]) read_applies_to(node["applies_to"], &rule);

    int kinds = 0;
    for (std::string_view key : {"require", "forbid", "count", "model", "intended"})
      kinds += node[std::string(key)] ? 1 : 0;
    if (kinds != 1)
      fail(node,
           fmt::format("rule '{}' needs exactly one of: require, forbid, count, model, intended",
                       rule.id));
    if (node["intended"]) {
      for (std::string_view key : {"scope", "where", "unless", "min", "max"})
        if (node[std::string(key)])
          fail(node[std::string(key)],
               fmt::format("'{}' does not go with 'intended' (its scope goes inside it)", key));
      rule.intended = read_intended_rule(node["intended"]);
    } else if (node["model"]) {
      for (std::string_view key : {"scope", "where", "unless", "min", "max"})
        if (node[std::string(key)])
          fail(node[std::string(key)],
               fmt::format("'{}' belongs to line rules; a model rule filters inside 'model'", key));
      rule.model = read_model_rule(node["model"]);
    } else {
      rule.line = read_line_rule(node);
    }
    return rule;
  }

  void read_applies_to(const YAML::Node& node, Rule* rule) const {
    if (!node.IsMap()) fail(node, "'applies_to' must be a mapping, e.g. {vendor: [cisco_ios]}");
    AppliesTo& to = rule->applies_to;
    const std::pair<const char*, std::vector<std::string>*> keys[] = {{"vendor", &to.vendors},
                                                                      {"platform", &to.platforms},
                                                                      {"groups", &to.groups},
                                                                      {"tags", &to.tags},
                                                                      {"roles", &to.roles}};
    for (const auto& item : node) {
      std::string key = item.first.as<std::string>();
      auto known = std::find_if(std::begin(keys), std::end(keys),
                                [&](const auto& k) { return key == k.first; });
      if (known == std::end(keys))
        fail(item.first,
             "'applies_to' knows vendor (detected), and platform, groups, tags and roles (from "
             "the inventory): each a name or a list of names");
      for (const YAML::Node& v : as_list(item.second))
        known->second->push_back(scalar(v, known->first));
    }
  }

  LineRule read_line_rule(const YAML::Node& node) const {
    LineRule rule;
    if (node["require"]) {
      rule.kind = LineRule::Kind::kRequire;
      rule.pattern = line_pattern(node["require"], "require");
    } else if (node["forbid"]) {
      rule.kind = LineRule::Kind::kForbid;
      rule.pattern = line_pattern(node["forbid"], "forbid");
    } else {
      rule.kind = LineRule::Kind::kCount;
      rule.pattern = line_pattern(node["count"], "count");
      if (!node["min"] && !node["max"])
        fail(node["count"], "a 'count' rule needs 'min', 'max' or both");
      if (node["min"]) rule.min = number(node["min"], "min");
      if (node["max"]) rule.max = number(node["max"], "max");
    }
    if ((node["min"] || node["max"]) && !node["count"])
      fail(node["min"] ? node["min"] : node["max"], "'min' and 'max' belong to 'count' rules");
    if (node["scope"]) rule.scope = patterns(node["scope"], "scope");
    if (node["where"]) rule.where = patterns(node["where"], "where");
    if (node["unless"]) rule.unless = patterns(node["unless"], "unless");
    if ((node["where"] || node["unless"]) && !node["scope"])
      fail(node["where"] ? node["where"] : node["unless"],
           "'where' and 'unless' test the children of a section: give the section in 'scope'");
    return rule;
  }

  uint64_t number(const YAML::Node& node, std::string_view what) const {
    std::string text = scalar(node, what);
    if (text.empty() ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
      fail(node, fmt::format("'{}' must be a whole number", what));
    return std::stoull(text);
  }

  ModelRule read_model_rule(const YAML::Node& node) const {
    if (!node.IsMap())
      fail(node, "'model' must be a mapping, e.g. {field: hostname, exists: true}");
    ModelRule rule;
    std::string list;
    for (const auto& [name, quantifier] : kQuantifiers)
      if (node[std::string(name)]) {
        if (rule.quantifier != ModelRule::Quantifier::kNone)
          fail(node[std::string(name)], "one quantifier per rule: all, any, none or count");
        rule.quantifier = quantifier;
        list = scalar(node[std::string(name)], name);
        auto kind = model_field_kind("", list);
        if (kind != FieldKind::kObjectList && kind != FieldKind::kStringList)
          fail(node[std::string(name)],
               fmt::format("'{}' is not a list of the model (lists: interfaces, vlans, vrfs, "
                           "static_routes, bgp.neighbors, bgp.peer_groups, ospf, acls, users, "
                           "ntp_servers, syslog_servers, aaa_servers, dns_servers, "
                           "snmp.communities, snmp.hosts, snmp.versions, banners)",
                           list));
      }
    rule.list = list;
    if (node["where"]) {
      if (rule.quantifier == ModelRule::Quantifier::kNone)
        fail(node["where"], "'where' filters the items of a list: give all, any, none or count");
      for (const YAML::Node& test : as_list(node["where"])) {
        if (!test.IsMap())
          fail(test, "a 'where' test is a mapping, e.g. {field: mode, ==: access}");
        rule.where.push_back(read_test(test, list, /*allow_other=*/{}));
      }
    }
    if (rule.quantifier == ModelRule::Quantifier::kCount) {
      bool found = false;
      for (const auto& [name, op] : kOperators)
        if (node[std::string(name)] && op <= FieldTest::Op::kGe) {
          rule.count_op = op;
          rule.count_value = static_cast<double>(number(node[std::string(name)], name));
          found = true;
        }
      if (!found) fail(node, "a 'count' rule compares the count: ==, !=, <, >, <= or >= a number");
      for (const auto& item : node) {
        auto key = item.first.as<std::string>();
        if (key != "count" && key != "where" && !is_operator(key))
          fail(item.first, fmt::format("unknown key '{}' in a count rule", key));
      }
      return rule;
    }
    rule.test = read_test(node, list, {"all", "any", "none", "where"});
    return rule;
  }

  static bool is_operator(std::string_view key) {
    return std::any_of(kOperators.begin(), kOperators.end(),
                       [&](const auto& op) { return op.first == key; });
  }

  FieldTest read_test(const YAML::Node& node, const std::string& list,
                      std::initializer_list<std::string_view> allow_other) const {
    FieldTest test;
    if (!node["field"]) fail(node, "the test names no 'field'");
    test.field = scalar(node["field"], "field");
    std::string item_list = list;
    // A string list's items are the values themselves: field "." (or the list name).
    auto kind = model_field_kind(item_list, test.field);
    if (model_field_kind("", list) == FieldKind::kStringList && test.field == ".")
      kind = FieldKind::kString;
    if (!kind)
      fail(node["field"],
           fmt::format("the model has no field '{}'{} (fields: {})", test.field,
                       list.empty() ? "" : " in the items of " + list, model_field_names(list)));
    int ops = 0;
    for (const auto& item : node) {
      auto key = item.first.as<std::string>();
      if (key == "field") continue;
      if (std::find(allow_other.begin(), allow_other.end(), key) != allow_other.end()) continue;
      auto op = std::find_if(kOperators.begin(), kOperators.end(),
                             [&](const auto& o) { return o.first == key; });
      if (op == kOperators.end())
        fail(item.first,
             fmt::format("unknown operator '{}' (expected one of: ==, !=, <, >, <=, >=, "
                         "in, not_in, matches, exists)",
                         key));
      ++ops;
      test.op = op->second;
      read_operand(item.second, *kind, &test);
    }
    if (ops != 1) fail(node, "a test has exactly one operator, e.g. {field: mode, ==: access}");
    return test;
  }

  void read_operand(const YAML::Node& value, FieldKind kind, FieldTest* test) const {
    using Op = FieldTest::Op;
    switch (test->op) {
      case Op::kExists: {
        std::string flag = scalar(value, "exists");
        if (flag != "true" && flag != "false") fail(value, "'exists' is true or false");
        if (flag == "false") test->op = Op::kAbsent;
        return;
      }
      case Op::kMatches:
        test->pattern = pattern(value, "matches");
        return;
      case Op::kIn:
      case Op::kNotIn:
        if (value.IsScalar()) {
          auto named = lists_.find(value.Scalar());
          if (named == lists_.end())
            fail(value, fmt::format("no list named '{}' in 'lists'", value.Scalar()));
          test->values = named->second;
        } else {
          for (const YAML::Node& v : as_list(value)) test->values.push_back(scalar(v, "in"));
        }
        return;
      case Op::kLt:
      case Op::kGt:
      case Op::kLe:
      case Op::kGe:
        if (kind != FieldKind::kNumber)
          fail(value,
               fmt::format("'{}' is not a number field; use ==, !=, in or matches", test->field));
        test->values.push_back(std::to_string(number(value, "comparison")));
        return;
      default:
        test->values.push_back(scalar(value, "comparison"));
        return;
    }
  }

  Policy policy_;
  std::string file_;
  std::vector<std::string> open_files_;
  std::map<std::string, std::vector<std::string>> lists_;
  std::set<std::string> ids_;
};

}  // namespace

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::kInfo:
      return "info";
    case Severity::kLow:
      return "low";
    case Severity::kMedium:
      return "medium";
    case Severity::kHigh:
      return "high";
    case Severity::kCritical:
      return "critical";
  }
  return "medium";
}

std::optional<Severity> severity_from_name(std::string_view name) {
  for (auto s :
       {Severity::kInfo, Severity::kLow, Severity::kMedium, Severity::kHigh, Severity::kCritical})
    if (severity_name(s) == name) return s;
  return std::nullopt;
}

// True when `pattern` has a '|' outside any group or class: "^ab|cd" is "(^ab)|(cd)".
static bool has_top_level_alternation(std::string_view pattern) {
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

std::string anchored_literal_prefix(std::string_view pattern) {
  if (!pattern.starts_with("^") || has_top_level_alternation(pattern)) return {};
  std::string prefix;
  for (std::size_t i = 1; i < pattern.size(); ++i) {
    char c = pattern[i];
    bool literal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == ' ' || c == '-' || c == '_' || c == ':' || c == '/' || c == ',';
    if (!literal) break;
    char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
    if (next == '*' || next == '?' || next == '{') break;  // the char may be absent
    prefix += c;
  }
  return prefix;
}

bool Policy::model_reads(std::string_view section) const {
  auto in_section = [&](std::string_view path) {
    return path == section || (path.starts_with(section) && path[section.size()] == '.');
  };
  for (const Rule& rule : rules) {
    if (!rule.model) continue;
    const ModelRule& m = *rule.model;
    if (in_section(m.list)) return true;
    if (m.quantifier == ModelRule::Quantifier::kNone && m.test && in_section(m.test->field))
      return true;
  }
  return false;
}

bool Policy::has_model_rules() const {
  return std::any_of(rules.begin(), rules.end(), [](const Rule& r) { return r.model.has_value(); });
}

Policy load_policy(const std::string& path) { return Loader().load(path); }

}  // namespace cfgsweep
