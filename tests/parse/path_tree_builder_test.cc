#include "parse/path_tree_builder.h"

#include <doctest/doctest.h>

#include <deque>
#include <string>
#include <vector>

using namespace cfgsweep;

namespace {

// Word paths whose text the test keeps alive (the tree stores views).
class Paths {
 public:
  std::vector<PathWord> path(std::initializer_list<std::string> words) {
    std::vector<PathWord> out;
    for (const std::string& word : words) out.push_back(PathWord{texts_.emplace_back(word), 1, 1});
    return out;
  }

 private:
  std::deque<std::string> texts_;
};

}  // namespace

TEST_CASE("equal prefixes share nodes and keyword arguments stay on their keyword") {
  ConfigTree tree;
  PathTreeBuilder builder(&tree, 0);
  Paths paths;
  int32_t a =
      builder.add(ConfigTree::kRoot, paths.path({"interfaces", "ge-0/0/0", "unit", "0", "family",
                                                 "inet", "address", "10.0.0.1/24"}));
  int32_t b =
      builder.add(ConfigTree::kRoot,
                  paths.path({"interfaces", "ge-0/0/0", "unit", "0", "description", "uplink"}));
  CHECK(a != b);
  CHECK(tree.outline() ==
        "interfaces\n  ge-0/0/0\n    unit 0\n      family inet\n        address 10.0.0.1/24\n"
        "      description uplink\n");
  int32_t unit =
      builder.find(ConfigTree::kRoot, paths.path({"interfaces", "ge-0/0/0", "unit", "0"}));
  CHECK(unit == tree.node(b).parent);
  CHECK(tree.node(tree.node(a).parent).parent == unit);
  CHECK(builder.find(ConfigTree::kRoot, paths.path({"interfaces", "ge-0/0/1"})) ==
        ConfigTree::kNone);
}

TEST_CASE("the index keeps every node through growth, removal and re-adding") {
  ConfigTree tree;
  PathTreeBuilder builder(&tree, 0);  // the smallest table: 5,000 keys make it grow
  Paths paths;
  std::vector<int32_t> added;
  for (int i = 0; i < 5000; ++i)
    added.push_back(
        builder.add(ConfigTree::kRoot,
                    paths.path({"policy-options", "prefix-list", "P" + std::to_string(i % 50),
                                "10." + std::to_string(i) + ".0.0/16"})));
  for (int i = 0; i < 5000; i += 7)
    CHECK(builder.find(ConfigTree::kRoot,
                       paths.path({"policy-options", "prefix-list", "P" + std::to_string(i % 50),
                                   "10." + std::to_string(i) + ".0.0/16"})) == added[i]);
  // Remove every other one, twice over (the second time finds nothing), then add them back.
  for (int round = 0; round < 2; ++round)
    for (int i = 0; i < 5000; i += 2)
      CHECK(
          builder.remove(ConfigTree::kRoot,
                         paths.path({"policy-options", "prefix-list", "P" + std::to_string(i % 50),
                                     "10." + std::to_string(i) + ".0.0/16"})) == (round == 0));
  for (int i = 0; i < 5000; ++i) {
    auto path = paths.path({"policy-options", "prefix-list", "P" + std::to_string(i % 50),
                            "10." + std::to_string(i) + ".0.0/16"});
    int32_t found = builder.find(ConfigTree::kRoot, path);
    if (i % 2 == 1) {
      CHECK(found == added[i]);
    } else {
      CHECK(found == ConfigTree::kNone);
      int32_t again = builder.add(ConfigTree::kRoot, path);
      CHECK(again != added[i]);
      CHECK(builder.find(ConfigTree::kRoot, path) == again);
    }
  }
  int32_t lists = builder.find(ConfigTree::kRoot, paths.path({"policy-options"}));
  int children = 0;
  for (int32_t list : tree.children(lists))
    for (int32_t entry : tree.children(list)) children += entry >= 0;
  CHECK(children == 5000);
}
