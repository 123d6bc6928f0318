#include "common/arena_allocator.h"

#include <doctest/doctest.h>

#include <vector>

using namespace cfgsweep;

TEST_CASE("blocks are aligned, disjoint, and refused when the arena is full") {
  ArenaAllocator arena(1024);
  auto a = arena.allocate(100);
  auto b = arena.allocate(1);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a % ArenaAllocator::kAlignment == 0);
  CHECK(*b % ArenaAllocator::kAlignment == 0);
  CHECK(*b >= *a + 100);
  CHECK_FALSE(arena.allocate(1024));
  CHECK(arena.bytes_in_use() == 128 + 64);
}

TEST_CASE("freed neighbours coalesce so a large block fits again") {
  ArenaAllocator arena(64 * 10);
  std::vector<uint64_t> blocks;
  for (int i = 0; i < 10; ++i) blocks.push_back(*arena.allocate(64));
  CHECK_FALSE(arena.allocate(1));
  // Free in an order that needs merging on both sides.
  for (int i : {1, 3, 2, 0, 5, 4, 9, 7, 8, 6}) arena.free(blocks[static_cast<std::size_t>(i)]);
  CHECK(arena.bytes_in_use() == 0);
  auto whole = arena.allocate(64 * 10);
  REQUIRE(whole);
  CHECK(*whole == 0);
}

TEST_CASE("a zero-byte request still gets a distinct block") {
  ArenaAllocator arena(256);
  auto a = arena.allocate(0);
  auto b = arena.allocate(0);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a != *b);
}
