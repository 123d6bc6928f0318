#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/enum_names.h"
#include "parse/vendor.h"

namespace cfgsweep {

enum class Severity : uint8_t { kInfo = 1, kLow, kMedium, kHigh, kCritical };
template <>
struct EnumNameTable<Severity> {
  static constexpr auto kNames =
      enum_names<Severity::kInfo, Severity::kCritical>("info", "low", "medium", "high", "critical");
};

// An RE2 pattern for lines, with the literal that every match starts with when the pattern
// is anchored (`^ip http server` -> "ip http server"): a rule runs over every line of a
// config, and most lines are rejected by that prefix without entering RE2.
struct LinePattern {
  std::unique_ptr<RE2> re;
  std::string prefix;
  bool matches(std::string_view line) const {
    if (!prefix.empty() && (line.empty() || line.front() != prefix.front())) return false;
    return line.starts_with(prefix) && RE2::PartialMatch(line, *re);
  }
};

// The literal prefix of an anchored pattern ("" when it has none).
std::string anchored_literal_prefix(std::string_view pattern);

// A rule over the lines of the tree. Without a scope, `require` needs one node anywhere
// and `forbid` no node anywhere to match. With a scope (a path of parent patterns: the
// first matches at any depth, each next one a direct child of the previous match), each
// section the scope finds is checked on its direct children, and only the sections whose
// children match `where` (all of them) and none of `unless`.
struct LineRule {
  enum class Kind { kRequire, kForbid, kCount };
  Kind kind = Kind::kRequire;
  LinePattern pattern;
  std::optional<uint64_t> min;  // kCount
  std::optional<uint64_t> max;
  std::vector<LinePattern> scope;
  std::vector<LinePattern> where;
  std::vector<LinePattern> unless;
};

// A comparison of one model field. `values` holds the right-hand side: one value, or the
// items of a list for `in` / `not_in`.
struct FieldTest {
  enum class Op { kEq, kNe, kLt, kGt, kLe, kGe, kIn, kNotIn, kMatches, kExists, kAbsent };
  std::string field;  // a path from the model root, or from a list item for quantifiers
  Op op = Op::kExists;
  std::vector<std::string> values;
  std::unique_ptr<RE2> pattern;  // kMatches
};

// A rule over the normalized model: one test of a field, or a quantifier over a list
// (`all`, `any`, `none` of its items pass `test`, or their `count`, among the items that
// pass `where`, compares with `count_test`).
struct ModelRule {
  enum class Quantifier { kNone, kAll, kAny, kNoItem, kCount };
  Quantifier quantifier = Quantifier::kNone;
  std::string list;  // the list's path, for quantifiers
  std::vector<FieldTest> where;
  std::optional<FieldTest> test;
  FieldTest::Op count_op = FieldTest::Op::kGe;
  double count_value = 0;
};

// An intended-config rule (Golden Config's "features", hier_config's remediation idea): the
// lines a section must hold, as a template. Each section the scope finds (the top level
// without a scope) is compared with the template after its {{ variables }} are filled in:
// template lines it lacks are `missing`, its lines the template lacks are `extra` (unless
// `extra` is off), and with `ordered` the template's lines must come in its order.
struct IntendedRule {
  std::vector<LinePattern> scope;
  std::vector<std::string> lines;
  bool ordered = false;
  bool extra = true;
};

// Values for the {{ variables }} of intended-config templates: defaults, and per device
// (matched by hostname, a glob). `hostname` is always the device's own.
struct PolicyVars {
  std::map<std::string, std::string> defaults;
  std::vector<std::pair<std::string, std::map<std::string, std::string>>> devices;
};

// Which configs a rule is for: each list given must hold (any of its items may match).
// `vendor` is the detected vendor; the others come from the inventory (--inventory), and a
// config with no inventory device is not one they select.
struct AppliesTo {
  std::vector<Vendor> vendors;
  std::vector<std::string> platforms;
  std::vector<std::string> groups;
  std::vector<std::string> tags;
  std::vector<std::string> roles;
  bool needs_inventory() const {
    return !platforms.empty() || !groups.empty() || !tags.empty() || !roles.empty();
  }
};

struct Rule {
  std::string id;
  Severity severity = Severity::kMedium;
  std::string message;
  std::string remediation;
  AppliesTo applies_to;
  std::string source;  // "file:line" of the rule, for reports
  std::optional<LineRule> line;
  std::optional<ModelRule> model;
  std::optional<IntendedRule> intended;
};

struct Policy {
  std::vector<Rule> rules;
  PolicyVars vars;
  // `ignore_lines`: RE2 patterns of lines that change without the config changing (left
  // out of the fingerprint and of diff's line diff, with the built-in ones).
  std::vector<std::string> ignore_lines;
  // Every file it was read from (the policy file, then its includes), absolute: what the
  // run store hashes to tell a changed policy.
  std::vector<std::string> files;
  bool has_model_rules() const;
  // Whether some model rule reads the model's `section` ("interfaces", "acls").
  bool model_reads(std::string_view section) const;
};

}  // namespace cfgsweep
