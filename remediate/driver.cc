#include "remediate/driver.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "builtin_drivers.h"

namespace cfgsweep {

namespace {

constexpr std::string_view kKeys[] = {
    "base",        "platform",     "family",     "negation", "set",
    "delete",      "activate",     "deactivate", "ignore",   "idempotent",
    "negate_with", "default_when", "overwrite",  "order",    "exit",
    "end",         "verbatim",     "indent",     "quote",    "overwrite_negates"};

// Reads one driver document into `driver` (over what a base put there: its lists go before
// the base's, so that its rules match first; scalars are replaced). Mistakes go to `diagnostics`,
// each "where:line:column: message".
class DriverReader {
 public:
  DriverReader(std::string where, Diagnostics* diagnostics)
      : where_(std::move(where)), diagnostics_(diagnostics) {}

  void read(const YAML::Node& root, Driver* driver) {
    if (!root.IsMap()) return mistake(root, "a driver is a mapping (platform, family, rules)");
    for (const auto& item : root) {
      const std::string key = item.first.as<std::string>();
      if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys))
        mistake(item.first, fmt::format("unknown key '{}'", key));
    }
    scalar(root, "platform", &driver->platform);
    if (root["family"]) {
      const std::string family = root["family"].as<std::string>();
      if (family == "cli")
        driver->family = Driver::Family::kCli;
      else if (family == "set")
        driver->family = Driver::Family::kSet;
      else if (family == "fortios")
        driver->family = Driver::Family::kFortios;
      else
        mistake(root["family"], "family is one of: cli, set, fortios");
    }
    scalar(root, "negation", &driver->negation);
    scalar(root, "set", &driver->set);
    scalar(root, "delete", &driver->del);
    scalar(root, "activate", &driver->activate);
    scalar(root, "deactivate", &driver->deactivate);
    scalar(root, "end", &driver->end);
    scalar(root, "indent", &driver->indent);
    scalar(root, "quote", &driver->quote);
    if (const YAML::Node node = root["overwrite_negates"]) {
      if (node.IsScalar() &&
          (node.as<std::string>() == "true" || node.as<std::string>() == "false"))
        driver->overwrite_negates = node.as<std::string>() == "true";
      else
        mistake(node, "overwrite_negates is true or false");
    }
    patterns(root["verbatim"], &driver->verbatim);
    patterns(root["ignore"], &driver->ignore);
    patterns(root["idempotent"], &driver->idempotent);
    patterns(root["default_when"], &driver->default_when);
    patterns(root["overwrite"], &driver->overwrite);
    rewrites(root["negate_with"], "use", &driver->negate_with);
    rewrites(root["exit"], "text", &driver->exit);
    if (const YAML::Node order = root["order"]) {
      std::vector<Driver::Weight> weights;
      for (const YAML::Node& item : list(order)) {
        auto re = pattern(item["match"]);
        if (!item["weight"]) {
          mistake(item, "an order entry is {match: RE, weight: N}");
          continue;
        }
        if (re) weights.push_back({re, item["weight"].as<int>()});
      }
      driver->order.insert(driver->order.begin(), weights.begin(), weights.end());
    }
  }

 private:
  void mistake(const YAML::Node& node, const std::string& message) {
    const auto mark = node.Mark();
    diagnostics_->add(located(where_, mark.line + 1, mark.column + 1, message));
  }
  void scalar(const YAML::Node& root, const char* key, std::string* out) {
    if (const YAML::Node node = root[key]) {
      if (node.IsScalar())
        *out = node.as<std::string>();
      else
        mistake(node, fmt::format("{} is a string", key));
    }
  }
  std::vector<YAML::Node> list(const YAML::Node& node) {
    std::vector<YAML::Node> items;
    if (!node.IsSequence()) {
      mistake(node, "a list, [...] or lines starting with '- '");
      return items;
    }
    for (const YAML::Node& item : node) items.push_back(item);
    return items;
  }
  std::shared_ptr<RE2> pattern(const YAML::Node& node) {
    if (!node || !node.IsScalar()) {
      mistake(node ? node : YAML::Node(), "a pattern (RE2) is a string");
      return nullptr;
    }
    auto re = std::make_shared<RE2>(node.as<std::string>(), RE2::Quiet);
    if (!re->ok()) {
      mistake(node,
              fmt::format("'{}' is not an RE2 pattern: {}", node.as<std::string>(), re->error()));
      return nullptr;
    }
    return re;
  }
  void patterns(const YAML::Node& node, std::vector<std::shared_ptr<RE2>>* out) {
    if (!node) return;
    std::vector<std::shared_ptr<RE2>> read;
    for (const YAML::Node& item : list(node))
      if (auto re = pattern(item)) read.push_back(re);
    out->insert(out->begin(), read.begin(), read.end());  // before a base's: first match wins
  }
  void rewrites(const YAML::Node& node, const char* use_key, std::vector<Driver::Rewrite>* out) {
    if (!node) return;
    std::vector<Driver::Rewrite> read;
    for (const YAML::Node& item : list(node)) {
      auto re = pattern(item["match"]);
      if (!item[use_key] || !item[use_key].IsScalar()) {
        mistake(item, fmt::format("an entry is {{match: RE, {}: TEXT}}", use_key));
        continue;
      }
      std::string use = item[use_key].as<std::string>(), error;
      if (re && !re->CheckRewriteString(use, &error)) {
        mistake(item[use_key], fmt::format("'{}': {}", use, error));
        continue;
      }
      if (re) read.push_back({re, use});
    }
    out->insert(out->begin(), read.begin(), read.end());
  }

  std::string where_;
  Diagnostics* diagnostics_;
};

std::optional<std::string_view> builtin_text(std::string_view platform) {
  if (platform == "iosxe") platform = "ios";
  for (const auto& [name, text] : kBuiltinDrivers)
    if (name == platform) return text;
  return std::nullopt;
}

Result<Driver> read_driver(std::string_view text, const std::string& where, int depth);

Result<Driver> read_driver_node(const YAML::Node& root, const std::string& where, int depth) {
  Driver driver;
  Diagnostics diagnostics;
  if (root.IsMap() && root["base"]) {
    const std::string base = root["base"].as<std::string>();
    auto text = builtin_text(base);
    if (!text || depth > 4) {
      diagnostics.add(
          located(where, root["base"].Mark().line + 1, root["base"].Mark().column + 1,
                  fmt::format("base '{}' is not a built-in driver ({})", base, driver_names())));
      return std::unexpected(diagnostics.to_error(ExitStatus::kUsage));
    }
    auto based = read_driver(*text, fmt::format("driver {}", base), depth + 1);
    if (!based) return based;
    driver = std::move(*based);
  }
  DriverReader(where, &diagnostics).read(root, &driver);
  if (!diagnostics.empty()) return std::unexpected(diagnostics.to_error(ExitStatus::kUsage));
  auto set = std::make_shared<RE2::Set>(RE2::Options(RE2::Quiet), RE2::UNANCHORED);
  bool compiled = true;
  for (const auto& re : driver.idempotent)
    compiled = compiled && set->Add(re->pattern(), nullptr) >= 0;
  if (compiled && set->Compile()) driver.idempotent_set = std::move(set);
  return driver;
}

Result<Driver> read_driver(std::string_view text, const std::string& where, int depth) {
  try {
    return read_driver_node(YAML::Load(std::string(text)), where, depth);
  } catch (const YAML::Exception& e) {
    return make_error(ExitStatus::kUsage, located(where, e.mark.line + 1, e.mark.column + 1,
                                                  "not valid YAML: " + e.msg));
  }
}

std::string rewritten(const RE2& re, const std::string& use, std::string_view line) {
  std::string out;
  re2::StringPiece groups[10];
  const int n = std::min(10, re.NumberOfCapturingGroups() + 1);
  if (!re.Match(line, 0, line.size(), RE2::UNANCHORED, groups, n)) return {};
  re.Rewrite(&out, use, groups, n);
  return out;
}

}  // namespace

bool Driver::ignored(std::string_view line) const {
  for (const auto& re : ignore)
    if (RE2::PartialMatch(line, *re)) return true;
  return false;
}

std::optional<std::string> Driver::idempotent_key(std::string_view line) const {
  if (idempotent_set) {
    std::vector<int> matched;
    if (!idempotent_set->Match(line, &matched)) return std::nullopt;
    const auto& re =
        idempotent[static_cast<std::size_t>(*std::min_element(matched.begin(), matched.end()))];
    std::string key;
    if (re->NumberOfCapturingGroups() >= 1 ? RE2::PartialMatch(line, *re, &key)
                                           : RE2::PartialMatch(line, *re))
      return key.empty() ? std::string(line) : key;
    return std::nullopt;
  }
  for (const auto& re : idempotent) {
    std::string key;
    if (re->NumberOfCapturingGroups() >= 1 ? RE2::PartialMatch(line, *re, &key)
                                           : RE2::PartialMatch(line, *re))
      return key.empty() ? std::string(line) : key;
  }
  return std::nullopt;
}

std::string Driver::negate(std::string_view line) const {
  for (const Rewrite& r : negate_with)
    if (RE2::PartialMatch(line, *r.match)) return rewritten(*r.match, r.use, line);
  for (const auto& re : default_when)
    if (RE2::PartialMatch(line, *re)) return "default " + std::string(line);
  if (line.starts_with(negation)) return std::string(line.substr(negation.size()));
  return negation + std::string(line);
}

bool Driver::is_overwrite(std::string_view line) const {
  for (const auto& re : overwrite)
    if (RE2::PartialMatch(line, *re)) return true;
  return false;
}

bool Driver::is_verbatim(std::string_view line) const {
  for (const auto& re : verbatim)
    if (RE2::PartialMatch(line, *re)) return true;
  return false;
}

int Driver::weight(std::string_view command) const {
  for (const Weight& w : order)
    if (RE2::PartialMatch(command, *w.match)) return w.weight;
  return 500;
}

std::string Driver::exit_text(std::string_view section) const {
  for (const Rewrite& r : exit)
    if (RE2::PartialMatch(section, *r.match)) return r.use;
  return "exit";
}

Result<Driver> builtin_driver(std::string_view platform) {
  auto text = builtin_text(platform);
  if (!text)
    return make_error(ExitStatus::kUsage, fmt::format("no driver for platform '{}'; one of: {}",
                                                      platform, driver_names()));
  return read_driver(*text, fmt::format("driver {}", platform), 0);
}

Result<Driver> load_driver_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return make_error(ExitStatus::kUsage, fmt::format("cannot read the driver {}", path));
  std::stringstream text;
  text << in.rdbuf();
  return read_driver(text.str(), path, 0);
}

std::optional<std::string_view> platform_for_vendor(Vendor vendor) {
  switch (vendor) {
    case Vendor::kCiscoIos:
    case Vendor::kCiscoIosxe:
      return "ios";
    case Vendor::kCiscoNxos:
      return "nxos";
    case Vendor::kCiscoIosxr:
      return "iosxr";
    case Vendor::kCiscoAsa:
      return "asa";
    case Vendor::kAristaEos:
      return "eos";
    case Vendor::kJuniperJunos:
      return "junos";
    case Vendor::kVyos:
      return "vyos";
    case Vendor::kFortinetFortios:
      return "fortios";
    default:
      return std::nullopt;
  }
}

std::string driver_names() {
  std::string names = "iosxe";
  for (const auto& [name, text] : kBuiltinDrivers) names += ", " + std::string(name);
  return names;
}

}  // namespace cfgsweep
