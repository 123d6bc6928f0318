#include "store/run_store.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include <doctest/doctest.h>

#include "store/result_facts.h"

namespace cfgsweep {
namespace {

// A store in a fresh temporary file, removed with its WAL files.
struct TempStore {
  std::string path;
  TempStore() {
    char name[] = "/tmp/cfgsweep-store-test.XXXXXX";
    int fd = ::mkstemp(name);
    ::close(fd);
    ::unlink(name);
    path = name;
  }
  ~TempStore() {
    for (const char* suffix : {"", "-wal", "-shm"}) ::unlink((path + suffix).c_str());
  }
};

std::string result(const std::string& source, const std::string& status, bool fails) {
  std::string findings =
      fails ? R"([{"rule":"ntp","severity":"high","status":"fail","message":"NTP",)"
              R"("lines":[3],"evidence":[{"line":3,"text":"ntp server 1.2.3.4"}]}])"
            : R"([{"rule":"ntp","severity":"high","status":"pass","message":"NTP",)"
              R"("lines":[],"evidence":[]}])";
  return R"({"source":")" + source + R"(","device":"edge1","status":")" + status +
         R"(","fingerprint":")" + (fails ? "aaaaaaaaaaaaaaaa" : "bbbbbbbbbbbbbbbb") +
         R"(","findings":)" + findings + R"(,"compliance":{"worst":)" +
         (fails ? R"("high")" : "null") + "}}";
}

void add(RunStore& store, int64_t run, const std::string& json) {
  auto facts = read_result_facts(json);
  REQUIRE(facts);
  REQUIRE(store.add_result(run, json, *facts, 0, {}, false, false, false, "s"));
  REQUIRE(store.commit());
}

TEST_CASE("a reissued result has tonight's source and member, and says it was reused") {
  ResultFacts now;
  now.source = R"(night "2"/edge1.cfg)";
  const std::string stored =
      R"({"source":"night1/edge1.cfg","member":"m","device":"edge1","status":"ok","x":[1]})";
  const std::string expected =
      R"({"source":"night \"2\"/edge1.cfg","device":"edge1","status":"ok","x":[1],"reused":true})";
  CHECK(reissued_result(stored, now, true) == expected);
  // A line of another shape goes through the document, to the same result.
  CHECK(reissued_result(R"({"device":"edge1","source":"night1/edge1.cfg","status":"ok"})", now,
                        true) ==
        R"({"device":"edge1","source":"night \"2\"/edge1.cfg","status":"ok","reused":true})");
}

TEST_CASE("findings are intervals of runs: first seen, last seen, cleared") {
  TempStore temp;
  auto store = RunStore::open(temp.path, true);
  REQUIRE(store);
  struct stat info {};
  REQUIRE(::stat(temp.path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  RunStore::RunInfo run_info{"check", "[]", "0", "s", "p"};
  auto r1 = store->begin_run(run_info), r2 = store->begin_run(run_info);
  REQUIRE(r1);
  REQUIRE(r2);
  add(*store, *r1, result("n1/edge1.cfg", "ok", true));
  add(*store, *r2, result("n2/edge1.cfg", "ok", true));
  auto r3 = store->begin_run(run_info);
  REQUIRE(r3);
  add(*store, *r3, result("n3/edge1.cfg", "error", false));  // not checked: nothing ends
  auto r4 = store->begin_run(run_info);
  add(*store, *r4, result("n4/edge1.cfg", "ok", true));  // still failing: the same interval
  auto r5 = store->begin_run(run_info);
  add(*store, *r5, result("n5/edge1.cfg", "ok", false));  // cleared
  auto r6 = store->begin_run(run_info);
  add(*store, *r6, result("n6/edge1.cfg", "ok", true));  // failing again: a new interval
  auto intervals = store->finding_intervals("edge1", "ntp");
  REQUIRE(intervals);
  REQUIRE(intervals->size() == 2);
  CHECK((*intervals)[0].first_seen == *r1);
  CHECK((*intervals)[0].last_seen == *r4);
  CHECK((*intervals)[0].cleared_in == *r5);
  CHECK((*intervals)[1].first_seen == *r6);
  CHECK(!(*intervals)[1].cleared_in);
  CHECK((*intervals)[1].evidence == R"([{"line":3,"text":"ntp server 1.2.3.4"}])");
}

TEST_CASE("a reader does not create a store, and says so") {
  TempStore temp;
  auto store = RunStore::open(temp.path, false);
  REQUIRE(!store);
  CHECK(store.error().status == ExitStatus::kNoInput);
  CHECK(::access(temp.path.c_str(), F_OK) != 0);
}

}  // namespace
}  // namespace cfgsweep
