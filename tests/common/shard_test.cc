#include "common/shard.h"

#include <doctest/doctest.h>

#include <array>
#include <string>

using namespace cfgsweep;

TEST_CASE("a device's shard is XXH3-64 of its name mod N, as the xxHash specification fixes it") {
  // XXH3-64 of the empty input is 0x2D06800538D394C2 (the specification's own value).
  constexpr uint64_t kEmpty = 0x2D06800538D394C2ULL;
  CHECK(device_shard("", 7) == kEmpty % 7);
  CHECK(device_shard("", 1000) == kEmpty % 1000);
  // Pinned: a change here moves devices between shards, and their stores' history with them.
  CHECK(device_shard("edge1", 4) == 2);
  CHECK(device_shard("edge1", 16) == 6);
  CHECK(device_shard("core1.example.net", 4) == 1);
  CHECK(device_shard("anything", 1) == 0);
}

TEST_CASE("names spread evenly over the shards") {
  std::array<int, 4> counts{};
  for (int i = 0; i < 10000; ++i) ++counts[device_shard("r" + std::to_string(i), 4)];
  for (int n : counts) {
    CHECK(n > 2300);
    CHECK(n < 2700);
  }
}

TEST_CASE("--shard takes I/N with 0 <= I < N") {
  ShardSpec spec;
  CHECK(parse_shard("3/4", &spec));
  CHECK(spec.index == 3);
  CHECK(spec.count == 4);
  CHECK(spec.active());
  CHECK(spec.describe() == "3/4");
  ShardSpec one;
  CHECK(parse_shard("0/1", &one));
  CHECK(one.active());  // a one-shard run still writes its manifest
  for (const char* bad : {"4/4", "-1/4", "1/0", "a/b", "1/4/2", "", "1", "1/65537", " 1/4"}) {
    ShardSpec s;
    auto parsed = parse_shard(bad, &s);
    CHECK_MESSAGE(!parsed, bad);
    if (!parsed) CHECK(parsed.error().status == ExitStatus::kUsage);
    CHECK(!s.active());
  }
}

TEST_CASE("--shard-by takes FIELD=VALUE, VALUE possibly empty") {
  ShardSpec spec;
  CHECK(parse_shard_by("data.site=dc1", &spec));
  CHECK(spec.by_field == "data.site");
  CHECK(spec.by_value == "dc1");
  CHECK(spec.describe() == "data.site=dc1");
  CHECK(parse_shard("1/2", &spec));
  CHECK(spec.describe() == "data.site=dc1 1/2");
  ShardSpec none;
  CHECK(parse_shard_by("data.site=", &none));
  CHECK(none.by_value.empty());
  ShardSpec bad;
  CHECK(!parse_shard_by("=dc1", &bad));
  CHECK(!parse_shard_by("site", &bad));
  ShardSpec second, third;
  second.index = 1, second.count = 4;
  third.index = 2, third.count = 4;
  CHECK(!in_hash_shard(second, "edge1"));
  CHECK(in_hash_shard(third, "edge1"));
}
