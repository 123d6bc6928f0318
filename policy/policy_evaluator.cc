#include "policy/policy_evaluator.h"

#include <rapidjson/document.h>

#include "common/json_document.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include <fmt/format.h>

#include "parse/secret_redactor.h"
#include "policy/intended_config.h"
#include "policy/intended_fix.h"
#include "remediate/remediation.h"

namespace cfgsweep {

namespace {

constexpr std::size_t kMaxEvidence = 20;
using Json = rapidjson::Value;

void add_evidence(Finding* f, uint32_t line, std::string text) {
  if (f->lines.size() >= kMaxEvidence) return;
  f->lines.push_back(line);
  f->evidence.push_back(std::move(text));
}

// --- line rules

}  // namespace

class LineMatcher {
 public:
  LineMatcher(const ConfigTree& tree, bool reveal) : tree_(tree), reveal_(reveal) {}

  // What patterns see: the node's line ("text value" for hierarchical formats).
  std::string_view text(int32_t node) {
    const ConfigNode& n = tree_.node(node);
    if (n.value.empty()) return n.text;
    scratch_.assign(n.text).append(" ").append(n.value);
    return scratch_;
  }
  // What evidence may show of the node: its line with secrets redacted unless revealed.
  std::string shown(int32_t node) const {
    return reveal_ ? tree_.display(node) : tree_.redacted_display(node);
  }
  bool matches(int32_t node, const LinePattern& pattern) { return pattern.matches(text(node)); }
  bool any_child_matches(int32_t node, const LinePattern& pattern) {
    for (int32_t child : tree_.children(node))
      if (matches(child, pattern)) return true;
    return false;
  }
  // Every node below the root, in document order.
  template <typename Visit>
  void each_node(Visit visit) {
    for (int32_t i = 1; i < static_cast<int32_t>(tree_.size()); ++i)
      if (tree_.node(i).parent != ConfigTree::kNone) visit(i);
  }
  const ConfigTree& tree() const { return tree_; }

 private:
  const ConfigTree& tree_;
  bool reveal_;
  std::string scratch_;
};

namespace {

// The sections a scope path names, from the lines its first pattern matched (at any
// depth): each next pattern keeps the direct children that match it.
std::vector<int32_t> follow_scope(LineMatcher* m, const std::vector<LinePattern>& scope,
                                  std::vector<int32_t> found) {
  for (std::size_t level = 1; level < scope.size(); ++level) {
    std::vector<int32_t> next;
    for (int32_t parent : found)
      for (int32_t child : m->tree().children(parent))
        if (m->matches(child, scope[level])) next.push_back(child);
    found = std::move(next);
  }
  return found;
}

// The sections a line rule checks: its scope's, kept by `where` and `unless`.
// `first_level`: the lines scope[0] matches, from the evaluator's single pass.
std::vector<int32_t> sections(LineMatcher* m, const LineRule& rule,
                              const std::vector<int32_t>& first_level) {
  std::vector<int32_t> found = follow_scope(m, rule.scope, first_level);
  std::erase_if(found, [&](int32_t s) {
    for (const auto& w : rule.where)
      if (!m->any_child_matches(s, w)) return true;
    for (const auto& u : rule.unless)
      if (m->any_child_matches(s, u)) return true;
    return false;
  });
  return found;
}

bool count_ok(const LineRule& rule, uint64_t count) {
  return (!rule.min || count >= *rule.min) && (!rule.max || count <= *rule.max);
}

// `matched`: the lines the rule's pattern matches, from the evaluator's single pass.
void evaluate_unscoped(LineMatcher* m, const LineRule& rule, const std::vector<int32_t>& matched,
                       Finding* f) {
  uint64_t count = matched.size();
  for (int32_t n : matched)
    if (rule.kind != LineRule::Kind::kRequire || f->lines.empty())
      add_evidence(f, m->tree().node(n).line, m->shown(n));
  bool pass = rule.kind == LineRule::Kind::kRequire  ? count > 0
              : rule.kind == LineRule::Kind::kForbid ? count == 0
                                                     : count_ok(rule, count);
  f->status = pass ? Finding::Status::kPass : Finding::Status::kFail;
  if (rule.kind == LineRule::Kind::kCount && !pass)
    add_evidence(f, 0, fmt::format("{} matching lines", count));
}

void evaluate_scoped(LineMatcher* m, const LineRule& rule, const std::vector<int32_t>& first_level,
                     Finding* f) {
  std::vector<int32_t> found = sections(m, rule, first_level);
  if (found.empty()) {
    f->status = Finding::Status::kNotApplicable;
    return;
  }
  f->status = Finding::Status::kPass;
  for (int32_t section : found) {
    uint64_t count = 0;
    for (int32_t child : m->tree().children(section)) {
      if (!m->matches(child, rule.pattern)) continue;
      ++count;
      if (rule.kind == LineRule::Kind::kForbid) {
        f->status = Finding::Status::kFail;
        add_evidence(f, m->tree().node(child).line, m->shown(child));
      }
    }
    bool section_fails = rule.kind == LineRule::Kind::kRequire ? count == 0
                         : rule.kind == LineRule::Kind::kCount ? !count_ok(rule, count)
                                                               : false;
    if (section_fails) {
      f->status = Finding::Status::kFail;
      add_evidence(f, m->tree().node(section).line, m->shown(section));
    }
  }
}

// --- model rules

const Json* resolve(const Json& root, std::string_view path) {
  if (path == ".") return &root;
  const Json* at = &root;
  while (!path.empty()) {
    auto dot = path.find('.');
    std::string_view key = path.substr(0, dot);
    if (!at->IsObject()) return nullptr;
    // A Value, not a bare StringRef: that would convert to const char* and be strlen'd.
    const Json name(rapidjson::StringRef(key.data(), static_cast<rapidjson::SizeType>(key.size())));
    auto member = at->FindMember(name);
    if (member == at->MemberEnd() || member->value.IsNull()) return nullptr;
    at = &member->value;
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return at;
}

std::string as_text(const Json& v) {
  if (v.IsString()) return {v.GetString(), v.GetStringLength()};
  if (v.IsBool()) return v.GetBool() ? "true" : "false";
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsNumber()) return fmt::format("{}", v.GetDouble());
  return {};
}

bool compare(double left, FieldTest::Op op, double right) {
  using Op = FieldTest::Op;
  switch (op) {
    case Op::kEq:
      return left == right;
    case Op::kNe:
      return left != right;
    case Op::kLt:
      return left < right;
    case Op::kGt:
      return left > right;
    case Op::kLe:
      return left <= right;
    case Op::kGe:
      return left >= right;
    default:
      return false;
  }
}

// One scalar value against the test (a missing value never passes a comparison).
bool scalar_passes(const Json& v, const FieldTest& t) {
  using Op = FieldTest::Op;
  std::string text = as_text(v);
  switch (t.op) {
    case Op::kEq:
      return text == t.values[0];
    case Op::kNe:
      return text != t.values[0];
    case Op::kIn:
      return std::find(t.values.begin(), t.values.end(), text) != t.values.end();
    case Op::kNotIn:
      return std::find(t.values.begin(), t.values.end(), text) == t.values.end();
    case Op::kMatches:
      return RE2::PartialMatch(text, *t.pattern);
    case Op::kLt:
    case Op::kGt:
    case Op::kLe:
    case Op::kGe:
      return v.IsNumber() && compare(v.GetDouble(), t.op, std::stod(t.values[0]));
    default:
      return true;
  }
}

// A list-valued field passes ==, in and matches when one of its items does, and !=, not_in
// when all do.
bool passes(const Json& item, const FieldTest& t) {
  using Op = FieldTest::Op;
  const Json* v = resolve(item, t.field);
  bool present = v != nullptr && !(v->IsString() && v->GetStringLength() == 0) &&
                 !(v->IsArray() && v->Empty());
  if (t.op == Op::kExists) return present;
  if (t.op == Op::kAbsent) return !present;
  if (!v) return t.op == Op::kNe || t.op == Op::kNotIn;
  if (!v->IsArray()) return scalar_passes(*v, t);
  bool negative = t.op == Op::kNe || t.op == Op::kNotIn;
  for (const Json& x : v->GetArray())
    if (scalar_passes(x, t) != negative) return !negative;
  return negative;
}

std::string describe(const Json& item) {
  if (!item.IsObject()) return as_text(item);
  for (const char* key : {"name", "address", "prefix", "id", "kind", "process"})
    if (auto m = item.FindMember(key); m != item.MemberEnd()) return as_text(m->value);
  return "item";
}

uint32_t line_of(const Json& item) {
  if (!item.IsObject()) return 0;
  auto m = item.FindMember("line");
  return m != item.MemberEnd() && m->value.IsUint() ? m->value.GetUint() : 0;
}

void evaluate_model(const Json& model, const ModelRule& rule, Finding* f) {
  using Q = ModelRule::Quantifier;
  if (rule.quantifier == Q::kNone) {
    bool ok = passes(model, *rule.test);
    f->status = ok ? Finding::Status::kPass : Finding::Status::kFail;
    const Json* v = resolve(model, rule.test->field);
    add_evidence(f, rule.test->field == "hostname" ? line_of(model) : 0,
                 fmt::format("{} = {}", rule.test->field, v ? as_text(*v) : "(none)"));
    return;
  }
  std::vector<const Json*> items;
  if (const Json* list = resolve(model, rule.list); list && list->IsArray())
    for (const Json& item : list->GetArray())
      if (std::all_of(rule.where.begin(), rule.where.end(),
                      [&](const FieldTest& w) { return passes(item, w); }))
        items.push_back(&item);
  if (rule.quantifier == Q::kCount) {
    bool ok = compare(static_cast<double>(items.size()), rule.count_op, rule.count_value);
    f->status = ok ? Finding::Status::kPass : Finding::Status::kFail;
    add_evidence(f, 0, fmt::format("{} {}", items.size(), rule.list));
    for (const Json* item : items) add_evidence(f, line_of(*item), describe(*item));
    return;
  }
  if (items.empty() && rule.quantifier == Q::kAll) {
    f->status = Finding::Status::kNotApplicable;
    return;
  }
  std::size_t passing = 0;
  for (const Json* item : items) {
    bool ok = passes(*item, *rule.test);
    passing += ok;
    bool evidence = rule.quantifier == Q::kAll ? !ok : ok;  // the items that decide
    if (evidence) add_evidence(f, line_of(*item), describe(*item));
  }
  bool pass = rule.quantifier == Q::kAll   ? passing == items.size()
              : rule.quantifier == Q::kAny ? passing > 0
                                           : passing == 0;
  f->status = pass ? Finding::Status::kPass : Finding::Status::kFail;
  if (rule.quantifier == Q::kAny) {  // for `any`, what passed is not the problem
    f->lines.clear();
    f->evidence.clear();
  }
}

// `redact`: secrets in the missing lines (the template's, read by the secret table as single
// lines) and in the extra lines (the tree's nodes) are replaced before they are prefixed.
void evaluate_intended(LineMatcher* m, const IntendedRule& rule,
                       const std::map<std::string, std::string>& vars, bool redact,
                       const Driver* driver, Finding* f) {
  auto shown = [redact](std::string text) { return redact ? redact_line(text) : text; };
  std::vector<std::string> intended;
  std::string line, unknown;
  for (const std::string& raw : rule.lines) {
    if (!fill_template(raw, vars, &line, &unknown)) {
      f->status = Finding::Status::kError;
      add_evidence(f, 0, fmt::format("no value for the variable '{}' (set it in vars)", unknown));
      return;
    }
    intended.push_back(line);
  }
  std::vector<int32_t> found{ConfigTree::kRoot};
  if (!rule.scope.empty()) {
    std::vector<int32_t> first_level;
    m->each_node([&](int32_t n) {
      if (m->matches(n, rule.scope[0])) first_level.push_back(n);
    });
    found = follow_scope(m, rule.scope, std::move(first_level));
  }
  if (found.empty()) {
    f->status = Finding::Status::kNotApplicable;
    return;
  }
  f->status = Finding::Status::kPass;
  for (int32_t section : found) {
    IntendedDiff diff = compare_section(m->tree(), section, intended, rule,
                                        [&](int32_t n) { return std::string(m->text(n)); });
    if (diff.missing.empty() && diff.extra.empty() && !diff.out_of_order) continue;
    f->status = Finding::Status::kFail;
    uint32_t section_line = m->tree().node(section).line;
    std::string where = section == ConfigTree::kRoot ? "" : m->shown(section) + ": ";
    for (std::string& missing : diff.missing) {
      f->missing.push_back(shown(std::move(missing)));
      add_evidence(f, section_line, where + "missing " + f->missing.back());
    }
    for (IntendedDiff::Extra& extra : diff.extra) {
      f->extra.push_back(m->shown(extra.node));
      add_evidence(f, extra.line, where + "extra " + f->extra.back());
    }
    if (diff.out_of_order) add_evidence(f, section_line, where + "lines out of the intended order");
    if (driver) {
      std::vector<std::string> fix =
          intended_fix_commands(m->tree(), section, intended, rule, *driver, redact);
      f->commands.insert(f->commands.end(), fix.begin(), fix.end());
    }
  }
}

// An empty list selects everything; otherwise one of `values` must be in it.
bool listed(const std::vector<std::string>& wanted, std::string_view value) {
  return std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

bool any_in(const std::vector<std::string>& wanted, const std::vector<std::string>& values) {
  if (wanted.empty()) return true;
  return std::any_of(values.begin(), values.end(),
                     [&](const std::string& v) { return listed(wanted, v); });
}

// Decided for every rule of every config: no allocation on the way.
bool applies(const AppliesTo& to, Vendor vendor, const DeviceFacts* device) {
  // A config that names no vendor takes its inventory platform's.
  if (vendor == Vendor::kUnknown && device) vendor = device->vendor;
  if (!to.vendors.empty() &&
      std::find(to.vendors.begin(), to.vendors.end(), vendor) == to.vendors.end())
    return false;
  if (!to.needs_inventory()) return true;
  return device && (to.platforms.empty() || listed(to.platforms, device->platform)) &&
         any_in(to.groups, device->groups) && any_in(to.tags, device->tags) &&
         any_in(to.roles, device->roles);
}

}  // namespace

PolicyEvaluator::PolicyEvaluator(const Policy& policy, bool reveal_secrets)
    : policy_(policy),
      reveal_secrets_(reveal_secrets),
      has_model_rules_(policy.has_model_rules()),
      model_parts_{policy.model_reads("interfaces"), policy.model_reads("acls")} {
  for (std::size_t r = 0; r < policy_.rules.size(); ++r) {
    const std::optional<LineRule>& line = policy_.rules[r].line;
    if (!line) continue;
    const LinePattern& first = line->scope.empty() ? line->pattern : line->scope[0];
    if (first.prefix.empty())
      unprefixed_.push_back(r);
    else
      by_first_byte_[static_cast<unsigned char>(first.prefix.front())].push_back(r);
  }
}

// One pass over the lines for every rule: each line is tested only against the patterns
// whose literal prefix starts with its first byte, and those without a prefix.
std::vector<std::vector<int32_t>> PolicyEvaluator::match_every_line(
    LineMatcher& m, const std::vector<char>& applicable) const {
  std::vector<std::vector<int32_t>> matched(policy_.rules.size());
  auto test = [&](std::size_t r, int32_t node, std::string_view text) {
    if (!applicable[r]) return;
    const Rule& rule = policy_.rules[r];
    const LinePattern& first = rule.line->scope.empty() ? rule.line->pattern : rule.line->scope[0];
    if (first.matches(text)) matched[r].push_back(node);
  };
  m.each_node([&](int32_t node) {
    std::string_view text = m.text(node);
    if (!text.empty())
      for (std::size_t r : by_first_byte_[static_cast<unsigned char>(text.front())])
        test(r, node, text);
    for (std::size_t r : unprefixed_) test(r, node, text);
  });
  return matched;
}

std::vector<Finding> PolicyEvaluator::evaluate(Vendor vendor, const ConfigTree& tree,
                                               const JsonDocument* model_document,
                                               std::string_view hostname,
                                               const DeviceFacts* device) const {
  std::map<std::string, std::string> vars;
  bool vars_ready = false;
  std::vector<Finding> findings;
  LineMatcher matcher(tree, reveal_secrets_);
  static const Json kNoModel;
  const Json& model = model_document ? model_document->root() : kNoModel;
  // Once per config, not once per line and rule in the pass below.
  std::vector<char> applicable(policy_.rules.size());
  for (std::size_t r = 0; r < policy_.rules.size(); ++r)
    applicable[r] = applies(policy_.rules[r].applies_to, vendor, device);
  std::vector<std::vector<int32_t>> matched = match_every_line(matcher, applicable);
  for (std::size_t r = 0; r < policy_.rules.size(); ++r) {
    const Rule& rule = policy_.rules[r];
    Finding f;
    f.rule = &rule;
    if (!applicable[r]) {
      f.status = Finding::Status::kNotApplicable;
    } else if (rule.line) {
      if (rule.line->scope.empty())
        evaluate_unscoped(&matcher, *rule.line, matched[r], &f);
      else
        evaluate_scoped(&matcher, *rule.line, matched[r], &f);
    } else if (rule.intended) {
      if (!vars_ready) {
        vars = device_vars(policy_.vars, hostname, device ? &device->vars : nullptr);
        vars_ready = true;
      }
      evaluate_intended(&matcher, *rule.intended, vars, !reveal_secrets_,
                        remediation_ ? driver_for(vendor) : nullptr, &f);
    } else if (model.IsObject()) {
      evaluate_model(model, *rule.model, &f);
    }
    // Line and intended-config evidence comes redacted from the tree; model items are
    // whole community entries, or values read by the line table.
    if (!reveal_secrets_ && rule.model) {
      bool secret_items = rule.model->list == "snmp.communities";
      for (std::string& e : f.evidence) e = secret_items ? std::string(kRedacted) : redact_line(e);
    }
    findings.push_back(std::move(f));
  }
  return findings;
}

uint8_t worst_failure(const std::vector<Finding>& findings) {
  uint8_t worst = 0;
  for (const Finding& f : findings)
    if (f.status == Finding::Status::kFail || f.status == Finding::Status::kError)
      worst = std::max(worst, static_cast<uint8_t>(f.rule->severity));
  return worst;
}

const Driver* PolicyEvaluator::driver_for(Vendor vendor) const {
  auto [at, added] = drivers_.try_emplace(vendor);
  if (added) {
    auto platform = platform_for_vendor(vendor);
    auto driver = platform ? builtin_driver(*platform) : Result<Driver>(std::unexpected(Error{}));
    if (driver && driver->family == Driver::Family::kCli) at->second = std::move(*driver);
  }
  return at->second ? &*at->second : nullptr;
}

void write_findings_json(const std::vector<Finding>& findings, JsonWriter* json) {
  uint64_t counts[4] = {};
  json->key("findings");
  json->begin_array();
  for (const Finding& f : findings) {
    ++counts[static_cast<int>(f.status)];
    json->begin_object();
    json->field("rule", f.rule->id);
    json->field("severity", enum_name(f.rule->severity));
    json->field("status", enum_name(f.status));
    json->field("message", f.rule->message);
    json->key("lines");
    json->begin_array();
    for (uint32_t line : f.lines)
      if (line != 0) json->number(uint64_t{line});
    json->end_array();
    // Each piece with its own line (null for a piece that has none, such as a count): the
    // two parallel arrays of old fell out of step.
    json->key("evidence");
    json->begin_array();
    for (std::size_t i = 0; i < f.evidence.size(); ++i) {
      json->begin_object();
      json->key("line");
      if (f.lines[i] != 0)
        json->number(uint64_t{f.lines[i]});
      else
        json->null();
      json->field("text", f.evidence[i]);
      json->end_object();
    }
    json->end_array();
    if (f.rule->intended) {
      json->key("missing");
      json->begin_array();
      for (const std::string& m : f.missing) json->string(m);
      json->end_array();
      json->key("extra");
      json->begin_array();
      for (const std::string& e : f.extra) json->string(e);
      json->end_array();
    }
    if (f.status == Finding::Status::kFail && !f.rule->remediation.empty())
      json->field("remediation", f.rule->remediation);
    if (!f.commands.empty()) {
      json->key("commands");
      json->begin_array();
      for (const std::string& command : f.commands) json->string(command);
      json->end_array();
    }
    json->end_object();
  }
  json->end_array();
  json->key("compliance");
  json->begin_object();
  json->field("pass", counts[0]);
  json->field("fail", counts[1]);
  json->field("not_applicable", counts[2]);
  json->field("error", counts[3]);
  json->key("worst");
  if (uint8_t worst = worst_failure(findings))
    json->string(enum_name(static_cast<Severity>(worst)));
  else
    json->null();
  json->end_object();
}

}  // namespace cfgsweep
