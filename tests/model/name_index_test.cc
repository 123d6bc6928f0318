#include "model/name_index.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

using namespace cfgsweep;

TEST_CASE("NameIndex finds every name it was given, across growth, and adds each once") {
  NameIndex index;
  std::vector<std::string> names;
  auto name_at = [&](std::size_t i) -> std::string_view { return names[i]; };
  // Names that differ only in their last bytes, as interface names do.
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 5000; ++i) {
      std::string name = fmt::format("ge-{}/0/{}", i / 48, i % 48);
      bool added = false;
      std::size_t at = index.find_or_add(name, names.size(), name_at, &added);
      CHECK(added == (round == 0));
      if (added) {
        CHECK(at == names.size());
        names.push_back(name);
      }
      CHECK(names[at] == name);
    }
  }
  CHECK(names.size() == 5000);
}
