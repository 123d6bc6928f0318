#include "engine/run_summary.h"

#include <doctest/doctest.h>

using namespace cfgsweep;

TEST_CASE("the progress line: done/found, rate, and the ETA once every input is found") {
  RunSummary summary(0);
  for (int i = 0; i < 100; ++i) summary.add(ResultStatus::kOk, 1000);
  summary.add(ResultStatus::kError, 10);
  const int64_t ten_seconds = 10'000'000'000;
  std::string walking = summary.progress_line(ten_seconds, 500, false);
  CHECK(walking.find("101/500+ found, 1 failed, 10 files/s") != std::string::npos);
  CHECK(walking.find("ETA") == std::string::npos);  // the total may still grow
  std::string known = summary.progress_line(ten_seconds, 500, true);
  CHECK(known.find("101/500, 1 failed, 10 files/s, ETA 0m40s") != std::string::npos);
  CHECK(summary.progress_line(ten_seconds, 101, true).find("ETA") == std::string::npos);
  CHECK(summary.progress_line(ten_seconds, 60000, true).find("ETA 1h38m") != std::string::npos);
}
