#include "policy/model_rule_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>
#include <utility>

#include <fmt/format.h>

#include "policy/model_fields.h"

namespace cfgsweep {

void PolicyNodeReader::report(const YAML::Node& at, std::string message) {
  const YAML::Mark mark = at.Mark();
  pending_.push_back({mark.line, mark.column, std::move(message)});
}

// A rule's mistakes are found key by key, not in the order they stand in; sorted by
// position, the report reads like the file.
void PolicyNodeReader::flush() {
  std::stable_sort(pending_.begin(), pending_.end(), [](const Mistake& a, const Mistake& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  for (const Mistake& m : pending_)
    diagnostics_.add(located(file_, m.line + 1, m.column + 1, m.message));
  pending_.clear();
}

std::optional<std::string> PolicyNodeReader::key_of(const YAML::Node& key) {
  try {
    return key.as<std::string>();
  } catch (const YAML::BadConversion&) {
    report(key, "a key must be a single value");
    return std::nullopt;
  }
}

std::optional<std::string> PolicyNodeReader::scalar(const YAML::Node& node, std::string_view what) {
  if (node.IsScalar()) return node.Scalar();
  report(node, fmt::format("'{}' must be a single value", what));
  return std::nullopt;
}

std::vector<YAML::Node> PolicyNodeReader::as_list(const YAML::Node& node) {
  if (node.IsSequence()) return {node.begin(), node.end()};
  return {node};
}

std::optional<std::unique_ptr<RE2>> PolicyNodeReader::pattern(const YAML::Node& node,
                                                              std::string_view what) {
  std::optional<std::string> text = scalar(node, what);
  if (!text) return std::nullopt;
  auto re = std::make_unique<RE2>(*text, RE2::Quiet);
  if (re->ok()) return re;
  report(node, fmt::format("bad RE2 pattern in '{}': {}", what, re->error()));
  return std::nullopt;
}

std::optional<uint64_t> PolicyNodeReader::number(const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = scalar(node, what);
  if (!text) return std::nullopt;
  uint64_t value = 0;
  const char* end = text->data() + text->size();
  auto [stop, error] = std::from_chars(text->data(), end, value);
  bool digits =
      std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; });
  // A number too big for 64 bits is a mistake too, not an exception.
  if (!text->empty() && digits && error == std::errc() && stop == end) return value;
  report(node, fmt::format("'{}' must be a whole number", what));
  return std::nullopt;
}

std::optional<bool> PolicyNodeReader::flag(const YAML::Node& node, std::string_view what) {
  std::optional<std::string> value = scalar(node, what);
  if (!value) return std::nullopt;
  if (*value == "true" || *value == "false") return *value == "true";
  report(node, fmt::format("'{}' is true or false", what));
  return std::nullopt;
}

namespace {

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

class ModelRuleReader {
 public:
  ModelRuleReader(PolicyNodeReader& nodes, const NamedLists& lists)
      : nodes_(nodes), lists_(lists) {}

  std::optional<ModelRule> read(const YAML::Node& node) {
    if (!node.IsMap()) {
      nodes_.report(node, "'model' must be a mapping, e.g. {field: hostname, exists: true}");
      return std::nullopt;
    }
    ModelRule rule;
    // Without its list, the fields of the tests cannot be checked.
    if (!read_quantifier(node, &rule)) return std::nullopt;
    bool ok = true;
    if (node["where"] && rule.quantifier == ModelRule::Quantifier::kNone) {
      nodes_.report(node["where"],
                    "'where' filters the items of a list: give all, any, none or count");
      ok = false;
    } else if (node["where"]) {
      for (const YAML::Node& test : nodes_.as_list(node["where"])) {
        std::optional<FieldTest> where = read_where(test, rule.list);
        if (where) rule.where.push_back(std::move(*where));
        ok = ok && where;
      }
    }
    if (rule.quantifier == ModelRule::Quantifier::kCount) {
      ok = read_count(node, &rule) && ok;
    } else {
      rule.test = read_test(node, rule.list, {"all", "any", "none", "where"});
      ok = ok && rule.test;
    }
    if (!ok) return std::nullopt;
    return rule;
  }

 private:
  std::optional<FieldTest> read_where(const YAML::Node& test, const std::string& list) {
    if (test.IsMap()) return read_test(test, list, /*allow_other=*/{});
    nodes_.report(test, "a 'where' test is a mapping, e.g. {field: mode, ==: access}");
    return std::nullopt;
  }

  bool read_quantifier(const YAML::Node& node, ModelRule* rule) {
    for (const auto& [name, quantifier] : kQuantifiers) {
      const YAML::Node list = node[std::string(name)];
      if (!list) continue;
      if (rule->quantifier != ModelRule::Quantifier::kNone) {
        nodes_.report(list, "one quantifier per rule: all, any, none or count");
        return false;
      }
      rule->quantifier = quantifier;
      std::optional<std::string> path = nodes_.scalar(list, name);
      if (!path) return false;
      auto kind = model_field_kind("", *path);
      if (kind != FieldKind::kObjectList && kind != FieldKind::kStringList) {
        nodes_.report(
            list, fmt::format("'{}' is not a list of the model (lists: interfaces, vlans, vrfs, "
                              "static_routes, bgp.neighbors, bgp.peer_groups, ospf, acls, users, "
                              "ntp_servers, syslog_servers, aaa_servers, dns_servers, "
                              "snmp.communities, snmp.hosts, snmp.versions, banners)",
                              *path));
        return false;
      }
      rule->list = *path;
    }
    return true;
  }

  bool read_count(const YAML::Node& node, ModelRule* rule) {
    bool found = false;
    bool ok = true;
    for (const auto& [name, op] : kOperators) {
      if (!node[std::string(name)] || op > FieldTest::Op::kGe) continue;
      found = true;
      std::optional<uint64_t> value = nodes_.number(node[std::string(name)], name);
      if (value) {
        rule->count_op = op;
        rule->count_value = static_cast<double>(*value);
      }
      ok = ok && value;
    }
    if (!found)
      nodes_.report(node, "a 'count' rule compares the count: ==, !=, <, >, <= or >= a number");
    ok = ok && found;
    for (const auto& item : node) {
      std::optional<std::string> key = nodes_.key_of(item.first);
      ok = ok && key;
      if (!key || *key == "count" || *key == "where" || is_operator(*key)) continue;
      nodes_.report(item.first, fmt::format("unknown key '{}' in a count rule", *key));
      ok = false;
    }
    return ok;
  }

  static bool is_operator(std::string_view key) {
    return std::any_of(kOperators.begin(), kOperators.end(),
                       [&](const auto& op) { return op.first == key; });
  }

  // The kind of the test's field; nullopt when it names none the model has, already told.
  std::optional<FieldKind> read_field(const YAML::Node& node, const std::string& list,
                                      std::string* field) {
    if (!node["field"]) {
      nodes_.report(node, "the test names no 'field'");
      return std::nullopt;
    }
    std::optional<std::string> name = nodes_.scalar(node["field"], "field");
    if (!name) return std::nullopt;
    *field = *name;
    // A string list's items are the values themselves: field "." (or the list name).
    auto kind = model_field_kind(list, *name);
    if (model_field_kind("", list) == FieldKind::kStringList && *name == ".")
      kind = FieldKind::kString;
    if (!kind)
      nodes_.report(node["field"], fmt::format("the model has no field '{}'{} (fields: {})", *name,
                                               list.empty() ? "" : " in the items of " + list,
                                               model_field_names(list)));
    return kind;
  }

  std::optional<FieldTest> read_test(const YAML::Node& node, const std::string& list,
                                     std::initializer_list<std::string_view> allow_other) {
    FieldTest test;
    std::optional<FieldKind> kind = read_field(node, list, &test.field);
    bool ok = kind.has_value();
    int ops = 0;
    bool unknown_operator = false;
    for (const auto& item : node) {
      std::optional<std::string> key = nodes_.key_of(item.first);
      ok = ok && key;
      if (!key || *key == "field") continue;
      if (std::find(allow_other.begin(), allow_other.end(), *key) != allow_other.end()) continue;
      auto op = std::find_if(kOperators.begin(), kOperators.end(),
                             [&](const auto& o) { return o.first == *key; });
      if (op == kOperators.end()) {
        nodes_.report(item.first,
                      fmt::format("unknown operator '{}' (expected one of: ==, !=, <, >, <=, "
                                  ">=, in, not_in, matches, exists)",
                                  *key));
        unknown_operator = true;
        continue;
      }
      ++ops;
      test.op = op->second;
      ok = read_operand(item.second, kind, &test) && ok;
    }
    // With an unknown operator, the missing one is that mistake, already told.
    if (ops > 1 || (ops == 0 && !unknown_operator))
      nodes_.report(node, "a test has exactly one operator, e.g. {field: mode, ==: access}");
    if (!ok || ops != 1) return std::nullopt;
    return test;
  }

  // `kind` is nullopt when the field is unknown: the operand is still checked, except
  // against the field.
  bool read_operand(const YAML::Node& value, std::optional<FieldKind> kind, FieldTest* test) {
    using Op = FieldTest::Op;
    switch (test->op) {
      case Op::kExists: {
        std::optional<bool> exists = nodes_.flag(value, "exists");
        if (exists == false) test->op = Op::kAbsent;
        return exists.has_value();
      }
      case Op::kMatches: {
        std::optional<std::unique_ptr<RE2>> re = nodes_.pattern(value, "matches");
        if (re) test->pattern = std::move(*re);
        return re.has_value();
      }
      case Op::kIn:
      case Op::kNotIn:
        return read_in(value, test);
      case Op::kLt:
      case Op::kGt:
      case Op::kLe:
      case Op::kGe: {
        if (kind && *kind != FieldKind::kNumber) {
          nodes_.report(value, fmt::format("'{}' is not a number field; use ==, !=, in or matches",
                                           test->field));
          return false;
        }
        std::optional<uint64_t> number_value = nodes_.number(value, "comparison");
        if (number_value) test->values.push_back(std::to_string(*number_value));
        return number_value.has_value();
      }
      default: {
        std::optional<std::string> text = nodes_.scalar(value, "comparison");
        if (text) test->values.push_back(*text);
        return text.has_value();
      }
    }
  }

  // The values of `in` / `not_in`: the name of a list, or the values themselves.
  bool read_in(const YAML::Node& value, FieldTest* test) {
    if (value.IsScalar()) {
      auto named = lists_.find(value.Scalar());
      if (named != lists_.end())
        test->values = named->second;
      else
        nodes_.report(value, fmt::format("no list named '{}' in 'lists'", value.Scalar()));
      return named != lists_.end();
    }
    bool ok = true;
    for (const YAML::Node& v : nodes_.as_list(value)) {
      std::optional<std::string> item = nodes_.scalar(v, "in");
      if (item) test->values.push_back(*item);
      ok = ok && item;
    }
    return ok;
  }

  PolicyNodeReader& nodes_;
  const NamedLists& lists_;
};

}  // namespace

std::optional<ModelRule> read_model_rule(PolicyNodeReader& reader, const YAML::Node& node,
                                         const NamedLists& lists) {
  return ModelRuleReader(reader, lists).read(node);
}

}  // namespace cfgsweep
