#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "policy/policy.h"

namespace cfgsweep {

// The reads of a policy file's nodes that can fail, shared by the loader and the model-rule
// reader. Each records its mistake where it finds it and returns nullopt (or false): the
// caller only passes the failure on, so that each mistake is told once, and goes on with
// what does not depend on it, so that one load tells every mistake of the files.
class PolicyNodeReader {
 public:
  // A mistake at `at`, which must be a node that exists: yaml-cpp throws on the mark of a
  // missing one.
  void report(const YAML::Node& at, std::string message);

  std::optional<std::string> key_of(const YAML::Node& key);
  std::optional<std::string> scalar(const YAML::Node& node, std::string_view what);
  std::optional<std::unique_ptr<RE2>> pattern(const YAML::Node& node, std::string_view what);
  std::optional<uint64_t> number(const YAML::Node& node, std::string_view what);
  std::optional<bool> flag(const YAML::Node& node, std::string_view what);
  // A list's items, or the node alone: where a list is expected, one value may stand for it.
  static std::vector<YAML::Node> as_list(const YAML::Node& node);

 protected:
  // Moves the mistakes reported so far into diagnostics_, located in file_.
  void flush();

  Diagnostics diagnostics_;
  std::string file_;  // the file whose nodes are read

 private:
  struct Mistake {
    int line;
    int column;
    std::string message;
  };
  std::vector<Mistake> pending_;
};

using NamedLists = std::map<std::string, std::vector<std::string>>;

// The `model` of a rule (docs/policy.md, "Model rules"), whose `in` / `not_in` may name one
// of `lists`; nullopt when it has mistakes, each reported to `reader`.
std::optional<ModelRule> read_model_rule(PolicyNodeReader& reader, const YAML::Node& node,
                                         const NamedLists& lists);

}  // namespace cfgsweep
