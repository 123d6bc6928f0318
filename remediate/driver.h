#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>
#include <re2/set.h>

#include "common/error.h"
#include "parse/vendor.h"

namespace cfgsweep {

// How one platform's configuration is changed (docs/remediation.md): the data that turns a
// tree difference into that platform's commands. Built-in drivers are YAML files compiled
// into the binary (remediate/drivers/); `--driver FILE` loads another, which may start from
// a built-in one (`base: ios`) and add rules to it. Immutable once loaded; any thread.
struct Driver {
  enum class Family {
    kCli,      // indented sections, negation by prefix (IOS, NX-OS, EOS, IOS-XR, ASA)
    kSet,      // flat `set` paths, `delete` (Junos, VyOS)
    kFortios,  // `config` / `edit` / `set` / `unset` / `next` / `end`
  };
  struct Rewrite {
    std::shared_ptr<RE2> match;
    std::string use;  // RE2::Rewrite text (\1...)
  };
  struct Weight {
    std::shared_ptr<RE2> match;
    int weight;
  };
  std::string platform;
  Family family = Family::kCli;
  std::string negation = "no ";                                     // cli
  std::string set = "set ", del = "delete ", activate, deactivate;  // set family
  std::vector<std::shared_ptr<RE2>> ignore;      // lines that are no configuration
  std::vector<std::shared_ptr<RE2>> idempotent;  // group 1: the key of a one-per-key line
  std::vector<Rewrite> negate_with;
  std::vector<std::shared_ptr<RE2>> default_when;
  std::vector<std::shared_ptr<RE2>> overwrite;  // order-significant sections
  bool overwrite_negates = true;  // negate the old section first (IOS-XR: entering replaces)
  std::vector<std::shared_ptr<RE2>> verbatim;  // sections written unindented (banners)
  std::vector<Weight> order;
  std::vector<Rewrite> exit;  // `use` is the exit text
  std::string end;
  std::string indent = " ";  // cli: per level, in --text
  std::string quote = "\"";  // set: around a value with spaces

  // The idempotent patterns as one RE2::Set: which one matches a line is found in one pass
  // (most lines match none), then only that one runs for its key. Made by the loader.
  std::shared_ptr<RE2::Set> idempotent_set;

  bool ignored(std::string_view line) const;
  // The key of a one-per-key line ("hostname" for "hostname r1"), or nullopt.
  std::optional<std::string> idempotent_key(std::string_view line) const;
  // The command that undoes `line` (cli family).
  std::string negate(std::string_view line) const;
  bool is_overwrite(std::string_view line) const;
  bool is_verbatim(std::string_view line) const;
  int weight(std::string_view command) const;
  std::string exit_text(std::string_view section) const;
};

// The built-in driver of a platform (ios, iosxe, nxos, eos, iosxr, asa, junos, vyos,
// fortios), or an error listing them.
Result<Driver> builtin_driver(std::string_view platform);
// A driver file (YAML); errors name the file, line and what to fix (kUsage).
Result<Driver> load_driver_file(const std::string& path);
// The built-in driver of a detected vendor (cisco_nxos -> "nxos"), or nullopt.
std::optional<std::string_view> platform_for_vendor(Vendor vendor);

// The platform names builtin_driver() knows.
std::string driver_names();

}  // namespace cfgsweep
